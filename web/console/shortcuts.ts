import { useEffect } from "preact/hooks";

/** Single-key shortcuts, active only when focus is not in a text field (so typing never triggers them). */
export const SHORTCUTS: [key: string, action: string][] = [
  ["j / k", "Next / previous conversation"],
  ["r", "Reply"],
  ["n", "Write a private note"],
  ["t", "Take over"],
  ["h", "Hand back to the AI"],
  ["e", "Resolve"],
  ["o", "Reopen"],
  ["a", "Assign or transfer"],
  ["/", "Search conversations"],
  ["?", "Show these shortcuts"],
  ["Esc", "Leave the reply box"],
];

export type ShortcutHandlers = Partial<
  Record<
    | "next"
    | "prev"
    | "reply"
    | "note"
    | "takeover"
    | "handback"
    | "resolve"
    | "reopen"
    | "assign"
    | "search"
    | "help"
    | "escape",
    () => void
  >
>;

const KEYMAP: Record<string, keyof ShortcutHandlers> = {
  j: "next",
  k: "prev",
  r: "reply",
  n: "note",
  t: "takeover",
  h: "handback",
  e: "resolve",
  o: "reopen",
  a: "assign",
  "/": "search",
  "?": "help",
};

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (e.key === "Escape") return handlers.escape?.();
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const name = KEYMAP[e.key];
      const fn = name && handlers[name];
      if (fn) {
        e.preventDefault();
        fn();
      }
    };
    addEventListener("keydown", on);
    return () => removeEventListener("keydown", on);
  });
}
