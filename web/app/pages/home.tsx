import { channels, conversations, kb, team } from "../../shared/api";
import { hasRole } from "../../shared/session";
import { Card, Page, useAsync } from "../../shared/ui";
import type { PageProps } from "../app";

interface Step {
  id: string;
  title: string;
  detail: string;
  href: string;
  /** true/false from the API; null when it could not be checked. */
  done: boolean | null;
}

const settle = async (p: Promise<boolean>): Promise<boolean | null> => p.catch(() => null);

/** The onboarding checklist: each step is checked against real data, not a saved flag. */
export function HomePage({ me }: PageProps) {
  const state = useAsync(async () => {
    const [channel, knowledge, widget, invited] = await Promise.all([
      settle(channels.list().then((r) => r.channels.some((c) => c.type !== "widget"))),
      settle(kb.list().then((r) => r.entries.length > 0)),
      settle(
        conversations
          .list({ view: "all", channel: "widget", limit: 1 })
          .then((r) => r.conversations.length > 0),
      ),
      settle(
        Promise.all([
          team.users(),
          hasRole(me.role, "admin") ? team.invites() : Promise.resolve({ invites: [] }),
        ]).then(([u, i]) => u.users.length > 1 || i.invites.length > 0),
      ),
    ]);
    const steps: Step[] = [
      {
        id: "channel",
        title: "Connect a channel",
        detail: "WhatsApp, Messenger, Instagram, Telegram, LINE or email.",
        href: "#/channels",
        done: channel,
      },
      {
        id: "knowledge",
        title: "Add knowledge",
        detail: "Your FAQs, so the AI can answer on its own.",
        href: "#/knowledge",
        done: knowledge,
      },
      {
        id: "widget",
        title: "Install the widget",
        detail: "Paste one script tag into your shop.",
        href: "#/widget",
        done: widget,
      },
      {
        id: "team",
        title: "Invite the team",
        detail: "Agents take over when the AI hands over.",
        href: "#/team",
        done: invited,
      },
    ];
    return steps;
  }, [me.tenant.id]);
  const steps = state.data ?? [];
  const done = steps.filter((s) => s.done).length;
  return (
    <Page title={`Welcome, ${me.tenant.name}`}>
      <Card title="Get started">
        <p class="muted" id="progress">
          {state.loading ? "Checking your setup…" : `${done} of ${steps.length} steps done`}
        </p>
        <progress
          max={steps.length || 4}
          value={done}
          aria-labelledby="progress"
          class="progress"
        />
        <ol class="checklist">
          {steps.map((s) => (
            <li key={s.id} class={s.done ? "done" : ""} data-step={s.id}>
              <span class={`pill ${s.done ? "pill-ok" : s.done === null ? "pill-warn" : ""}`}>
                {s.done ? "Done" : s.done === null ? "Unknown" : "To do"}
              </span>
              <div>
                <a href={s.href}>{s.title}</a>
                <p class="muted">{s.detail}</p>
              </div>
            </li>
          ))}
        </ol>
      </Card>
      <Card title="Your workspace">
        <dl class="facts">
          <dt>Widget public key</dt>
          <dd class="mono">{me.tenant.publicKey}</dd>
          <dt>Your role</dt>
          <dd>{me.role}</dd>
        </dl>
      </Card>
    </Page>
  );
}
