/**
 * chat.js: the conversation UI, fetched by the loader on first open. Registers itself as
 * `window.EdgedeskChat` (IIFE global) and renders into the panel the loader made.
 */
import { render } from "preact";
import type { ChatController, ChatHost, ChatModule, WidgetSession } from "../contract";
import { adoptCss } from "../loader/dom";
import { ChatApp, type ChatBus } from "./app";
import css from "./chat.css?inline";

function createBus(session: WidgetSession): ChatBus {
  const subs = new Set<() => void>();
  return {
    visible: false,
    session,
    notify: () => subs.forEach((fn) => fn()),
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

/** The one export: `window.EdgedeskChat.mount(host)`. */
export const mount: ChatModule["mount"] = (host: ChatHost): ChatController => {
  adoptCss(host.shadow, css);
  const bus = createBus(host.session);
  const inputRef: { current: HTMLTextAreaElement | null } = { current: null };
  render(<ChatApp host={host} bus={bus} inputRef={inputRef} />, host.panel);
  host.emit("ready");
  return {
    shown() {
      bus.visible = true;
      bus.notify();
      // Focus after the panel is painted, so screen readers announce the dialog first.
      requestAnimationFrame(() => inputRef.current?.focus());
    },
    hidden() {
      bus.visible = false;
      bus.notify();
    },
    setSession(session) {
      bus.session = session;
      bus.notify();
    },
  };
};
