import { useState } from "preact/hooks";
import type { LeadStatus } from "../../../workers/db/schema-leads";
import type { LeadView } from "../../../workers/wire/leads";
import { http } from "../../shared/http";
import {
  Card,
  ErrorNote,
  Field,
  formatDate,
  formValue,
  Loading,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";

const STATUSES: LeadStatus[] = ["new", "contacted", "won", "lost"];
const STATUS_LABEL: Record<LeadStatus, string> = {
  new: "New",
  contacted: "Contacted",
  won: "Won",
  lost: "Lost",
};

const leadApi = {
  list: (status: LeadStatus | "") =>
    http<{ leads: LeadView[] }>("GET", `/api/leads${status ? `?status=${status}` : ""}`),
  setStatus: (id: string, status: LeadStatus) =>
    http<{ lead: LeadView }>("PATCH", `/api/leads/${id}`, { status }),
};

const dash = (v: string | number | null) => (v === null || v === "" ? "—" : String(v));

/** Leads the AI captured from conversations, newest activity first; agents move them through the statuses. */
export function LeadsPage() {
  const [status, setStatus] = useState<LeadStatus | "">("");
  const res = useAsync(() => leadApi.list(status), [status]);
  const change = useAction(async (id: string, next: LeadStatus) => {
    await leadApi.setStatus(id, next);
    res.reload();
  });
  const rows = res.data?.leads ?? [];
  return (
    <Page
      title="Leads"
      actions={
        <Field label="Status" class="inline-field">
          <select
            value={status}
            onChange={(e) => setStatus(formValue(e) as LeadStatus | "")}
            data-testid="lead-filter"
          >
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option value={s}>{STATUS_LABEL[s]}</option>
            ))}
          </select>
        </Field>
      }
    >
      <Card>
        <ErrorNote error={res.error ?? change.error} />
        {res.loading && !res.data ? (
          <Loading />
        ) : rows.length === 0 ? (
          <p class="muted">
            No leads yet. A lead appears when a shopper asks to buy a product or asks about one
            (price, size, stock); it fills in as the conversation goes on.
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Updated</th>
                <th>Contact</th>
                <th>Product</th>
                <th>Qty</th>
                <th>Variant</th>
                <th>Budget</th>
                <th>Intent</th>
                <th>Sales</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((l) => (
                <tr key={l.id} data-testid="lead-row" data-lead={l.id}>
                  <td>{formatDate(l.updatedAt)}</td>
                  <td>
                    {l.name ?? "Visitor"}
                    {(l.email || l.phone) && (
                      <div class="muted small">
                        {[l.email, l.phone].filter(Boolean).join(" · ")}
                      </div>
                    )}
                    <div class="small">
                      <a href={`/console/#/c/${l.conversationId}`}>Conversation</a>
                      {l.language && <span class="muted"> · {l.language}</span>}
                    </div>
                  </td>
                  <td>
                    {dash(l.product)}
                    {l.catalogue && (
                      <div class="muted small" data-testid="lead-catalogue">
                        {[l.catalogue.title, l.catalogue.variantTitle].filter(Boolean).join(" – ")}
                      </div>
                    )}
                  </td>
                  <td>{dash(l.quantity)}</td>
                  <td>{dash(l.variant)}</td>
                  <td>{dash(l.budget)}</td>
                  <td>
                    {Math.round(l.intentScore * 100)}%{l.highIntent && " "}
                    {l.highIntent && <span class="pill pill-ok">High</span>}
                  </td>
                  <td>
                    {l.team && <div class="small">Queued for {l.team}</div>}
                    {l.draftOrder ? (
                      <a
                        class="small"
                        href={l.draftOrder.url}
                        target="_blank"
                        rel="noopener noreferrer"
                        data-testid="lead-draft-order"
                      >
                        Draft order {l.draftOrder.name}
                      </a>
                    ) : (
                      !l.team && "—"
                    )}
                  </td>
                  <td>
                    <select
                      aria-label={`Status of the lead for ${l.product ?? "a product"}`}
                      value={l.status}
                      disabled={change.busy}
                      onChange={(e) => void change.run(l.id, formValue(e) as LeadStatus)}
                    >
                      {STATUSES.map((s) => (
                        <option value={s}>{STATUS_LABEL[s]}</option>
                      ))}
                    </select>
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
