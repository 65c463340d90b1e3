import { useState } from "preact/hooks";
import { auth } from "../../shared/api";
import { navigate } from "../../shared/router";
import {
  ActionForm,
  Card,
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

/** A short name for a browser from its user agent (the full string is in the title). */
export function browserName(ua: string): string {
  if (!ua) return "Unknown browser";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "Browser";
  const os = /iPhone|iPad/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Mac OS X/.test(ua)
        ? "macOS"
        : /Windows/.test(ua)
          ? "Windows"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

function ChangePassword() {
  const [form, setForm] = useState({ currentPassword: "", newPassword: "" });
  const [done, setDone] = useState(false);
  const act = useAction(async () => {
    setDone(false);
    await auth.changePassword(form);
    setForm({ currentPassword: "", newPassword: "" });
    setDone(true);
  });
  return (
    <Card title="Change password">
      <ActionForm action={act} submit="Change password">
        {done && (
          <Notice kind="success">Password changed. Your other sessions were signed out.</Notice>
        )}
        <Field label="Current password">
          <input
            type="password"
            name="current-password"
            required
            autoComplete="current-password"
            value={form.currentPassword}
            onInput={(e) => setForm({ ...form, currentPassword: formValue(e) })}
          />
        </Field>
        <Field
          label="New password"
          hint="At least 10 characters. Your other sessions will be signed out."
        >
          <input
            type="password"
            name="new-password"
            required
            minLength={10}
            autoComplete="new-password"
            value={form.newPassword}
            onInput={(e) => setForm({ ...form, newPassword: formValue(e) })}
          />
        </Field>
      </ActionForm>
    </Card>
  );
}

function Sessions({ onSignedOut }: { onSignedOut(): void }) {
  const list = useAsync(() => auth.sessions(), []);
  const revoke = useAction(async (id: string, current: boolean) => {
    await auth.revokeSession(id);
    if (current) onSignedOut();
    else list.reload();
  });
  const everywhere = useAction(async () => {
    await auth.signOutEverywhere();
    onSignedOut();
  });
  return (
    <Card title="Where you are signed in">
      <ErrorNote error={list.error ?? revoke.error ?? everywhere.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <table>
          <thead>
            <tr>
              <th>Browser</th>
              <th>Signed in</th>
              <th>Last seen</th>
              <th>
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.sessions ?? []).map((s) => {
              const name = browserName(s.userAgent);
              return (
                <tr key={s.id} data-session={s.current ? "current" : "other"}>
                  <td title={s.userAgent}>
                    {name} {s.current && <span class="pill">This browser</span>}
                  </td>
                  <td>{formatDate(s.createdAt)}</td>
                  <td>{formatDate(s.lastSeenAt)}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-ghost btn-small"
                      disabled={revoke.busy}
                      onClick={() => void revoke.run(s.id, s.current)}
                      aria-label={`Sign out ${name}${s.current ? " (this browser)" : ""}, signed in ${formatDate(s.createdAt)}`}
                    >
                      Sign out
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p>
        <button
          type="button"
          class="btn btn-secondary"
          disabled={everywhere.busy}
          onClick={() => void everywhere.run()}
        >
          Sign out everywhere
        </button>
      </p>
    </Card>
  );
}

export function AccountPage() {
  return (
    <Page title="Your account">
      <ChangePassword />
      <Sessions onSignedOut={() => navigate("/login")} />
    </Page>
  );
}
