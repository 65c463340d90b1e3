import { useState } from "preact/hooks";
import { webhooks } from "../../shared/ops-api";
import {
  ActionForm,
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

function Deliveries({ endpointId }: { endpointId: string }) {
  const res = useAsync(() => webhooks.deliveries(endpointId), [endpointId]);
  return (
    <div class="deliveries">
      <button type="button" class="btn btn-small btn-secondary" onClick={() => res.reload()}>
        Refresh delivery log
      </button>
      <ErrorNote error={res.error} />
      {res.loading && !res.data && <Loading />}
      {res.data && res.data.deliveries.length === 0 && <p class="muted">No deliveries yet.</p>}
      {res.data && res.data.deliveries.length > 0 && (
        <table>
          <caption class="muted">Delivery log</caption>
          <thead>
            <tr>
              <th>Created</th>
              <th>Event</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
            </tr>
          </thead>
          <tbody>
            {res.data.deliveries.map((d) => (
              <tr key={d.id} data-delivery-status={d.status}>
                <td>{formatDate(d.createdAt)}</td>
                <td>{d.eventType}</td>
                <td>{d.status}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ?? d.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Outgoing webhooks: HTTPS endpoints that receive signed events, with their delivery log. */
export function WebhooksPage() {
  const list = useAsync(() => webhooks.list(), []);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["*"]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const create = useAction(async () => {
    const r = await webhooks.create({ url, events });
    setSecret(r.secret);
    setUrl("");
    list.reload();
  });
  const act = useAction(
    async (id: string, what: "toggle" | "test" | "delete", enabled?: boolean) => {
      if (what === "toggle") await webhooks.update(id, { enabled: !enabled });
      else if (what === "test") await webhooks.test(id);
      else await webhooks.remove(id);
      setOpen(what === "delete" ? null : id);
      list.reload();
    },
  );
  const types = list.data?.eventTypes ?? [];
  return (
    <Page title="Webhooks">
      <Card title="Add an endpoint">
        <ActionForm action={create} submit="Add endpoint" disabled={events.length === 0}>
          <Field
            label="Endpoint URL"
            hint="HTTPS. Deliveries are signed (Standard Webhooks) and retried with backoff."
          >
            <input
              type="url"
              name="webhook-url"
              required
              maxLength={2000}
              value={url}
              onInput={(e) => setUrl(formValue(e))}
              placeholder="https://example.com/edgedesk"
            />
          </Field>
          <fieldset>
            <legend>Events</legend>
            {["*", ...types].map((t) => (
              <label key={t} class="check-inline">
                <input
                  type="checkbox"
                  checked={events.includes(t)}
                  onChange={(e) =>
                    setEvents(
                      e.currentTarget.checked ? [...events, t] : events.filter((x) => x !== t),
                    )
                  }
                />{" "}
                {t === "*" ? "All events" : t}{" "}
              </label>
            ))}
          </fieldset>
        </ActionForm>
        {secret && (
          <>
            <Notice kind="warn">Copy the signing secret now: it will not be shown again.</Notice>
            <CopyField label="Signing secret" value={secret} />
          </>
        )}
      </Card>
      <Card title="Endpoints">
        <ErrorNote error={list.error ?? act.error} />
        {list.loading && !list.data && <Loading />}
        {list.data?.endpoints.length === 0 && <p class="muted">No endpoints yet.</p>}
        <ul class="plain-list endpoints">
          {(list.data?.endpoints ?? []).map((ep) => (
            <li key={ep.id} data-endpoint={ep.url}>
              <span class="mono">{ep.url}</span>{" "}
              <span class={`pill ${ep.enabled ? "pill-ok" : ""}`}>{ep.enabled ? "On" : "Off"}</span>{" "}
              <span class="muted small">{ep.events.join(", ")}</span>
              <div class="row tight">
                <button
                  type="button"
                  class="btn btn-small btn-secondary"
                  disabled={act.busy}
                  onClick={() => void act.run(ep.id, "test")}
                >
                  Send test event
                </button>
                <button
                  type="button"
                  class="btn btn-small btn-secondary"
                  disabled={act.busy}
                  onClick={() => void act.run(ep.id, "toggle", ep.enabled)}
                >
                  {ep.enabled ? "Disable" : "Enable"}
                </button>
                <button
                  type="button"
                  class="btn btn-small btn-secondary"
                  aria-expanded={open === ep.id}
                  onClick={() => setOpen(open === ep.id ? null : ep.id)}
                >
                  Delivery log
                </button>
                <button
                  type="button"
                  class="btn btn-small btn-danger"
                  disabled={act.busy}
                  onClick={() => confirm(`Delete ${ep.url}?`) && void act.run(ep.id, "delete")}
                >
                  Delete
                </button>
              </div>
              {open === ep.id && <Deliveries endpointId={ep.id} />}
            </li>
          ))}
        </ul>
      </Card>
    </Page>
  );
}
