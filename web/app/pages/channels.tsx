import { useState } from "preact/hooks";
import { channels } from "../../shared/api";
import type { Channel, ChannelForm } from "../../shared/api-types";

type CredentialField = ChannelForm["fields"][number];
import {
  ActionForm,
  Card,
  CopyField,
  ErrorNote,
  Field,
  fieldErrors,
  formatDate,
  formValue,
  Loading,
  Notice,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";

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

/** The label of the value shown beside the webhook URL (Telegram's is the secret it echoes). */
const tokenLabel = (form: ChannelForm | undefined) => form?.tokenLabel ?? "Verify token";

/**
 * One credentials input, as the channel type's form describes it. A plain element (not a component),
 * so the `Field` around it can link its label, hint and error to it.
 */
function credentialInput(
  field: CredentialField,
  {
    name,
    value,
    required,
    onInput,
  }: { name: string; value: string; required: boolean; onInput(value: string): void },
) {
  const props = {
    name,
    autoComplete: "off",
    required,
    pattern: field.pattern,
    value,
    onInput: (e: Parameters<typeof formValue>[0]) => onInput(formValue(e)),
  };
  if (field.kind === "secret") return <input type="password" {...props} />;
  if (field.kind === "url") return <input type="url" {...props} />;
  return <input type="text" {...props} />;
}

/** The connect form, built from GET /api/channels/types: a new channel type needs no change here. */
function AddChannel({ forms, onAdded }: { forms: Map<string, ChannelForm>; onAdded(): void }) {
  const [type, setType] = useState(() => [...forms.keys()][0] ?? "");
  const [name, setName] = useState("");
  const [creds, setCreds] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{
    form: ChannelForm | undefined;
    webhookUrl: string;
    verifyToken: string;
    eventSecret?: string;
    verification?: Channel["verification"];
  } | null>(null);
  const form = forms.get(type);
  const act = useAction(async () => {
    // An optional field left empty is not sent (the server would refuse an empty string).
    const credentials = Object.fromEntries(
      Object.entries(creds).filter(([, v]) => v.trim() !== ""),
    );
    const r = await channels.create({ type, name: name || (form?.label ?? type), credentials });
    setResult({
      form,
      webhookUrl: r.webhookUrl,
      verifyToken: r.verifyToken,
      eventSecret: r.eventSecret,
      verification: r.channel.verification,
    });
    setCreds({});
    setName("");
    onAdded();
  });
  const errors = fieldErrors(act.error, "credentials");
  const account = result?.verification?.account;
  return (
    <Card title="Connect a channel">
      <ActionForm action={act} submit="Connect">
        <div class="row row-fields">
          <Field label="Channel type">
            <select
              name="channel-type"
              value={type}
              onChange={(e) => {
                setType(formValue(e));
                setCreds({});
                setResult(null);
                act.setError(null);
              }}
            >
              {[...forms].map(([t, f]) => (
                <option value={t}>{f.label}</option>
              ))}
            </select>
          </Field>
          <Field
            label="Name"
            hint="Shown to agents in the inbox."
            error={fieldErrors(act.error).name}
          >
            <input
              name="channel-name"
              maxLength={80}
              value={name}
              placeholder={form?.label}
              onInput={(e) => setName(formValue(e))}
            />
          </Field>
        </div>
        <div class="row row-fields">
          {form?.fields.map((f) => (
            <Field key={`${type}-${f.key}`} label={f.label} hint={f.hint} error={errors[f.key]}>
              {credentialInput(f, {
                name: f.key,
                required: !f.optional,
                value: creds[f.key] ?? "",
                onInput: (v) => setCreds({ ...creds, [f.key]: v }),
              })}
            </Field>
          ))}
        </div>
      </ActionForm>
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
          ) : (
            <Notice kind="success">
              Connected{account ? ` to ${account}` : ""}.{" "}
              {result.form?.connectedNote ?? "Paste these into the platform's webhook settings."}
            </Notice>
          )}
          <CopyField label="Webhook URL" value={result.webhookUrl} />
          <CopyField label={tokenLabel(result.form)} value={result.verifyToken} />
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

function TestForm({ channel, label }: { channel: Channel; label: string }) {
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
  return (
    <ActionForm
      action={act}
      submit="Send test"
      class="row test-form"
      buttonClass="btn btn-secondary field-aligned"
      errorBelow
      after={outcome && <Notice kind={outcome.ok ? "success" : "error"}>{outcome.text}</Notice>}
    >
      <Field label={label}>
        <input required value={to} onInput={(e) => setTo(formValue(e))} />
      </Field>
      <Field label="Text">
        <input required value={text} onInput={(e) => setText(formValue(e))} />
      </Field>
    </ActionForm>
  );
}

/** The fields a channel's form lets a merchant set after connecting (WhatsApp's Business Account ID). */
function EditForm({
  channel,
  form,
  edit,
  onSaved,
}: {
  channel: Channel;
  form: ChannelForm;
  edit: NonNullable<ChannelForm["edit"]>;
  onSaved(): void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const fields = form.fields.filter((f) => edit.fields.includes(f.key));
  const act = useAction(async () => {
    setDone(false);
    const credentials = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, v.trim()] as const),
    );
    await channels.update(channel.id, { credentials });
    setDone(true);
    setValues({});
    onSaved();
  });
  const errors = fieldErrors(act.error, "credentials");
  return (
    <ActionForm
      action={act}
      submit="Save"
      class="row test-form"
      buttonClass="btn btn-secondary field-aligned"
      errorBelow
      after={done && <Notice kind="success">{edit.savedNote ?? "Saved."}</Notice>}
    >
      {fields.map((f) => (
        <Field key={f.key} label={f.label} hint={f.hint} error={errors[f.key]}>
          {credentialInput(f, {
            name: `edit-${f.key}`,
            required: true,
            value: values[f.key] ?? "",
            onInput: (v) => setValues({ ...values, [f.key]: v }),
          })}
        </Field>
      ))}
    </ActionForm>
  );
}

function ChannelRow({
  channel,
  form,
  onChanged,
}: {
  channel: Channel;
  /** Absent for channels connected outside the page's form (the widget). */
  form: ChannelForm | undefined;
  onChanged(): void;
}) {
  const [testing, setTesting] = useState(false);
  const [editing, setEditing] = useState(false);
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
        {form && (
          <>
            {form.edit && (
              <button
                type="button"
                class="btn btn-small btn-secondary"
                aria-expanded={editing}
                onClick={() => setEditing(!editing)}
              >
                {form.edit.label}
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
            {form.testTo && (
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
      {form && <CopyField label={`Webhook URL for ${channel.name}`} value={webhook} />}
      {form && channel.verifyToken && (
        <CopyField label={`${tokenLabel(form)} for ${channel.name}`} value={channel.verifyToken} />
      )}
      {/* The list carries the verify token for admins only: the ones who may rotate the secret. */}
      {form && channel.verifyToken && <RotateEventSecret channel={channel} />}
      {testing && form?.testTo && <TestForm channel={channel} label={form.testTo} />}
      {editing && form?.edit && (
        <EditForm channel={channel} form={form} edit={form.edit} onSaved={onChanged} />
      )}
    </li>
  );
}

export function ChannelsPage() {
  const list = useAsync(() => channels.list(), []);
  const types = useAsync(() => channels.types(), []);
  const forms = new Map(
    (types.data?.types ?? []).flatMap((t) => (t.form ? [[t.type, t.form] as const] : [])),
  );
  return (
    <Page title="Channels">
      <ErrorNote error={types.error} />
      {types.data ? (
        <AddChannel forms={forms} onAdded={list.reload} />
      ) : (
        !types.error && <Loading />
      )}
      <Card title="Connected channels">
        <ErrorNote error={list.error} />
        {(list.loading && !list.data) || !types.data ? (
          <Loading />
        ) : (
          <ul class="plain-list channels">
            {(list.data?.channels ?? []).map((c) => (
              <ChannelRow key={c.id} channel={c} form={forms.get(c.type)} onChanged={list.reload} />
            ))}
          </ul>
        )}
      </Card>
    </Page>
  );
}
