/**
 * The script a shop pastes: `<script src="…/widget/loader.js" data-key="pk_…" async></script>`.
 * Draws the launcher in a shadow root, starts the visitor's session, exposes `window.Edgedesk`,
 * and fetches the chat (chat.js) only when the shopper or the merchant's code opens it.
 */
import type { ChatController, ChatModule, Identity, WidgetEvent, WidgetSession } from "../contract";
import { isRtl, pickLanguage } from "../languages";
import { safeLocalStorage } from "../../shared/outbox";
import { adoptCss, applyLook, CHAT_ICON, CLOSE_ICON, icon } from "./dom";
import css from "./loader.css?inline";
import { fetchSession, sessionStore } from "./session";
import { LAUNCHER } from "./strings";

declare const __CHAT_VERSION__: string;

type Listener = (data: unknown) => void;
type Call = [method: string, ...args: unknown[]];

export interface EdgedeskApi {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: Identity): Promise<void>;
  setAttributes(attributes: Record<string, unknown>): Promise<void>;
  on(event: WidgetEvent, fn: Listener): () => void;
  off(event: WidgetEvent, fn: Listener): void;
  readonly loaded: true;
}

declare global {
  interface Window {
    Edgedesk?: EdgedeskApi | { q?: Call[] };
    EdgedeskChat?: ChatModule;
  }
}

function findScript(): HTMLScriptElement | null {
  const cur = document.currentScript;
  if (cur instanceof HTMLScriptElement && cur.dataset.key) return cur;
  return document.querySelector<HTMLScriptElement>('script[data-key][src*="/widget/loader.js"]');
}

function boot(script: HTMLScriptElement): void {
  const publicKey = script.dataset.key ?? "";
  const base = new URL(script.src, location.href).origin;
  const lang = pickLanguage([script.dataset.lang, ...navigator.languages]);
  const [openLabel, closeLabel, unavailable] = LAUNCHER[lang];
  const saved = sessionStore(safeLocalStorage(), publicKey);
  const listeners = new Map<WidgetEvent, Set<Listener>>();
  const emit = (event: WidgetEvent, data?: unknown) =>
    listeners.get(event)?.forEach((fn) => fn(data));

  const host = document.createElement("edgedesk-widget");
  const shadow = host.attachShadow({ mode: "open" });
  adoptCss(shadow, css);
  const root = document.createElement("div");
  root.className = "ed-root";
  root.dir = isRtl(lang) ? "rtl" : "ltr";
  root.lang = lang;
  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "ed-launcher";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "ed-panel");
  const badge = document.createElement("span");
  badge.className = "ed-badge";
  badge.hidden = true;
  const panel = document.createElement("div");
  panel.className = "ed-panel";
  panel.id = "ed-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", openLabel);
  root.append(panel, launcher);
  shadow.append(root);
  applyLook(host, root, saved.config() ?? {});

  const drawLauncher = (open: boolean) => {
    launcher.replaceChildren(icon(open ? CLOSE_ICON : CHAT_ICON), badge);
    launcher.setAttribute("aria-label", open ? closeLabel : openLabel);
    launcher.setAttribute("aria-expanded", String(open));
  };
  drawLauncher(false);

  // The newest request wins: identify() may race the anonymous session started at load.
  let sessionSeq = 0;
  let session: Promise<WidgetSession> | null = null;
  const startSession = (identity?: Identity): Promise<WidgetSession> => {
    const seq = ++sessionSeq;
    const p = fetchSession(base, {
      publicKey,
      visitorToken: saved.token() ?? undefined,
      identity,
      language: lang,
    }).then((s) => {
      if (seq === sessionSeq) {
        saved.save(s);
        applyLook(host, root, s.config);
      }
      return s;
    });
    session = p;
    p.catch(() => {
      if (session === p) session = null;
    });
    return p;
  };

  let chat: Promise<ChatController> | null = null;
  const loadScript = () =>
    new Promise<ChatModule>((resolve, reject) => {
      if (window.EdgedeskChat) return resolve(window.EdgedeskChat);
      const s = document.createElement("script");
      s.src = `${base}/widget/chat.js?v=${__CHAT_VERSION__}`;
      s.async = true;
      s.onload = () =>
        window.EdgedeskChat
          ? resolve(window.EdgedeskChat)
          : reject(new Error("chat.js did not register"));
      s.onerror = () => reject(new Error("chat.js failed to load"));
      document.head.append(s);
    });
  const loadChat = (): Promise<ChatController> => {
    if (chat) return chat;
    const p = Promise.all([session ?? startSession(), loadScript()]).then(([s, mod]) => {
      panel.replaceChildren();
      return mod.mount({
        base,
        publicKey,
        language: lang,
        shadow,
        panel,
        session: s,
        close: () => api.close(),
        emit,
      });
    });
    chat = p;
    p.catch(() => {
      chat = null;
      const note = document.createElement("p");
      note.className = "ed-unavailable";
      note.setAttribute("role", "alert");
      note.textContent = unavailable;
      panel.replaceChildren(note);
    });
    return p;
  };

  const isOpen = () => !panel.hidden;
  const api: EdgedeskApi = {
    loaded: true,
    open() {
      if (isOpen()) return;
      panel.hidden = false;
      root.classList.add("ed-open");
      drawLauncher(true);
      emit("open");
      loadChat().then(
        (c) => c.shown(),
        () => undefined,
      );
    },
    close() {
      if (!isOpen()) return;
      panel.hidden = true;
      root.classList.remove("ed-open");
      drawLauncher(false);
      launcher.focus();
      emit("close");
      chat?.then(
        (c) => c.hidden(),
        () => undefined,
      );
    },
    toggle: () => (isOpen() ? api.close() : api.open()),
    async identify(identity) {
      const s = await startSession(identity);
      const c = await chat;
      c?.setSession(s);
    },
    async setAttributes(attributes) {
      const s = await (session ?? startSession());
      const res = await fetch(`${base}/api/widget/attributes`, {
        method: "PUT",
        mode: "cors",
        credentials: "omit",
        headers: { "content-type": "application/json", authorization: `Bearer ${s.visitorToken}` },
        body: JSON.stringify({ attributes }),
      });
      if (!res.ok) throw new Error(`setAttributes: HTTP ${res.status}`);
    },
    on(event, fn) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => api.off(event, fn);
    },
    off: (event, fn) => void listeners.get(event)?.delete(fn),
  };

  launcher.addEventListener("click", api.toggle);
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && isOpen()) api.close();
  });
  listeners.set(
    "unread",
    new Set([
      (n) => {
        badge.hidden = !(typeof n === "number" && n > 0);
        badge.textContent = String(n);
      },
    ]),
  );

  const queued = (window.Edgedesk as { q?: Call[] } | undefined)?.q ?? [];
  window.Edgedesk = api;
  (document.body ?? document.documentElement).append(host);
  // Start the session when the page is idle so the shop's own loading goes first.
  const idle = (fn: () => void) =>
    "requestIdleCallback" in window
      ? requestIdleCallback(fn, { timeout: 2000 })
      : setTimeout(fn, 200);
  idle(() => {
    if (!session) startSession().catch(() => undefined);
  });
  for (const [method, ...args] of queued) {
    const fn = (api as unknown as Record<string, unknown>)[method];
    if (typeof fn === "function") (fn as (...a: unknown[]) => unknown).apply(api, args);
  }
  window.dispatchEvent(new CustomEvent("edgedesk:ready"));
}

const script = findScript();
if (script && !(window.Edgedesk && "loaded" in window.Edgedesk)) {
  if (document.body) boot(script);
  else document.addEventListener("DOMContentLoaded", () => boot(script), { once: true });
}
