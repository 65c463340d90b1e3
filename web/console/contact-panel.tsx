import { useState } from "preact/hooks";
import { contacts } from "../shared/api";
import type { Contact, Role } from "../shared/api-types";
import { hasRole } from "../shared/session";
import { ErrorNote, formatDate, Loading, useAction, useAsync } from "../shared/ui";
import { STATUS_LABEL } from "./inbox";

/** The server lists what it masked (`email`, `phone`, `attributes.<key>`): the same names reveal takes. */
export function isMasked(contact: Pick<Contact, "masked">, field: string): boolean {
  return contact.masked.includes(field);
}

const show = (v: unknown) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));

/** One field (`email`, `phone`, `attributes.<key>`): masked unless revealed; only admins may reveal (audited). */
function Field({
  contact,
  field,
  label,
  value,
  role,
}: {
  contact: Contact;
  field: string;
  label: string;
  value: unknown;
  role: Role;
}) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const act = useAction(async () =>
    setRevealed(show((await contacts.reveal(contact.id, field)).value)),
  );
  if (value === null || value === undefined || value === "") return null;
  const masked = isMasked(contact, field) && revealed === null;
  return (
    <>
      <dt>{label}</dt>
      <dd data-field={field} data-masked={masked ? "true" : "false"}>
        <span class="mono">{revealed ?? show(value)}</span>
        {masked && hasRole(role, "admin") && (
          <button
            type="button"
            class="btn btn-small btn-secondary reveal"
            aria-label={`Reveal ${label.toLowerCase()}`}
            disabled={act.busy}
            onClick={() => void act.run()}
          >
            Reveal
          </button>
        )}
        {revealed !== null && <span class="muted small"> (reveal recorded in the audit log)</span>}
        <ErrorNote error={act.error} />
      </dd>
    </>
  );
}

export function ContactPanel({
  contactId,
  role,
  currentId,
}: {
  contactId: string;
  role: Role;
  currentId: string;
}) {
  const res = useAsync(() => contacts.get(contactId), [contactId]);
  const c = res.data?.contact;
  const past = (c?.conversations ?? []).filter((x) => x.id !== currentId);
  const channelTypes = [...new Set((c?.identities ?? []).map((i) => i.channelType))];
  return (
    <section class="side-card contact" aria-labelledby="contact-title">
      <h2 id="contact-title">Contact</h2>
      <ErrorNote error={res.error} />
      {res.loading && !c && <Loading />}
      {c && (
        <>
          <p class="contact-name">
            {c.name || "Visitor"}
            {c.vip && <span class="pill pill-info"> VIP</span>}
          </p>
          <dl class="kv">
            <Field
              key="email"
              contact={c}
              field="email"
              label="Email"
              value={c.email}
              role={role}
            />
            <Field
              key="phone"
              contact={c}
              field="phone"
              label="Phone"
              value={c.phone}
              role={role}
            />
            <dt>Language</dt>
            <dd>{c.language ?? "—"}</dd>
            <dt>Country</dt>
            <dd>{c.country ?? "—"}</dd>
            {channelTypes.length > 0 && (
              <>
                <dt>Channels</dt>
                <dd>{channelTypes.join(", ")}</dd>
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
              <Field
                key={`a-${k}`}
                contact={c}
                field={`attributes.${k}`}
                label={k}
                value={v}
                role={role}
              />
            ))}
          </dl>
          {past.length > 0 && (
            <>
              <h3>Past conversations</h3>
              <ul class="plain-list past">
                {past.map((x) => (
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
