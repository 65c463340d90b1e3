import { useState } from "preact/hooks";
import { fill, type Strings } from "./strings";

/** 1–5 stars and an optional comment, shown once a conversation is resolved and not yet rated. */
export function Rating({
  s,
  onRate,
}: {
  s: Strings;
  onRate(score: number, comment: string): boolean;
}) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState("");
  return (
    <form
      class="ed-rating"
      onSubmit={(e) => {
        e.preventDefault();
        if (score) onRate(score, comment.trim());
      }}
    >
      <fieldset>
        <legend>{s.rateTitle}</legend>
        <div class="ed-stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= score ? "ed-star ed-on" : "ed-star"}>
              <input
                type="radio"
                name="ed-score"
                value={n}
                checked={score === n}
                class="ed-visually-hidden"
                onChange={() => setScore(n)}
              />
              <span aria-hidden="true">★</span>
              <span class="ed-visually-hidden">{fill(s.star, { n })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label class="ed-visually-hidden" for="ed-rate-comment">
        {s.rateComment}
      </label>
      <textarea
        id="ed-rate-comment"
        rows={2}
        maxLength={1000}
        placeholder={s.rateComment}
        value={comment}
        onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <button type="submit" class="ed-btn" disabled={!score}>
        {s.rateSend}
      </button>
    </form>
  );
}
