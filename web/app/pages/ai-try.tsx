import { useState } from "preact/hooks";
import { settings } from "../../shared/api";
import type { TryResult } from "../../shared/api-types";
import { Card, ErrorNote, Field, formValue, useAction } from "../../shared/ui";
import { LANGUAGES } from "../languages";

interface Turn {
  message: string;
  result: TryResult;
}

/** Asks the assistant as a shopper would and shows what it retrieved and decided. */
export function TryIt({ languages }: { languages: string[] }) {
  const [message, setMessage] = useState("");
  const [language, setLanguage] = useState("");
  const [turns, setTurns] = useState<Turn[]>([]);
  const act = useAction(async () => {
    const result = await settings.tryAi({ message, language: language || undefined });
    setTurns([{ message, result }, ...turns].slice(0, 5));
    setMessage("");
  });
  return (
    <Card title="Try it">
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run();
        }}
      >
        <Field label="Ask as a shopper">
          <input name="try-message" required maxLength={1000} value={message} onInput={(e) => setMessage(formValue(e))} placeholder="¿Cuánto tarda el envío?" />
        </Field>
        <Field label="Language">
          <select name="try-language" value={language} onChange={(e) => setLanguage(formValue(e))}>
            <option value="">Detect</option>
            {LANGUAGES.filter(([c]) => languages.includes(c) || c === "en").map(([c, n]) => (
              <option value={c}>{n}</option>
            ))}
          </select>
        </Field>
        <button class="btn field-aligned" type="submit" disabled={act.busy}>
          Ask
        </button>
      </form>
      <ErrorNote error={act.error} />
      <ol class="plain-list try-turns" aria-live="polite">
        {turns.map((t, i) => (
          <li key={i} class="try-turn">
            <p>
              <strong>Shopper:</strong> {t.message}
            </p>
            <p>
              <strong>Decision:</strong> <span class="pill pill-info try-decision">{t.result.decision}</span>
            </p>
            <p class="try-reply">
              <strong>Reply:</strong> {t.result.reply ?? <em class="muted">no reply (hands over)</em>}
            </p>
            <table>
              <caption class="muted">Retrieved entries</caption>
              <thead>
                <tr>
                  <th>Question</th>
                  <th>Score</th>
                </tr>
              </thead>
              <tbody>
                {t.result.hits.length === 0 && (
                  <tr>
                    <td colSpan={2} class="muted">
                      Nothing matched.
                    </td>
                  </tr>
                )}
                {t.result.hits.map((h) => (
                  <tr key={h.id}>
                    <td>{h.question}</td>
                    <td>{h.score.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
    </Card>
  );
}
