import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { CannedReply } from "../shared/api-types";
import { ErrorNote } from "../shared/ui";

interface Props {
  text: string;
  setText(t: string): void;
  note: boolean;
  setNote(n: boolean): void;
  onSend(): void;
  /** Uploads a file and sends it (with the typed text) as one message. */
  onAttach(file: File): void;
  attachError?: unknown;
  onTyping(on: boolean): void;
  inputRef: { current: HTMLTextAreaElement | null };
  canned: CannedReply[];
  disabledReason: string | null;
  busy?: boolean;
}

/** Canned replies whose shortcut or text contains the words typed after `/`. */
export function matchCanned(all: CannedReply[], query: string): CannedReply[] {
  const q = query.trim().toLowerCase();
  return all
    .filter((c) => !q || c.shortcut.toLowerCase().includes(q) || c.text.toLowerCase().includes(q))
    .slice(0, 8);
}

export function AgentComposer(p: Props) {
  const [active, setActive] = useState(0);
  const typingOff = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The box grows with its text (up to the CSS max-height, then scrolls) and shrinks when sent.
  useLayoutEffect(() => {
    const el = p.inputRef.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
  }, [p.text, p.inputRef]);
  const slash = /^\/(\S*)$/.exec(p.text);
  const matches = slash ? matchCanned(p.canned, slash[1]) : [];
  const open = !!slash;
  const pick = (c: CannedReply) => {
    p.setText(c.text);
    setActive(0);
    p.inputRef.current?.focus();
  };
  const submit = () => {
    if (!p.text.trim() || p.disabledReason || open) return;
    p.onSend();
    p.onTyping(false);
  };
  return (
    <form
      class={`composer ${p.note ? "composer-note" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div class="composer-modes" role="group" aria-label="Message type">
        <button
          type="button"
          class="btn btn-ghost btn-small"
          aria-pressed={!p.note}
          onClick={() => p.setNote(false)}
        >
          Reply
        </button>
        <button
          type="button"
          class="btn btn-ghost btn-small"
          aria-pressed={p.note}
          onClick={() => p.setNote(true)}
        >
          Private note
        </button>
        <span class="muted hint">
          Type / for canned replies · Enter sends · Shift+Enter new line
        </span>
      </div>
      {p.disabledReason && <p class="muted composer-disabled">{p.disabledReason}</p>}
      {p.attachError ? <ErrorNote error={p.attachError} /> : null}
      <div class="composer-box">
        {open && (
          <ul class="canned" id="canned-list" role="listbox" aria-label="Canned replies">
            {matches.length === 0 && <li class="muted">No canned replies match.</li>}
            {matches.map((c, i) => (
              <li
                key={c.id}
                id={`canned-${c.id}`}
                role="option"
                aria-selected={i === active}
                class={i === active ? "active" : ""}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(c);
                }}
              >
                <strong>/{c.shortcut}</strong> <span class="muted">{c.text}</span>
              </li>
            ))}
          </ul>
        )}
        <textarea
          ref={p.inputRef}
          rows={1}
          aria-label={p.note ? "Private note (agents only)" : "Reply to the customer"}
          aria-controls={open ? "canned-list" : undefined}
          aria-autocomplete="list"
          aria-activedescendant={
            open && matches[active] ? `canned-${matches[active].id}` : undefined
          }
          value={p.text}
          disabled={!!p.disabledReason}
          placeholder={p.note ? "Only your team sees notes" : "Write a reply…"}
          onInput={(e) => {
            p.setText(e.currentTarget.value);
            setActive(0);
            p.onTyping(true);
            clearTimeout(typingOff.current);
            typingOff.current = setTimeout(() => p.onTyping(false), 4000);
          }}
          onKeyDown={(e) => {
            if (open && matches.length) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                setActive(
                  (active + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length,
                );
                return;
              }
              if (e.key === "Enter" || e.key === "Tab") {
                e.preventDefault();
                pick(matches[active]);
                return;
              }
            }
            if (e.key === "Escape") {
              if (open) p.setText("");
              else e.currentTarget.blur();
              e.stopPropagation();
              return;
            }
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <label
          class={`btn btn-ghost attach ${p.disabledReason || p.busy ? "disabled" : ""}`}
          title="Attach a file"
        >
          <input
            type="file"
            class="visually-hidden"
            aria-label="Attach a file"
            disabled={!!p.disabledReason || p.busy}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              e.currentTarget.value = "";
              if (f) p.onAttach(f);
            }}
          />
          Attach
        </label>
        <button type="submit" class="btn" disabled={!p.text.trim() || !!p.disabledReason || p.busy}>
          {p.note ? "Add note" : "Send"}
        </button>
      </div>
    </form>
  );
}
