import { useState } from "preact/hooks";
import { conversations } from "../shared/api";
import { ErrorNote, useAction } from "../shared/ui";

/** The conversation's tags: shown to everyone, edited by agents (POST /api/conversations/:id/tags). */
export function TagEditor({
  id,
  tags,
  canEdit,
  onChange,
}: {
  id: string;
  tags: string[];
  canEdit: boolean;
  onChange(tags: string[]): void;
}) {
  const [draft, setDraft] = useState("");
  const act = useAction(async (change: { add?: string[]; remove?: string[] }) => {
    await conversations.tags(id, change);
    onChange([
      ...tags.filter((t) => !change.remove?.includes(t)),
      ...(change.add ?? []).filter((t) => !tags.includes(t)),
    ]);
  });
  return (
    <div class="tags" aria-label="Tags" role="group">
      {tags.map((t) => (
        <span class="pill pill-info" key={t}>
          {t}
          {canEdit && (
            <button
              type="button"
              class="tag-x"
              aria-label={`Remove tag ${t}`}
              disabled={act.busy}
              onClick={() => void act.run({ remove: [t] })}
            >
              ×
            </button>
          )}
        </span>
      ))}
      {canEdit && (
        <form
          class="tag-add"
          onSubmit={(e) => {
            e.preventDefault();
            const t = draft.trim().toLowerCase();
            if (t) void act.run({ add: [t] }).then((ok) => ok && setDraft(""));
          }}
        >
          <input
            aria-label="Add a tag"
            placeholder="+ tag"
            maxLength={40}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </form>
      )}
      <ErrorNote error={act.error} />
    </div>
  );
}
