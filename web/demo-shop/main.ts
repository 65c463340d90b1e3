/**
 * Embeds the widget exactly as a shop would (one classic script tag with the public key).
 * The key defaults to the seeded demo tenant's; `?key=pk_…` tries another tenant's widget.
 */
const DEMO_KEY = "pk_demo";
const key = new URLSearchParams(location.search).get("key") ?? DEMO_KEY;
const s = document.createElement("script");
s.src = "/widget/loader.js";
s.dataset.key = key;
s.async = true;
document.body.append(s);
document.getElementById("open-chat")?.addEventListener("click", () => {
  const api = window.Edgedesk;
  if (api && "open" in api) api.open();
});
