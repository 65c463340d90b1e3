import { useEffect, useState } from "preact/hooks";
import { data, type ContactRow, type Retention } from "../../shared/ops-api";
import {
  ActionForm,
  Card,
  ErrorNote,
  Field,
  formValue,
  Loading,
  Notice,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";

const CSV_RESOURCES = [
  ["contact", "Contacts"],
  ["conversation", "Conversations"],
  ["message", "Messages"],
  ["kb_entry", "Knowledge entries"],
] as const;

function ExportCard() {
  const [resource, setResource] = useState<string>("contact");
  return (
    <Card title="Export">
      <p class="muted">
        Everything your account holds, streamed as one file. Exports are recorded in the audit log.
      </p>
      <div class="row">
        <a class="btn" href={data.exportUrl("jsonl")} download>
          Download everything (JSONL)
        </a>
        <Field label="CSV of">
          <select
            name="export-resource"
            value={resource}
            onChange={(e) => setResource(formValue(e))}
          >
            {CSV_RESOURCES.map(([v, label]) => (
              <option value={v} key={v}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <a class="btn btn-secondary field-aligned" href={data.exportUrl("csv", resource)} download>
          Download CSV
        </a>
      </div>
    </Card>
  );
}

const days = (v: string) => (v.trim() === "" ? null : Number(v));

function RetentionCard() {
  const res = useAsync(() => data.retention(), []);
  const [r, setR] = useState<Retention | null>(null);
  useEffect(() => setR(res.data?.retention ?? null), [res.data]);
  const [saved, setSaved] = useState(false);
  // The error shows above the card's content (with the load error), so the form places no error slot.
  const save = useAction(async () => {
    setSaved(false);
    if (!r) return;
    setR((await data.saveRetention(r)).retention);
    setSaved(true);
  });
  return (
    <Card title="Retention">
      <ErrorNote error={res.error ?? save.error} />
      {!r ? (
        <Loading />
      ) : (
        <ActionForm action={save} submit="Save retention">
          {({ button }) => (
            <>
              <div class="row">
                <Field label="Keep resolved conversations (days)" hint="Empty keeps them forever.">
                  <input
                    type="number"
                    name="retention-conversations"
                    min={1}
                    max={3650}
                    value={r.conversationsDays ?? ""}
                    onInput={(e) => setR({ ...r, conversationsDays: days(formValue(e)) })}
                  />
                </Field>
                <Field label="Keep unanswered questions (days)" hint="Empty keeps them forever.">
                  <input
                    type="number"
                    name="retention-unanswered"
                    min={1}
                    max={3650}
                    value={r.unansweredQuestionsDays ?? ""}
                    onInput={(e) => setR({ ...r, unansweredQuestionsDays: days(formValue(e)) })}
                  />
                </Field>
                <Field label="Keep webhook deliveries (days)">
                  <input
                    type="number"
                    name="retention-deliveries"
                    required
                    min={1}
                    max={365}
                    value={r.webhookDeliveriesDays}
                    onInput={(e) => setR({ ...r, webhookDeliveriesDays: Number(formValue(e)) })}
                  />
                </Field>
                <Field label="Keep workflow runs (days)">
                  <input
                    type="number"
                    name="retention-runs"
                    required
                    min={1}
                    max={3650}
                    value={r.workflowRunsDays}
                    onInput={(e) => setR({ ...r, workflowRunsDays: Number(formValue(e)) })}
                  />
                </Field>
              </div>
              {button}
              {saved && (
                <Notice kind="success">Retention saved. It is applied every few minutes.</Notice>
              )}
            </>
          )}
        </ActionForm>
      )}
    </Card>
  );
}

/** Erasure: find the person, then confirm by typing ERASE; the server returns a receipt. */
function EraseCard() {
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const found = useAsync(
    () =>
      query
        ? data.contacts({ q: query })
        : Promise.resolve({ contacts: [] as ContactRow[], nextCursor: null }),
    [query],
  );
  const [target, setTarget] = useState<ContactRow | null>(null);
  const [typed, setTyped] = useState("");
  const [receipt, setReceipt] = useState<Record<string, unknown> | null>(null);
  const erase = useAction(async () => {
    if (!target) return;
    setReceipt((await data.erase(target.id)).receipt);
    setTarget(null);
    setTyped("");
    found.reload();
  });
  return (
    <Card title="Erase a contact">
      <p class="muted">
        Deletes the person, their conversations, messages and media everywhere (GDPR, CCPA, PIPL).
        This cannot be undone.
      </p>
      <form
        class="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
        }}
      >
        <Field label="Find a contact" hint="Name, email or phone">
          <input name="erase-search" value={q} onInput={(e) => setQ(formValue(e))} />
        </Field>
        <button class="btn btn-secondary field-aligned" type="submit">
          Search
        </button>
      </form>
      <ErrorNote error={found.error} />
      <ul class="plain-list contacts-found">
        {(found.data?.contacts ?? []).map((c) => (
          <li key={c.id} data-contact={c.id}>
            {c.name || "Unnamed"} <span class="muted mono small">{c.email ?? c.phone ?? c.id}</span>{" "}
            <button
              type="button"
              class="btn btn-small btn-danger"
              onClick={() => (setTarget(c), setReceipt(null))}
            >
              Erase…<span class="visually-hidden"> {c.name ?? c.id}</span>
            </button>
          </li>
        ))}
        {query && found.data?.contacts.length === 0 && <li class="muted">No contact matches.</li>}
      </ul>
      {target && (
        <ActionForm
          action={erase}
          submit="Erase permanently"
          class="danger-zone"
          label="Confirm erasure"
          buttonClass="btn btn-danger"
          disabled={typed !== "ERASE"}
        >
          {({ error, button }) => (
            <>
              <p>
                Erase <strong>{target.name || target.id}</strong> and everything about them?
              </p>
              <Field label="Type ERASE to confirm">
                <input
                  name="erase-confirm"
                  autoComplete="off"
                  value={typed}
                  onInput={(e) => setTyped(formValue(e))}
                />
              </Field>
              {error}
              {button}{" "}
              <button class="btn btn-secondary" type="button" onClick={() => setTarget(null)}>
                Keep
              </button>
            </>
          )}
        </ActionForm>
      )}
      {receipt && (
        <Notice kind="success">
          <span data-testid="erase-receipt">Erased. Receipt: {JSON.stringify(receipt)}</span>
        </Notice>
      )}
    </Card>
  );
}

export function DataPage() {
  return (
    <Page title="Data and privacy">
      <ExportCard />
      <RetentionCard />
      <EraseCard />
    </Page>
  );
}
