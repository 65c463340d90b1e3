import { useState } from "preact/hooks";
import { team } from "../../shared/api";
import type { Role } from "../../shared/api-types";
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

export function ApiKeysPage() {
  const keys = useAsync(() => team.apiKeys(), []);
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("admin");
  const [created, setCreated] = useState<string | null>(null);
  const create = useAction(async () => {
    const r = await team.createApiKey({ name, role });
    setCreated(r.key);
    setName("");
    keys.reload();
  });
  const revoke = useAction(async (id: string) => {
    await team.revokeApiKey(id);
    keys.reload();
  });
  const active = (keys.data?.apiKeys ?? []).filter((k) => !k.revokedAt);
  return (
    <Page title="API keys">
      <Card title="Create a key">
        <p class="muted">
          Send it as <code>Authorization: Bearer edk_…</code>. The full key is shown once. See the{" "}
          <a href="/api/docs">API reference</a>.
        </p>
        <ActionForm action={create} submit="Create key" buttonClass="btn field-aligned">
          {({ error, button }) => (
            <>
              {error}
              <div class="row">
                <Field label="Name">
                  <input
                    name="key-name"
                    required
                    maxLength={80}
                    value={name}
                    onInput={(e) => setName(formValue(e))}
                  />
                </Field>
                <Field label="Role">
                  <select
                    name="key-role"
                    value={role}
                    onChange={(e) => setRole(formValue(e) as Role)}
                  >
                    <option value="admin">admin</option>
                    <option value="agent">agent</option>
                    <option value="viewer">viewer</option>
                  </select>
                </Field>
                {button}
              </div>
            </>
          )}
        </ActionForm>
        {created && (
          <>
            <Notice kind="warn">Copy this key now: it will not be shown again.</Notice>
            <CopyField label="New API key" value={created} />
          </>
        )}
      </Card>
      <Card title="Active keys">
        <ErrorNote error={keys.error ?? revoke.error} />
        {keys.loading && !keys.data ? (
          <Loading />
        ) : active.length === 0 ? (
          <p class="muted">No API keys yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Role</th>
                <th>Created</th>
                <th>Last used</th>
                <th>
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {active.map((k) => (
                <tr key={k.id} data-key-name={k.name}>
                  <td>{k.name}</td>
                  <td class="mono">{k.prefix}…</td>
                  <td>{k.role}</td>
                  <td>{formatDate(k.createdAt)}</td>
                  <td>{formatDate(k.lastUsedAt)}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      aria-label={`Revoke ${k.name}`}
                      disabled={revoke.busy}
                      onClick={() => void revoke.run(k.id)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </Page>
  );
}
