import { useState } from "preact/hooks";
import type { StoreView } from "../../../workers/wire/stores";
import { http } from "../../shared/http";
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

type StoreType = StoreView["type"];

const stores = {
  list: () => http<{ stores: StoreView[] }>("GET", "/api/stores"),
  connect: (b: { type: StoreType; name?: string; credentials: Record<string, string> }) =>
    http<{ store: StoreView; webhookSecret?: string }>("POST", "/api/stores", b),
  remove: (id: string) => http<void>("DELETE", `/api/stores/${id}`),
  settings: (
    id: string,
    b: Pick<StoreView, "autoApproveBelow" | "addressChanges" | "draftOrders">,
  ) => http<{ store: StoreView }>("PATCH", `/api/stores/${id}`, b),
};

/**
 * What the AI may do at one store without an agent: cancel and refund below an amount, and whether
 * address changes are proposed for an agent's approval or left to a person.
 */
function StoreActionsForm({ store, onSaved }: { store: StoreView; onSaved: () => void }) {
  const [below, setBelow] = useState(store.autoApproveBelow?.toString() ?? "");
  const [address, setAddress] = useState(store.addressChanges);
  const [drafts, setDrafts] = useState(store.draftOrders);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    setSaved(false);
    const amount = below.trim() === "" ? null : Number(below);
    await stores.settings(store.id, {
      autoApproveBelow: amount,
      addressChanges: address,
      draftOrders: drafts,
    });
    setSaved(true);
    onSaved();
  });
  return (
    <ActionForm
      action={save}
      submit="Save"
      busyLabel="Saving…"
      class="stack"
      after={saved && <Notice kind="success">Saved for {store.name}.</Notice>}
    >
      <Field
        label={`Cancel and refund at ${store.name} without an agent below`}
        hint="An amount in the order's currency. Empty: an agent approves every cancellation and refund."
      >
        <input
          name="autoApproveBelow"
          type="number"
          min={0}
          max={1000000}
          step="0.01"
          inputMode="decimal"
          value={below}
          onInput={(e) => setBelow(formValue(e))}
        />
      </Field>
      <Field
        label={`Shipping-address changes at ${store.name}`}
        hint="Proposed: the AI reads the new address and an agent approves the change on a card."
      >
        <select
          name="addressChanges"
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value as StoreView["addressChanges"])}
        >
          <option value="approval">Proposed for an agent's approval</option>
          <option value="never">Left to a person</option>
          {address === "answer_only" && (
            <option value="answer_only">Left to a person (answer only)</option>
          )}
        </select>
      </Field>
      {store.type === "shopify" && (
        <label class="check">
          <input
            type="checkbox"
            name="draftOrders"
            checked={drafts}
            onChange={(e) => setDrafts(e.currentTarget.checked)}
          />{" "}
          Create draft orders for high-intent leads
          <span class="muted small">
            {" "}
            — when a shopper asks to buy a product that matches one of {store.name}'s variants, the
            AI prepares a draft order (variant, quantity, the shopper's email) for your sales team.
          </span>
        </label>
      )}
    </ActionForm>
  );
}

/** The credential fields per store, in the order the platform's admin shows them. */
const FIELDS: Record<
  StoreType,
  { key: string; label: string; hint: string; secret?: boolean; placeholder?: string }[]
> = {
  shopify: [
    {
      key: "shop",
      label: "Shop",
      hint: "Your your-store.myshopify.com address.",
      placeholder: "your-store.myshopify.com",
    },
    {
      key: "accessToken",
      label: "Admin API access token",
      hint: "Settings → Apps → Develop apps → your app → API credentials (read_orders, read_products, read_customers).",
      secret: true,
      placeholder: "shpat_…",
    },
    {
      key: "apiSecret",
      label: "API secret key",
      hint: "Same page; Shopify signs the order webhooks with it.",
      secret: true,
    },
  ],
  woocommerce: [
    {
      key: "url",
      label: "Shop address",
      hint: "The public https:// address of your WordPress site.",
      placeholder: "https://shop.example.com",
    },
    {
      key: "consumerKey",
      label: "Consumer key",
      hint: "WooCommerce → Settings → Advanced → REST API (Read permission is enough).",
      secret: true,
      placeholder: "ck_…",
    },
    {
      key: "consumerSecret",
      label: "Consumer secret",
      hint: "Shown once by WooCommerce when the key is made.",
      secret: true,
      placeholder: "cs_…",
    },
  ],
};

const TOPICS: Record<StoreType, string> = {
  shopify:
    "Settings → Notifications → Webhooks: add Order creation, Order update and Order fulfillment with this URL (JSON).",
  woocommerce:
    "WooCommerce → Settings → Advanced → Webhooks: add Order created and Order updated with this URL and the secret below.",
};

/** Connected stores: the AI answers order questions from them, only to the order's own customer. */
export function StoresPage() {
  const list = useAsync(() => stores.list(), []);
  const [type, setType] = useState<StoreType>("shopify");
  const [creds, setCreds] = useState<Record<string, string>>({});
  const [connected, setConnected] = useState<{ store: StoreView; webhookSecret?: string } | null>(
    null,
  );
  const connect = useAction(async () => {
    setConnected(await stores.connect({ type, credentials: creds }));
    setCreds({});
    list.reload();
  });
  const remove = useAction(async (id: string) => {
    await stores.remove(id);
    setConnected(null);
    list.reload();
  });
  return (
    <Page title="Stores">
      <Card title="Connect a store">
        <ActionForm action={connect} submit="Connect" busyLabel="Checking…">
          <Field label="Platform">
            <select
              name="store-type"
              value={type}
              onChange={(e) => {
                setType(formValue(e) as StoreType);
                setCreds({});
                setConnected(null);
              }}
            >
              <option value="shopify">Shopify</option>
              <option value="woocommerce">WooCommerce</option>
            </select>
          </Field>
          {FIELDS[type].map((f) => (
            <Field key={`${type}-${f.key}`} label={f.label} hint={f.hint}>
              {f.secret ? (
                <input
                  name={`store-${f.key}`}
                  type="password"
                  autocomplete="off"
                  required
                  maxLength={300}
                  placeholder={f.placeholder}
                  value={creds[f.key] ?? ""}
                  onInput={(e) => setCreds({ ...creds, [f.key]: formValue(e) })}
                />
              ) : (
                <input
                  name={`store-${f.key}`}
                  type="text"
                  autocomplete="off"
                  required
                  maxLength={300}
                  placeholder={f.placeholder}
                  value={creds[f.key] ?? ""}
                  onInput={(e) => setCreds({ ...creds, [f.key]: formValue(e) })}
                />
              )}
            </Field>
          ))}
          <p class="muted">
            We check the credentials with a read-only call to your store, then keep them encrypted;
            they are never shown again.
          </p>
        </ActionForm>
      </Card>
      {connected && (
        <Card title={`Connected: ${connected.store.name}`}>
          <Notice kind="success">
            The AI can now answer order questions from {connected.store.host}, to shoppers whose
            verified email or phone is the order's.
          </Notice>
          <p>{TOPICS[connected.store.type]}</p>
          <CopyField label="Webhook URL" value={connected.store.webhookUrl} />
          {connected.webhookSecret && (
            <CopyField label="Webhook secret (shown once)" value={connected.webhookSecret} />
          )}
        </Card>
      )}
      <Card title="Connected stores">
        <ErrorNote error={list.error ?? remove.error} />
        {list.loading && !list.data && <Loading />}
        {list.data && list.data.stores.length === 0 && <p class="muted">No store connected yet.</p>}
        {list.data && list.data.stores.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Store</th>
                <th>Platform</th>
                <th>Address</th>
                <th>Last webhook</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.stores.map((s) => (
                <tr key={s.id} data-store-id={s.id}>
                  <td>{s.name}</td>
                  <td>{s.type === "shopify" ? "Shopify" : "WooCommerce"}</td>
                  <td>{s.host}</td>
                  <td>{s.lastEventAt ? formatDate(s.lastEventAt) : "none yet"}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      disabled={remove.busy}
                      onClick={() =>
                        confirm(`Disconnect ${s.name}? Its credentials are deleted.`) &&
                        void remove.run(s.id)
                      }
                    >
                      Disconnect
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {list.data && list.data.stores.length > 0 && (
        <Card title="What the AI may do">
          {list.data.stores.map((s) => (
            <StoreActionsForm key={s.id} store={s} onSaved={list.reload} />
          ))}
        </Card>
      )}
    </Page>
  );
}
