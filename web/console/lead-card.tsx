/** The conversation's lead in the console's side panel: what the shopper wants to buy, and its status. */
import { Fragment } from "preact";
import type { LeadView } from "../../workers/wire/leads";
import { http } from "../shared/http";
import { ErrorNote, useAsync } from "../shared/ui";

export function LeadCard({
  conversationId,
  refresh,
}: {
  conversationId: string;
  refresh: unknown;
}) {
  const res = useAsync(
    () =>
      http<{ leads: LeadView[] }>("GET", "/api/leads", undefined, { query: { conversationId } }),
    [conversationId, refresh],
  );
  const lead = res.data?.leads[0];
  if (res.error) return <ErrorNote error={res.error} />;
  if (!lead) return null;
  const rows: [string, string | number | null][] = [
    ["Product", lead.product],
    [
      "Catalogue",
      lead.catalogue
        ? [lead.catalogue.title, lead.catalogue.variantTitle].filter(Boolean).join(" – ")
        : null,
    ],
    ["Variant", lead.variant],
    ["Quantity", lead.quantity],
    ["Budget", lead.budget],
    ["Intent", `${Math.round(lead.intentScore * 100)}%`],
    ["Status", lead.status],
    ["Queue", lead.team],
  ];
  return (
    <section class="side-card lead" aria-labelledby="lead-title" data-testid="lead-card">
      <h2 id="lead-title">
        Lead {lead.highIntent && <span class="pill pill-ok">High intent</span>}
      </h2>
      <dl class="kv">
        {rows
          .filter(([, v]) => v !== null)
          .map(([k, v]) => (
            <Fragment key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </Fragment>
          ))}
      </dl>
      {lead.draftOrder && (
        <p class="small">
          <a
            href={lead.draftOrder.url}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="lead-draft-order"
          >
            Draft order {lead.draftOrder.name}
          </a>
        </p>
      )}
      <a class="small" href="/app/#/leads">
        All leads
      </a>
    </section>
  );
}
