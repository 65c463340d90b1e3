import { useState } from "preact/hooks";
import { assist } from "../shared/api";
import { ErrorNote, useAction } from "../shared/ui";

/** The agent's AI helper: reply suggestions, a summary of the thread, and polishing the draft. */
export function Copilot({
  conversationId,
  draft,
  setDraft,
}: {
  conversationId: string;
  draft: string;
  setDraft(t: string): void;
}) {
  const [suggestions, setSuggestions] = useState<string[] | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const suggest = useAction(async () =>
    setSuggestions((await assist.suggest(conversationId)).suggestions),
  );
  const summarize = useAction(async () =>
    setSummary((await assist.summary(conversationId)).summary),
  );
  const polish = useAction(async (mode: "expand" | "polite") =>
    setDraft((await assist.polish(draft, mode)).text),
  );
  return (
    <section class="side-card copilot" aria-labelledby="copilot-title">
      <h2 id="copilot-title">Copilot</h2>
      <div class="row tight">
        <button
          type="button"
          class="btn btn-small btn-secondary"
          disabled={suggest.busy}
          onClick={() => void suggest.run()}
        >
          Suggest replies
        </button>
        <button
          type="button"
          class="btn btn-small btn-secondary"
          disabled={summarize.busy}
          onClick={() => void summarize.run()}
        >
          Summarize
        </button>
      </div>
      <div class="row tight">
        <button
          type="button"
          class="btn btn-small btn-secondary"
          disabled={!draft.trim() || polish.busy}
          onClick={() => void polish.run("polite")}
        >
          Make polite
        </button>
        <button
          type="button"
          class="btn btn-small btn-secondary"
          disabled={!draft.trim() || polish.busy}
          onClick={() => void polish.run("expand")}
        >
          Expand
        </button>
      </div>
      <ErrorNote error={suggest.error ?? summarize.error ?? polish.error} />
      {summary && (
        <div class="copilot-summary" aria-live="polite">
          <h3>Summary</h3>
          <p>{summary}</p>
        </div>
      )}
      {suggestions && (
        <div aria-live="polite">
          <h3>Suggestions</h3>
          {suggestions.length === 0 && <p class="muted">No suggestion for this conversation.</p>}
          <ul class="plain-list suggestions">
            {suggestions.map((s, i) => (
              <li key={i}>
                <p>{s}</p>
                <button
                  type="button"
                  class="btn btn-small"
                  aria-label={`Use suggestion ${i + 1}`}
                  onClick={() => setDraft(s)}
                >
                  Use
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
