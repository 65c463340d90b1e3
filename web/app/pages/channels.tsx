import { useState } from "preact/hooks";
import { channels } from "../../shared/api";
import type { Channel } from "../../shared/api-types";
import {
  Card,
  CopyField,
  ErrorNote,
  Field,
  formatDate,
  formValue,
  Loading,
  Notice,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";
import { CHANNEL_FORMS } from "./channel-forms";

type FormType = keyof typeof CHANNEL_FORMS;

/** What the channel's pill says: green only when the platform accepted the credentials (and Telegram the webhook). */
function health(channel: Channel): { label: string; kind: "ok" | "warn" | "danger" } {
  if (channel.status !== "active") return { label: channel.status, kind: "danger" };
  switch (channel.verification?.state) {
    case "unverified":
      return { label: "not verified yet", kind: "warn" };
    case "refused":
      return { label: "credentials refused", kind: "danger" };
    case "webhook_failed":
      return { label: "webhook not registered", kind: "warn" };
    default:
      return { label: "active", kind: "ok" };
  }
}

/** Telegram has no verify token: the value shown is the secret Telegram must echo (setWebhook's secret_token). */
const tokenLabel = (type: Channel["type"]) =>
  type === "telegram" ? "Secret token (setWebhook secret_token)" : "Verify token";

function AddChannel({ onAdded }: { onAdded(): void }) {
  const [type, setType] = useState<FormType>("whatsapp");
  const [name, setName] = useState("");
  const [creds, setCreds] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{
    type: FormType;
    webhookUrl: string;
    verifyToken: string;
    eventSecret?: string;
    verification?: Channel["verification"];
  } | null>(null);
  const form = CHANNEL_FORMS[type];
  const act = useAction(async () => {
    // An optional field left empty is not sent (the server would refuse an empty string).
    const credentials = Object.fromEntries(
      Object.entries(creds).filter(([, v]) => v.trim() !== ""),
    );
    const r = await channels.create({ type, name: name || form.label, credentials });
    setResult({
      type,
      webhookUrl: r.webhookUrl,
      verifyToken: r.verifyToken,
      eventSecret: r.eventSecret,
      verification: r.channel.verification,
    });
    setCreds({});
    setName("");
    onAdded();
  });
  return (
    <Card title="Connect a channel">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act.run();
        }}
      >
        <ErrorNote error={act.error} />
        <div class="row">
          <Field label="Channel type">
            <select
              name="channel-type"
              value={type}
              onChange={(e) => {
                setType(formValue(e) as FormType);
                setCreds({});
                setResult(null);
              }}
            >
              {Object.entries(CHANNEL_FORMS).map(([t, f]) => (
                <option value={t}>{f.label}</option>
              ))}
            </select>
          </Field>
          <Field label="Name" hint="Shown to agents in the inbox.">
            <input
              name="channel-name"
              maxLength={80}
              value={name}
              placeholder={form.label}
              onInput={(e) => setName(formValue(e))}
            />
          </Field>
        </div>
        <div class="row">
          {form.fields.map((f) => (
            <Field key={`${type}-${f.key}`} label={f.label} hint={f.hint}>
              {f.secret ? (
                <input
                  name={f.key}
                  type="password"
                  autoComplete="off"
                  required={!f.optional}
                  value={creds[f.key] ?? ""}
                  onInput={(e) => setCreds({ ...creds, [f.key]: formValue(e) })}
                />
              ) : (
                <input
                  name={f.key}
                  type="text"
                  autoComplete="off"
                  required={!f.optional}
                  value={creds[f.key] ?? ""}
                  onInput={(e) => setCreds({ ...creds, [f.key]: formValue(e) })}
                />
              )}
            </Field>
          ))}
        </div>
        <button class="btn" type="submit" disabled={act.busy}>
          Connect
        </button>
      </form>
      {result && (
        <div class="stack result">
          {result.verification?.state === "unverified" ? (
            <Notice kind="warn">
              Saved, but not verified yet:{" "}
              {result.verification.message ?? "the platform could not be reached"}. Use "Check
              again" in the list once it is reachable.
            </Notice>
          ) : result.verification?.state === "webhook_failed" ? (
            <Notice kind="warn">
              The credentials work, but the platform refused the webhook registration:{" "}
              {result.verification.message ?? "no reason given"}. Set the webhook below by hand
              (with the secret token shown), or fix the address and check again.
            </Notice>
          ) : result.type === "telegram" ? (
            <Notice kind="success">
              Connected{result.verification?.account ? ` to ${result.verification.account}` : ""}.
              The webhook is registered with the platform: messages will arrive on their own.
            </Notice>
          ) : result.type === "email" ? (
            <Notice kind="success">
              Connected. Route mail for the support address to this Worker (Cloudflare Email
              Routing).
            </Notice>
          ) : (
            <Notice kind="success">
              Connected{result.verification?.account ? ` to ${result.verification.account}` : ""}.
              Paste these into the platform's webhook settings.
            </Notice>
          )}
          <CopyField label="Webhook URL" value={result.webhookUrl} />
          <CopyField label={tokenLabel(result.type)} value={result.verifyToken} />
          {result.eventSecret && <EventSecret value={result.eventSecret} />}
        </div>
      )}
    </Card>
  );
}

/** The key of Edgedesk-format events: shown once, on connect or on rotation. */
function EventSecret({ value }: { value: string }) {
  return (
    <>
      <CopyField label="Events secret (shown once)" value={value} />
      <p class="muted">
        Only for importers and your own integrations posting Edgedesk-format events (header{" "}
        <code>x-edgedesk-signature: sha256=HMAC-SHA256(secret, body)</code>). The platform itself
        never needs it.
      </p>
    </>
  );
}

function RotateEventSecret({ channel }: { channel: Channel }) {
  const [secret, setSecret] = useState<string | null>(null);
  const act = useAction(async () => {
    if (
      !confirm(
        `Make a new events secret for ${channel.name}? Integrations signing with the old one stop working at once.`,
      )
    )
      return;
    setSecret((await channels.rotateEventSecret(channel.id)).eventSecret);
  });
  return (
    <div class="stack">
      <ErrorNote error={act.error} />
      {secret ? (
        <EventSecret value={secret} />
      ) : (
        <button
          type="button"
          class="btn btn-small btn-secondary"
          disabled={act.busy}
          onClick={() => void act.run()}
        >
          New events secret
        </button>
      )}
    </div>
  );
}

function TestForm({ channel }: { channel: Channel }) {
  const [to, setTo] = useState("");
  const [text, setText] = useState("Hello from Edgedesk: this is a test message.");
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const act = useAction(async () => {
    setOutcome(null);
    const r = await channels.test(channel.id, { to, text });
    // The platform's own answer: a refusal is a 200 with ok false, its code and message. No answer at all is not a refusal.
    setOutcome(
      r.ok
        ? { ok: true, text: "Test message sent." }
        : r.code === "NETWORK_ERROR"
          ? {
              ok: false,
              text: `Could not reach the platform: ${r.message ?? "no answer"}. Nothing was sent; try again later.`,
            }
          : {
              ok: false,
              text: `The platform refused the message${r.code ? ` (${r.code})` : ""}: ${r.message ?? "no reason given"}`,
            },
    );
  });
  const label =
    (channel.type === "widget" ? null : CHANNEL_FORMS[channel.type].testTo) ?? "Recipient";
  return (
    <form
      class="row test-form"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run();
      }}
    >
      <Field label={label}>
        <input required value={to} onInput={(e) => setTo(formValue(e))} />
      </Field>
      <Field label="Text">
        <input required value={text} onInput={(e) => setText(formValue(e))} />
      </Field>
      <button class="btn btn-secondary field-aligned" type="submit" disabled={act.busy}>
        Send test
      </button>
      <div class="full">
        <ErrorNote error={act.error} />
        {outcome && <Notice kind={outcome.ok ? "success" : "error"}>{outcome.text}</Notice>}
      </div>
    </form>
  );
}

/** WhatsApp channels connected without their Business Account ID can add it later (for template sync). */
function WabaForm({ channel, onSaved }: { channel: Channel; onSaved(): void }) {
  const [wabaId, setWabaId] = useState("");
  const [done, setDone] = useState(false);
  const act = useAction(async () => {
    setDone(false);
    await channels.update(channel.id, { credentials: { wabaId: wabaId.trim() } });
    setDone(true);
    setWabaId("");
    onSaved();
  });
  return (
    <form
      class="row test-form"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run();
      }}
    >
      <Field
        label="Business Account ID"
        hint="Lets broadcasts use your approved WhatsApp templates."
      >
        <input
          name="waba-id"
          required
          pattern="[0-9]{5,30}"
          value={wabaId}
          onInput={(e) => setWabaId(formValue(e))}
        />
      </Field>
      <button class="btn btn-secondary field-aligned" type="submit" disabled={act.busy}>
        Save
      </button>
      <div class="full">
        <ErrorNote error={act.error} />
        {done && <Notice kind="success">Saved. Sync the templates from the broadcast form.</Notice>}
      </div>
    </form>
  );
}

function ChannelRow({ channel, onChanged }: { channel: Channel; onChanged(): void }) {
  const [testing, setTesting] = useState(false);
  const [account, setAccount] = useState(false);
  const toggle = useAction(async () => {
    await channels.update(channel.id, {
      status: channel.status === "active" ? "disabled" : "active",
    });
    onChanged();
  });
  const remove = useAction(async () => {
    if (!confirm(`Disconnect ${channel.name}? Its conversations stay.`)) return;
    await channels.remove(channel.id);
    onChanged();
  });
  const recheck = useAction(async () => {
    await channels.check(channel.id);
    onChanged();
  });
  const webhook = channel.webhookUrl ?? `${location.origin}/webhooks/${channel.type}/${channel.id}`;
  const pill = health(channel);
  return (
    <li class="channel" data-channel={channel.type}>
      <div class="channel-head">
        <strong>{channel.name}</strong>
        <span class="pill">{channel.type}</span>
        <span class={`pill pill-${pill.kind}`} title={channel.verification?.message}>
          {pill.label}
        </span>
        <span class="muted">Last event: {formatDate(channel.lastEventAt)}</span>
        <span class="spacer" />
        {channel.type !== "widget" && (
          <>
            {channel.type === "whatsapp" && (
              <button
                type="button"
                class="btn btn-small btn-secondary"
                aria-expanded={account}
                onClick={() => setAccount(!account)}
              >
                Business Account
              </button>
            )}
            {channel.verification && channel.verification.state !== "verified" && (
              <button
                type="button"
                class="btn btn-small btn-secondary"
                disabled={recheck.busy}
                onClick={() => void recheck.run()}
              >
                Check again
              </button>
            )}
            {CHANNEL_FORMS[channel.type].testTo && (
              <button
                type="button"
                class="btn btn-small btn-secondary"
                aria-expanded={testing}
                onClick={() => setTesting(!testing)}
              >
                Test
              </button>
            )}
            <button
              type="button"
              class="btn btn-small btn-secondary"
              disabled={toggle.busy}
              onClick={() => void toggle.run()}
            >
              {channel.status === "active" ? "Disable" : "Enable"}
            </button>
            <button
              type="button"
              class="btn btn-small btn-danger"
              disabled={remove.busy}
              onClick={() => void remove.run()}
            >
              Disconnect
            </button>
          </>
        )}
      </div>
      <ErrorNote error={toggle.error ?? remove.error ?? recheck.error} />
      {channel.verification &&
        channel.verification.state !== "verified" &&
        channel.verification.message && <p class="muted">{channel.verification.message}</p>}
      {channel.type !== "widget" && (
        <CopyField label={`Webhook URL for ${channel.name}`} value={webhook} />
      )}
      {channel.verifyToken && (
        <CopyField
          label={`${tokenLabel(channel.type)} for ${channel.name}`}
          value={channel.verifyToken}
        />
      )}
      {/* The list carries the verify token for admins only: the ones who may rotate the secret. */}
      {channel.type !== "widget" && channel.verifyToken && <RotateEventSecret channel={channel} />}
      {testing && <TestForm channel={channel} />}
      {account && <WabaForm channel={channel} onSaved={onChanged} />}
    </li>
  );
}

export function ChannelsPage() {
  const list = useAsync(() => channels.list(), []);
  return (
    <Page title="Channels">
      <AddChannel onAdded={list.reload} />
      <Card title="Connected channels">
        <ErrorNote error={list.error} />
        {list.loading && !list.data ? (
          <Loading />
        ) : (
          <ul class="plain-list channels">
            {(list.data?.channels ?? []).map((c) => (
              <ChannelRow key={c.id} channel={c} onChanged={list.reload} />
            ))}
          </ul>
        )}
      </Card>
    </Page>
  );
}
