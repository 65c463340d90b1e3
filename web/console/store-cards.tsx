/**
 * The tenant's stores in the console: a contact's orders (side panel) and the AI's proposed order
 * changes, as approval cards in the conversation thread.
 */
import type { ContactOrder, StoreActionView } from "../../workers/wire/stores";
import { http } from "../shared/http";
import { ErrorNote, Loading, useAction, useAsync } from "../shared/ui";

const storeApi = {
  orders: (contactId: string) =>
    http<{ orders: ContactOrder[]; unavailable: { storeName: string; reason: string }[] }>(
      "GET",
      `/api/contacts/${contactId}/orders`,
    ),
  actions: (conversationId: string) =>
    http<{ actions: StoreActionView[] }>("GET", `/api/conversations/${conversationId}/actions`),
  decide: (conversationId: string, actionId: string, verb: "approve" | "decline") =>
    http<{ action: StoreActionView }>(
      "POST",
      `/api/conversations/${conversationId}/actions/${actionId}/${verb}`,
    ),
};

const FULFILMENT: Record<ContactOrder["fulfillment"], string> = {
  unfulfilled: "Not shipped",
  partial: "Partly shipped",
  fulfilled: "Shipped",
};
type Postal = NonNullable<StoreActionView["detail"]>["to"];
/** One line: street, postcode and city, province, country. */
const postal = (a: Postal) =>
  [a.address1, a.address2, [a.zip, a.city].filter(Boolean).join(" "), a.province, a.country]
    .filter(Boolean)
    .join(", ");
const money = (amount: string | null, currency: string | null) =>
  amount ? `${amount}${currency ? ` ${currency}` : ""}` : "—";

export function ContactOrders({ contactId }: { contactId: string }) {
  const res = useAsync(() => storeApi.orders(contactId), [contactId]);
  const data = res.data;
  if (!res.loading && !res.error && data && !data.orders.length && !data.unavailable.length)
    return null;
  return (
    <section class="side-card orders" aria-labelledby="orders-title">
      <h2 id="orders-title">Orders</h2>
      <ErrorNote error={res.error} />
      {res.loading && !data && <Loading />}
      {data && (
        <ul class="plain-list order-list">
          {data.orders.map((o) => (
            <li key={`${o.storeId}-${o.number}`} data-testid="contact-order">
              <strong>#{o.number}</strong> <span class="pill">{o.status}</span>{" "}
              <span class="muted small">
                {FULFILMENT[o.fulfillment]} · {money(o.total, o.currency)}
              </span>
              {o.tracking
                .filter((t) => t.url || t.number)
                .map((t) =>
                  t.url ? (
                    <a
                      key={t.url}
                      class="small tracking"
                      href={t.url}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      {" "}
                      Track {t.company ?? "parcel"}
                    </a>
                  ) : (
                    <span key={t.number} class="small mono">
                      {" "}
                      {t.company} {t.number}
                    </span>
                  ),
                )}
            </li>
          ))}
          {data.unavailable.map((u) => (
            <li key={u.storeName} class="muted small">
              {u.storeName}: {u.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const KIND: Record<StoreActionView["kind"], string> = {
  cancel: "Cancel order",
  refund: "Refund order",
  address: "Change shipping address",
};
const STATE: Record<StoreActionView["state"], string> = {
  proposed: "Waiting for approval",
  approved: "Approved, calling the store…",
  declined: "Declined",
  done: "Done",
  failed: "Failed at the store",
};

/** Reloads whenever `reloadKey` changes (the thread's message count: a proposal arrives with the AI's reply). */
export function ActionCards({
  conversationId,
  reloadKey,
  canDecide,
}: {
  conversationId: string;
  reloadKey: number;
  canDecide: boolean;
}) {
  const res = useAsync(() => storeApi.actions(conversationId), [conversationId, reloadKey]);
  const decide = useAction(async (id: string, verb: "approve" | "decline") => {
    await storeApi.decide(conversationId, id, verb);
    res.reload();
  });
  const actions = res.data?.actions ?? [];
  if (!actions.length) return null;
  return (
    <div class="action-cards">
      {actions.map((a) => (
        <article
          key={a.id}
          class="handover action-card"
          data-testid="action-card"
          data-state={a.state}
          aria-label={`${KIND[a.kind]} #${a.orderNumber}`}
        >
          <p>
            <strong>{KIND[a.kind]}</strong> #{a.orderNumber}
            {a.kind !== "address" && ` · ${money(a.amount, a.currency)}`}{" "}
            <span class="pill">{STATE[a.state]}</span>
          </p>
          {a.detail && (
            <p class="small" data-testid="address-change">
              {a.detail.from ? postal(a.detail.from) : "—"} → <strong>{postal(a.detail.to)}</strong>
            </p>
          )}
          {a.error && <p class="muted small">{a.error}</p>}
          {a.state === "proposed" && canDecide && (
            <p>
              <button
                type="button"
                class="btn btn-small"
                disabled={decide.busy}
                onClick={() => void decide.run(a.id, "approve")}
              >
                Approve
              </button>{" "}
              <button
                type="button"
                class="btn btn-small btn-secondary"
                disabled={decide.busy}
                onClick={() => void decide.run(a.id, "decline")}
              >
                Decline
              </button>
            </p>
          )}
        </article>
      ))}
      <ErrorNote error={decide.error ?? res.error} />
    </div>
  );
}
