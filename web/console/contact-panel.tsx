import { useState } from "preact/hooks";
import { contacts } from "../shared/api";
import type { Contact, Role } from "../shared/api-types";
import { hasRole } from "../shared/session";
import { ErrorNote, formatDate, Loading, useAction, useAsync } from "../shared/ui";
import { STATUS_LABEL } from "./inbox";

const SENSITIVE: ["email" | "phone" | "payment", string][] = [
  ["email", "Email"],
  ["phone", "Phone"],
  ["payment", "Payment"],
];

/** The server masks what the role may not see; masked values carry bullets if no list is sent. */
export function isMasked(contact: Contact, field: string): boolean {
  const value = contact[field as keyof Contact];
  if (contact.masked) return contact.masked.includes(field);
  return typeof value === "string" && /[•*]/.test(value);
}

function Sensitive({ contact, field, label, role }: { contact: Contact; field: "email" | "phone" | "payment"; label: string; role: Role }) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const act = useAction(async () => setRevealed((await contacts.reveal(contact.id, field)).value));
  const value = contact[field];
  if (!value) return null;
  const masked = isMasked(contact, field) && revealed === null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-field={field} data-masked={masked ? "true" : "false"}>
        <span class="mono">{revealed ?? value}</span>
        {masked && hasRole(role, "agent") && (
          <button type="button" class="btn btn-small btn-secondary reveal" aria-label={`Reveal ${label.toLowerCase()}`} disabled={act.busy} onClick={() => void act.run()}>
            Reveal
          </button>
        )}
        {revealed !== null && <span class="muted small"> (reveal recorded in the audit log)</span>}
        <ErrorNote error={act.error} />
      </dd>
    </>
  );
}

export function ContactPanel({ contactId, role, currentId }: { contactId: string; role: Role; currentId: string }) {
  const res = useAsync(() => contacts.get(contactId), [contactId]);
  const c = res.data?.contact;
  return (
    <section class="side-card contact" aria-labelledby="contact-title">
      <h2 id="contact-title">Contact</h2>
      <ErrorNote error={res.error} />
      {res.loading && !c && <Loading />}
      {c && (
        <>
          <p class="contact-name">{c.name || "Visitor"}</p>
          <dl class="kv">
            {SENSITIVE.map(([f, label]) => (
              <Sensitive key={f} contact={c} field={f} label={label} role={role} />
            ))}
            <dt>Language</dt>
            <dd>{c.language ?? "—"}</dd>
            <dt>Country</dt>
            <dd>{c.country ?? "—"}</dd>
            {(c.channels ?? []).length > 0 && (
              <>
                <dt>Channels</dt>
                <dd>{(c.channels ?? []).map((ch) => ch.type).join(", ")}</dd>
              </>
            )}
            {c.tags.length > 0 && (
              <>
                <dt>Tags</dt>
                <dd>
                  {c.tags.map((t) => (
                    <span class="pill pill-info" key={t}>
                      {t}
                    </span>
                  ))}
                </dd>
              </>
            )}
            {Object.entries(c.attributes).map(([k, v]) => (
              <>
                <dt key={`k-${k}`}>{k}</dt>
                <dd key={`v-${k}`}>{typeof v === "object" ? JSON.stringify(v) : String(v)}</dd>
              </>
            ))}
          </dl>
          {(res.data?.conversations ?? []).filter((x) => x.id !== currentId).length > 0 && (
            <>
              <h3>Past conversations</h3>
              <ul class="plain-list past">
                {(res.data?.conversations ?? [])
                  .filter((x) => x.id !== currentId)
                  .map((x) => (
                    <li key={x.id}>
                      <a href={`#/c/${x.id}`}>{x.lastMessageText || x.id}</a>
                      <span class="muted small">
                        {" "}
                        {x.channelType} · {STATUS_LABEL[x.status]} · {formatDate(x.createdAt)}
                      </span>
                    </li>
                  ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
