import { useState } from "preact/hooks";
import { settings } from "../../shared/api";
import type { TryResult } from "../../shared/api-types";
import { Card, ErrorNote, Field, formValue, useAction } from "../../shared/ui";

interface Turn {
  message: string;
  result: TryResult;
}

/** Asks the assistant as a shopper would and shows what it retrieved and decided. */
export function TryIt() {
  const [message, setMessage] = useState("");
  const [vip, setVip] = useState(false);
  const [country, setCountry] = useState("");
  const [turns, setTurns] = useState<Turn[]>([]);
  const act = useAction(async () => {
    const result = await settings.tryAi({ message, vip, ...(country ? { country } : {}) });
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
          <input
            name="try-message"
            required
            maxLength={1000}
            value={message}
            onInput={(e) => setMessage(formValue(e))}
            placeholder="¿Cuánto tarda el envío?"
          />
        </Field>
        <Field label="From country (e.g. CH)">
          <input
            name="try-country"
            class="narrow"
            maxLength={2}
            pattern="[A-Za-z]{2}"
            value={country}
            onInput={(e) => setCountry(formValue(e).toUpperCase())}
          />
        </Field>
        <label class="check field-aligned">
          <input
            type="checkbox"
            name="try-vip"
            checked={vip}
            onChange={(e) => setVip(e.currentTarget.checked)}
          />{" "}
          As a VIP customer
        </label>
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
              <strong>Decision:</strong>{" "}
              <span class="pill pill-info try-decision">{t.result.decision}</span>
              {t.result.rule && <span class="muted"> (rule: {t.result.rule})</span>}
            </p>
            <p class="try-reply">
              <strong>Reply:</strong>{" "}
              {t.result.reply ?? <em class="muted">no reply (hands over)</em>}
            </p>
            <p class="try-tags">
              <strong>Intent:</strong> {t.result.result.intent ?? "none"} · <strong>Tags:</strong>{" "}
              {t.result.result.tags?.length ? t.result.result.tags.join(", ") : "none"}
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
