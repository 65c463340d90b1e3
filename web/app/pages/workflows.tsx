import { workflows, type WorkflowRun } from "../../shared/ops-api";
import {
  Card,
  CopyField,
  ErrorNote,
  formatDate,
  Loading,
  Notice,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";
import { useState } from "preact/hooks";

function RunLog({ runs, names }: { runs: WorkflowRun[]; names: Map<string, string> }) {
  if (runs.length === 0)
    return (
      <p class="muted">
        No runs yet. Runs appear here when a conversation event starts a workflow.
      </p>
    );
  return (
    <table class="run-log">
      <thead>
        <tr>
          <th>Started</th>
          <th>Workflow</th>
          <th>Conversation</th>
          <th>Status</th>
          <th>Steps</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} data-run-status={r.status}>
            <td>{formatDate(r.startedAt)}</td>
            <td>{names.get(r.workflowId) ?? r.workflowId}</td>
            <td>
              <a href={`/console/#/c/${r.conversationId}`} class="mono">
                {r.conversationId}
              </a>
            </td>
            <td>
              <span class={`pill ${r.status === "failed" ? "pill-danger" : "pill-ok"}`}>
                {r.status}
              </span>
              {r.error && <span class="muted small"> {r.error}</span>}
            </td>
            <td class="small">
              {r.log
                .map(
                  (l) =>
                    String(l.step ?? l.type ?? l.action ?? "step") + (l.ok === false ? " ✗" : ""),
                )
                .join(" → ")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Workflows: start from a template, switch on and off, and see every run with its steps. */
export function WorkflowsPage() {
  const list = useAsync(() => workflows.list(), []);
  const templates = useAsync(() => workflows.templates(), []);
  const runs = useAsync(() => workflows.runs({ limit: 50 }), []);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useAction(async (templateId: string) => {
    const r = await workflows.fromTemplate(templateId);
    setSecret(r.signingSecret);
    list.reload();
  });
  const toggle = useAction(async (id: string, enabled: boolean) => {
    await workflows.update(id, { enabled });
    list.reload();
  });
  const remove = useAction(async (id: string) => {
    await workflows.remove(id);
    list.reload();
  });
  const names = new Map((list.data?.workflows ?? []).map((w) => [w.id, w.name]));
  return (
    <Page title="Workflows">
      <Card title="Your workflows">
        <ErrorNote error={list.error ?? toggle.error ?? remove.error} />
        {list.loading && !list.data ? (
          <Loading />
        ) : (list.data?.workflows ?? []).length === 0 ? (
          <p class="muted">No workflows yet: start from a template below.</p>
        ) : (
          <ul class="plain-list workflow-list">
            {(list.data?.workflows ?? []).map((w) => (
              <li key={w.id} class="workflow" data-workflow={w.name}>
                <strong>{w.name}</strong>{" "}
                <span class={`pill ${w.enabled ? "pill-ok" : ""}`}>{w.enabled ? "On" : "Off"}</span>{" "}
                <button
                  type="button"
                  class="btn btn-small btn-secondary"
                  disabled={toggle.busy}
                  onClick={() => void toggle.run(w.id, !w.enabled)}
                >
                  {w.enabled ? "Turn off" : "Turn on"}
                  <span class="visually-hidden"> {w.name}</span>
                </button>{" "}
                <button
                  type="button"
                  class="btn btn-small btn-danger"
                  disabled={remove.busy}
                  onClick={() => confirm(`Delete “${w.name}”?`) && void remove.run(w.id)}
                >
                  Delete<span class="visually-hidden"> {w.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {secret && (
          <CopyField
            label="Signing secret for this workflow's HTTPS calls (shown once)"
            value={secret}
          />
        )}
      </Card>
      <Card title="Start from a template">
        <ErrorNote error={templates.error ?? create.error} />
        {templates.loading && !templates.data && <Loading />}
        <ul class="plain-list templates">
          {(templates.data?.templates ?? []).map((t) => (
            <li key={t.id} class="template">
              <h3>{t.name}</h3>
              <p class="muted">{t.description}</p>
              {t.startsDisabled && (
                <Notice kind="info">Starts switched off: {t.setup.join(" ")}</Notice>
              )}
              <button
                type="button"
                class="btn btn-small"
                disabled={create.busy}
                onClick={() => void create.run(t.id)}
                aria-label={`Use template: ${t.name}`}
              >
                Use template
              </button>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Run log">
        <div class="row">
          <button type="button" class="btn btn-small btn-secondary" onClick={() => runs.reload()}>
            Refresh run log
          </button>
        </div>
        <ErrorNote error={runs.error} />
        {runs.data && <RunLog runs={runs.data.runs} names={names} />}
      </Card>
    </Page>
  );
}
