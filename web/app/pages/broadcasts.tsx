import { useEffect, useState } from "preact/hooks";
import { channels, type WhatsAppTemplate } from "../../shared/api";
import { broadcasts, type Broadcast } from "../../shared/ops-api";
import {
  ActionForm,
  Card,
  ErrorNote,
  Field,
  formatDate,
  formValue,
  Loading,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";

const LIVE: Broadcast["status"][] = ["scheduled", "sending"];

/** One broadcast: progress counts and each recipient's status, refreshed while it is sending. */
function Detail({ id, onChange }: { id: string; onChange(): void }) {
  const res = useAsync(() => broadcasts.get(id), [id]);
  const rec = useAsync(() => broadcasts.recipients(id), [id]);
  const status = res.data?.broadcast.status;
  useEffect(() => {
    if (!status || !LIVE.includes(status)) return;
    const t = setInterval(() => {
      res.reload();
      rec.reload();
    }, 1500);
    return () => clearInterval(t);
  }, [status]);
  const [at, setAt] = useState("");
  const schedule = useAction(async (when?: number) => {
    await broadcasts.schedule(id, when);
    res.reload();
    onChange();
  });
  const cancel = useAction(async () => {
    await broadcasts.cancel(id);
    res.reload();
    onChange();
  });
  const b = res.data?.broadcast;
  const p = res.data?.progress;
  if (!b || !p) return res.error ? <ErrorNote error={res.error} /> : <Loading />;
  return (
    <section class="broadcast-detail" aria-labelledby="bc-title">
      <h3 id="bc-title">
        {b.name}{" "}
        <span class="pill pill-info" data-testid="broadcast-status">
          {b.status}
        </span>
      </h3>
      <ErrorNote error={schedule.error ?? cancel.error} />
      {b.status === "draft" && (
        <div class="row">
          <button
            type="button"
            class="btn"
            disabled={schedule.busy}
            onClick={() => void schedule.run()}
          >
            Send now
          </button>
          <Field label="Or at">
            <input
              type="datetime-local"
              name="broadcast-at"
              value={at}
              onInput={(e) => setAt(formValue(e))}
            />
          </Field>
          <button
            type="button"
            class="btn btn-secondary field-aligned"
            disabled={!at || schedule.busy}
            onClick={() => void schedule.run(new Date(at).getTime())}
          >
            Schedule
          </button>
        </div>
      )}
      {LIVE.includes(b.status) && (
        <button
          type="button"
          class="btn btn-danger"
          disabled={cancel.busy}
          onClick={() => void cancel.run()}
        >
          Cancel broadcast
        </button>
      )}
      {b.scheduledAt && <p class="muted">Scheduled for {formatDate(b.scheduledAt)}</p>}
      <div class="stats" data-testid="broadcast-progress">
        {(["total", "sent", "failed", "skipped", "pending", "delivered", "read"] as const).map(
          (k) => (
            <div class="stat" key={k}>
              <span class="stat-label">{k}</span>
              <span class="stat-value">{p[k]}</span>
            </div>
          ),
        )}
      </div>
      <progress
        max={Math.max(1, p.total)}
        value={p.sent + p.failed + p.skipped}
        aria-label="Broadcast progress"
      />
      <table class="recipients">
        <caption class="muted">Recipients</caption>
        <thead>
          <tr>
            <th>Address</th>
            <th>Variant</th>
            <th>Status</th>
            <th>Reason</th>
            <th>Sent</th>
          </tr>
        </thead>
        <tbody>
          {(rec.data?.recipients ?? []).map((r) => (
            <tr key={r.id} data-recipient-status={r.status} data-contact={r.contactId}>
              <td class="mono">{r.address}</td>
              <td>{r.variantId}</td>
              <td>{r.deliveryStatus ?? r.status}</td>
              <td>{r.reason ?? ""}</td>
              <td>{r.sentAt ? formatDate(r.sentAt) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * WhatsApp broadcasts are approved templates only: pick one of the Business Account's templates (synced
 * from Meta on demand) and fill its body parameters.
 */
function TemplatePicker({
  channelId,
  value,
  onChange,
}: {
  channelId: string;
  value: { key: string; params: string[] };
  onChange(v: { key: string; params: string[] }, t: WhatsAppTemplate | null): void;
}) {
  const list = useAsync(() => channels.templates(channelId), [channelId]);
  const sync = useAction(async () => {
    await channels.syncTemplates(channelId);
    list.reload();
  });
  const approved = (list.data?.templates ?? []).filter((t) => t.status === "APPROVED");
  const keyOf = (t: WhatsAppTemplate) => `${t.name}|${t.language}`;
  const chosen = approved.find((t) => keyOf(t) === value.key) ?? null;
  return (
    <fieldset class="fieldset">
      <legend>WhatsApp template</legend>
      <p class="muted">
        WhatsApp delivers broadcasts only as templates Meta approved.{" "}
        {list.data?.syncedAt
          ? `Last read from your Business Account ${formatDate(list.data.syncedAt)}.`
          : "Read them from your Business Account first."}
      </p>
      <ErrorNote error={list.error ?? sync.error} />
      <div class="row">
        <Field label="Template">
          <select
            name="broadcast-template"
            required
            value={value.key}
            onChange={(e) => {
              const t = approved.find((x) => keyOf(x) === formValue(e)) ?? null;
              onChange(
                { key: formValue(e), params: Array.from({ length: t?.params ?? 0 }, () => "") },
                t,
              );
            }}
          >
            <option value="">
              {approved.length ? "Choose an approved template" : "No approved templates"}
            </option>
            {approved.map((t) => (
              <option value={keyOf(t)} key={keyOf(t)}>
                {t.name} ({t.language})
              </option>
            ))}
          </select>
        </Field>
        <button
          type="button"
          class="btn btn-secondary field-aligned"
          disabled={sync.busy}
          onClick={() => void sync.run()}
        >
          Sync templates
        </button>
      </div>
      {chosen?.body && <p class="template-body">{chosen.body}</p>}
      {value.params.map((p, i) => (
        <Field
          key={i}
          label={`Parameter {{${i + 1}}}`}
          hint={i === 0 ? "{{contact.name | there}} puts in the contact's name." : undefined}
        >
          <input
            name={`broadcast-param-${i + 1}`}
            required
            maxLength={500}
            value={p}
            onInput={(e) =>
              onChange(
                { ...value, params: value.params.map((x, j) => (j === i ? formValue(e) : x)) },
                chosen,
              )
            }
          />
        </Field>
      ))}
    </fieldset>
  );
}

/** Broadcasts: a message to contacts with a tag on one channel; opt-outs and channel rules are applied by the server. */
export function BroadcastsPage() {
  const list = useAsync(() => broadcasts.list(), []);
  const chans = useAsync(() => channels.list(), []);
  const usable = (chans.data?.channels ?? []).filter(
    (c) => c.type !== "widget" && c.status === "active",
  );
  const [form, setForm] = useState({ name: "", channelId: "", tag: "", text: "" });
  const [template, setTemplate] = useState<{ key: string; params: string[] }>({
    key: "",
    params: [],
  });
  const [open, setOpen] = useState<string | null>(null);
  const channelId = form.channelId || usable[0]?.id || "";
  const isWhatsApp = usable.find((c) => c.id === channelId)?.type === "whatsapp";
  const create = useAction(async () => {
    const [name, language] = template.key.split("|");
    const variant = isWhatsApp
      ? { id: "a", template: { name, language, params: template.params } }
      : { id: "a", text: form.text };
    const r = await broadcasts.create({
      name: form.name,
      channelId,
      audience: { tags: form.tag ? [form.tag] : [] },
      variants: [variant],
    });
    setForm({ name: "", channelId: form.channelId, tag: "", text: "" });
    setTemplate({ key: "", params: [] });
    setOpen(r.broadcast.id);
    list.reload();
  });
  const up = (k: keyof typeof form) => (e: Parameters<typeof formValue>[0]) =>
    setForm({ ...form, [k]: formValue(e) });
  return (
    <Page title="Broadcasts">
      <Card title="New broadcast">
        {chans.data && usable.length === 0 && (
          <p class="muted">Connect a channel that can broadcast (not the web widget) first.</p>
        )}
        <ActionForm
          action={create}
          submit="Create draft"
          id="new-broadcast-form"
          disabled={usable.length === 0}
        >
          <div class="row">
            <Field label="Name">
              <input
                name="broadcast-name"
                required
                maxLength={120}
                value={form.name}
                onInput={up("name")}
              />
            </Field>
            <Field label="Channel">
              <select
                name="broadcast-channel"
                value={form.channelId || usable[0]?.id}
                onChange={(e) => {
                  up("channelId")(e);
                  setTemplate({ key: "", params: [] });
                }}
              >
                {usable.map((c) => (
                  <option value={c.id} key={c.id}>
                    {c.name} ({c.type})
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label="Contacts tagged"
              hint="Leave empty for everyone reachable on the channel."
            >
              <input name="broadcast-tag" maxLength={64} value={form.tag} onInput={up("tag")} />
            </Field>
          </div>
          {isWhatsApp ? (
            <TemplatePicker
              key={channelId}
              channelId={channelId}
              value={template}
              onChange={(v) => setTemplate(v)}
            />
          ) : (
            <Field label="Message" hint="{{contact.name | there}} puts in the contact's name.">
              <textarea
                name="broadcast-text"
                required
                maxLength={4000}
                rows={3}
                value={form.text}
                onInput={up("text")}
              />
            </Field>
          )}
        </ActionForm>
      </Card>
      <Card title="Broadcasts">
        <ErrorNote error={list.error} />
        {list.loading && !list.data && <Loading />}
        <ul class="plain-list broadcast-list">
          {(list.data?.broadcasts ?? []).map((b) => (
            <li key={b.id}>
              <button
                type="button"
                class="link-button"
                aria-expanded={open === b.id}
                onClick={() => setOpen(open === b.id ? null : b.id)}
              >
                {b.name}
              </button>{" "}
              <span class="muted small">
                {b.channelType} · {b.status} · {formatDate(b.createdAt)}
              </span>
            </li>
          ))}
        </ul>
        {open && <Detail key={open} id={open} onChange={() => list.reload()} />}
      </Card>
    </Page>
  );
}
