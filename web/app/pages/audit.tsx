import { useState } from "preact/hooks";
import { team } from "../../shared/api";
import type { AuditEntry } from "../../shared/api-types";
import { Card, ErrorNote, formatDate, Loading, Page, useAction, useAsync } from "../../shared/ui";

function describe(e: AuditEntry): string {
  const data = Object.entries(e.data)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(", ");
  return data;
}

/** The tenant's audit log, newest first, 50 at a time (read-only by design). */
export function AuditPage() {
  const first = useAsync(() => team.audit(), []);
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [end, setEnd] = useState(false);
  const entries = [...(first.data?.entries ?? []), ...more];
  const next = useAction(async () => {
    const last = entries[entries.length - 1];
    const r = await team.audit(last?.createdAt);
    setMore([...more, ...r.entries]);
    if (r.entries.length < 50) setEnd(true);
  });
  return (
    <Page
      title="Audit log"
      actions={
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => {
            setMore([]);
            setEnd(false);
            first.reload();
          }}
        >
          Refresh
        </button>
      }
    >
      <Card>
        <ErrorNote error={first.error ?? next.error} />
        {first.loading && !first.data ? (
          <Loading />
        ) : (
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Action</th>
                <th>Actor</th>
                <th>Target</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{formatDate(e.createdAt)}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.actorType}
                    {e.actorId && <div class="muted mono">{e.actorId}</div>}
                  </td>
                  <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"}</td>
                  <td class="muted">{describe(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {entries.length >= 50 && !end && (
          <button
            type="button"
            class="btn btn-secondary"
            disabled={next.busy}
            onClick={() => void next.run()}
          >
            Load older entries
          </button>
        )}
      </Card>
    </Page>
  );
}
