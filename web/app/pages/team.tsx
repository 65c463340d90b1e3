import { useState } from "preact/hooks";
import { team } from "../../shared/api";
import type { Role, User } from "../../shared/api-types";
import { hasRole } from "../../shared/session";
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
import type { PageProps } from "../app";

const ROLES: Role[] = ["owner", "admin", "agent", "viewer"];

function MemberRow({
  user,
  canEdit,
  onSaved,
}: {
  user: User;
  canEdit: boolean;
  onSaved(u: User): void;
}) {
  const [role, setRole] = useState(user.role);
  const [capacity, setCapacity] = useState(String(user.capacity));
  const [skills, setSkills] = useState(user.skills.join(", "));
  const skillList = skills
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const dirty =
    role !== user.role ||
    Number(capacity) !== user.capacity ||
    skillList.join(",") !== user.skills.join(",");
  // Only what changed: an admin may edit an owner's capacity and skills, not resend their role.
  const act = useAction(async () =>
    onSaved(
      (
        await team.updateUser(user.id, {
          ...(role !== user.role ? { role } : {}),
          ...(Number(capacity) !== user.capacity ? { capacity: Number(capacity) } : {}),
          ...(skillList.join(",") !== user.skills.join(",") ? { skills: skillList } : {}),
        })
      ).user,
    ),
  );
  const toggle = useAction(async () =>
    onSaved(
      (await team.updateUser(user.id, { status: user.status === "active" ? "disabled" : "active" }))
        .user,
    ),
  );
  const who = user.name || user.email;
  return (
    <tr data-user={user.email}>
      <td>
        <strong>{user.name || "—"}</strong>
        <div class="muted">{user.email}</div>
      </td>
      <td>
        {canEdit ? (
          <select
            aria-label={`Role of ${who}`}
            value={role}
            onChange={(e) => setRole(formValue(e) as Role)}
          >
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        ) : (
          user.role
        )}
      </td>
      <td>
        {canEdit ? (
          <input
            type="number"
            min={0}
            max={100}
            class="narrow"
            aria-label={`Capacity of ${who}`}
            value={capacity}
            onInput={(e) => setCapacity(formValue(e))}
          />
        ) : (
          user.capacity
        )}
      </td>
      <td>
        {canEdit ? (
          <input
            type="text"
            aria-label={`Skills of ${who}`}
            placeholder="es, de, whatsapp"
            value={skills}
            onInput={(e) => setSkills(formValue(e))}
          />
        ) : (
          user.skills.join(", ") || "—"
        )}
      </td>
      <td>
        <span class={`pill ${user.status === "active" ? "pill-ok" : "pill-danger"}`}>
          {user.status}
        </span>
      </td>
      <td>{formatDate(user.lastLoginAt)}</td>
      {canEdit && (
        <td class="actions">
          <button
            type="button"
            class="btn btn-small"
            disabled={!dirty || act.busy}
            onClick={() => void act.run()}
          >
            Save
          </button>
          <button
            type="button"
            class="btn btn-small btn-secondary"
            disabled={toggle.busy}
            onClick={() => void toggle.run()}
          >
            {user.status === "active" ? "Disable" : "Enable"}
          </button>
          <ErrorNote error={act.error ?? toggle.error} />
        </td>
      )}
    </tr>
  );
}

function InviteForm({ onInvited }: { onInvited(): void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [link, setLink] = useState<string | null>(null);
  const [mailed, setMailed] = useState<string | null>(null);
  const act = useAction(async () => {
    const r = await team.invite({ email, role });
    setLink(r.acceptUrl);
    setMailed(
      r.mailed === "email"
        ? `Invitation mailed to ${r.invite.email}.`
        : r.mailed === "outbox"
          ? `Invitation mailed to ${r.invite.email} (kept in the local outbox, /app/#/outbox).`
          : null,
    );
    setEmail("");
    onInvited();
  });
  return (
    <ActionForm action={act} submit="Send invite" buttonClass="btn field-aligned">
      {({ error, button }) => (
        <>
          {error}
          <div class="row">
            <Field label="Email">
              <input
                type="email"
                required
                name="invite-email"
                value={email}
                onInput={(e) => setEmail(formValue(e))}
              />
            </Field>
            <Field label="Role">
              <select
                name="invite-role"
                value={role}
                onChange={(e) => setRole(formValue(e) as Role)}
              >
                {ROLES.filter((r) => r !== "owner").map((r) => (
                  <option value={r}>{r}</option>
                ))}
              </select>
            </Field>
            {button}
          </div>
          {link && (
            <>
              <Notice kind="success">
                {mailed
                  ? `${mailed} The link below works too (once, for 7 days).`
                  : "No email is set up, so no mail went out: we made a link. Send it to your teammate (it works once, for 7 days)."}
              </Notice>
              <CopyField label="Invitation link" value={link} />
            </>
          )}
        </>
      )}
    </ActionForm>
  );
}

export function TeamPage({ me }: PageProps) {
  const admin = hasRole(me.role, "admin");
  const users = useAsync(() => team.users(), []);
  const invites = useAsync(
    () => (admin ? team.invites() : Promise.resolve({ invites: [] })),
    [admin],
  );
  const pending = (invites.data?.invites ?? []).filter((i) => !i.acceptedAt);
  return (
    <Page title="Team">
      <Card title="Members">
        <ErrorNote error={users.error} />
        {users.loading && !users.data ? (
          <Loading />
        ) : (
          <table>
            <thead>
              <tr>
                <th>Person</th>
                <th>Role</th>
                <th>Capacity</th>
                <th>
                  Skills <span class="muted">(languages, channels: routed first)</span>
                </th>
                <th>Status</th>
                <th>Last sign-in</th>
                {admin && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {(users.data?.users ?? []).map((u) => (
                <MemberRow
                  key={u.id}
                  user={u}
                  canEdit={admin && u.id !== me.user?.id}
                  onSaved={(nu) =>
                    users.set({
                      users: (users.data?.users ?? []).map((x) => (x.id === nu.id ? nu : x)),
                    })
                  }
                />
              ))}
            </tbody>
          </table>
        )}
        <p class="muted">
          Capacity is how many conversations the router may assign to a person at once.
        </p>
      </Card>
      {admin && (
        <Card title="Invite a teammate">
          <InviteForm onInvited={invites.reload} />
          {pending.length > 0 && (
            <>
              <h3 class="subhead">Pending invitations</h3>
              <ul class="plain-list">
                {pending.map((i) => (
                  <li key={i.id}>
                    {i.email} · {i.role} · expires {formatDate(i.expiresAt)}{" "}
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      onClick={() => team.revokeInvite(i.id).then(invites.reload, invites.reload)}
                    >
                      Revoke
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
      )}
    </Page>
  );
}
