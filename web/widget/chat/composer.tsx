import { useRef, useState } from "preact/hooks";
import type { Attachment } from "../../../workers/wire/socket";
import type { Strings } from "./strings";

interface Props {
  s: Strings;
  inputRef: { current: HTMLTextAreaElement | null };
  onSend(text: string, attachments?: Attachment[]): void;
  onTyping(): void;
  upload(file: File): Promise<Attachment>;
}

const ATTACH_ICON =
  "M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z";
const SEND_ICON = "M2 21l21-9L2 3v7l15 2-15 2z";

export function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

/** The server refuses longer messages; the composer says so with a counter instead of cutting a paste short. */
export const MAX_MESSAGE = 4000;
const COUNTER_FROM = MAX_MESSAGE - 500;

export function Composer({ s, inputRef, onSend, onTyping, upload }: Props) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);

  const submit = (e?: Event) => {
    e?.preventDefault();
    const t = text.trim();
    if (!t || t.length > MAX_MESSAGE) return;
    onSend(t);
    setText("");
  };

  const pick = async () => {
    const f = file.current?.files?.[0];
    if (!f) return;
    setBusy(true);
    setProblem(null);
    try {
      onSend("", [await upload(f)]);
    } catch {
      setProblem(s.uploadFailed);
    } finally {
      setBusy(false);
      if (file.current) file.current.value = "";
    }
  };

  return (
    <form class="ed-composer" onSubmit={submit}>
      {problem && (
        <p class="ed-problem" role="alert">
          {problem}
        </p>
      )}
      <div class="ed-compose-row">
        <label class="ed-iconbtn" title={s.attach}>
          <input
            ref={file}
            type="file"
            accept="image/*"
            class="ed-visually-hidden"
            aria-label={s.attach}
            disabled={busy}
            onChange={pick}
          />
          <Icon d={ATTACH_ICON} />
        </label>
        <textarea
          ref={inputRef}
          rows={1}
          value={text}
          placeholder={busy ? s.uploading : s.placeholder}
          aria-label={s.messageLabel}
          aria-invalid={text.length > MAX_MESSAGE}
          aria-describedby={text.length > COUNTER_FROM ? "ed-count" : undefined}
          onInput={(e) => {
            setText((e.currentTarget as HTMLTextAreaElement).value);
            onTyping();
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) submit(e);
          }}
        />
        <button
          type="submit"
          class="ed-iconbtn ed-send"
          aria-label={s.send}
          title={s.send}
          disabled={!text.trim() || text.trim().length > MAX_MESSAGE}
        >
          <Icon d={SEND_ICON} />
        </button>
      </div>
      {text.length > COUNTER_FROM && (
        <p
          id="ed-count"
          class={`ed-count${text.length > MAX_MESSAGE ? " ed-over" : ""}`}
          aria-live="polite"
        >
          {text.length} / {MAX_MESSAGE}
        </p>
      )}
    </form>
  );
}
