import { useEffect, useRef, useState } from "preact/hooks";
import { kb } from "../../shared/api";
import type { KbEntry, KbEntryInput } from "../../shared/api-types";
import {
  Card,
  ErrorNote,
  Field,
  formValue,
  Loading,
  Notice,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";
import { DocumentCard, ImportCard, UnansweredCard } from "./knowledge-import";

type Draft = {
  question: string;
  answer: string;
  phrasings: string;
  language: string;
  tags: string;
};
const toDraft = (e?: KbEntry): Draft => ({
  question: e?.question ?? "",
  answer: e?.answer ?? "",
  phrasings: (e?.phrasings ?? []).join("\n"),
  language: e?.language ?? "",
  tags: (e?.tags ?? []).join(", "),
});
const fromDraft = (d: Draft): KbEntryInput => ({
  question: d.question.trim(),
  answer: d.answer.trim(),
  phrasings: d.phrasings
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean),
  language: d.language.trim() || null,
  tags: d.tags
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
});

/** `entry` edits it; `translate` starts a new entry from another one, in the target language. */
export function EntryEditor({
  entry,
  translate,
  onSaved,
  onCancel,
  idPrefix,
}: {
  entry?: KbEntry;
  translate?: { from: KbEntry; language: string };
  onSaved(e: KbEntry): void;
  onCancel?(): void;
  idPrefix: string;
}) {
  const [d, setD] = useState(() =>
    translate ? { ...toDraft(translate.from), language: translate.language } : toDraft(entry),
  );
  const set = (k: keyof Draft) => (e: Parameters<typeof formValue>[0]) =>
    setD({ ...d, [k]: formValue(e) });
  // Said next to the button just pressed: the list the entry joins may be far down the page.
  const [added, setAdded] = useState<string | null>(null);
  const act = useAction(async () => {
    setAdded(null);
    const r = entry ? await kb.update(entry.id, fromDraft(d)) : await kb.create(fromDraft(d));
    onSaved(r.entry);
    if (!entry) {
      setD(toDraft());
      setAdded(r.entry.question);
    }
  });
  return (
    <form
      class="entry-editor"
      id={`${idPrefix}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        void act.run();
      }}
    >
      <ErrorNote error={act.error} />
      <Field label="Question">
        <input
          name="question"
          required
          maxLength={500}
          value={d.question}
          onInput={set("question")}
        />
      </Field>
      <Field label="Answer">
        <textarea
          name="answer"
          required
          rows={4}
          maxLength={8000}
          value={d.answer}
          onInput={set("answer")}
        />
      </Field>
      <Field label="Other ways to ask" hint="One per line; helps the AI match questions.">
        <textarea name="phrasings" rows={2} value={d.phrasings} onInput={set("phrasings")} />
      </Field>
      <div class="row">
        <Field label="Language" hint="e.g. en, es; empty = any">
          <input name="language" maxLength={8} value={d.language} onInput={set("language")} />
        </Field>
        <Field label="Tags" hint="Comma separated">
          <input name="tags" value={d.tags} onInput={set("tags")} />
        </Field>
      </div>
      <div class="row">
        <button class="btn" type="submit" disabled={act.busy}>
          {entry ? "Save entry" : "Add entry"}
        </button>
        {onCancel && (
          <button class="btn btn-secondary" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {added && (
        <Notice kind="success">
          Added “{added.length > 80 ? `${added.slice(0, 79)}…` : added}” to your knowledge.
        </Notice>
      )}
    </form>
  );
}

const languageName = (code: string) => {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
};

/**
 * Shopper languages the knowledge base lacks (conversations held in them, fewer entries than in
 * its main language), each with "Add a translation": the entry editor prefilled with a source
 * entry and the shopper's language, for the merchant to translate the text.
 */
function LanguageGapsCard({ onAdded }: { onAdded(): void }) {
  const data = useAsync(() => kb.languageGaps(), []);
  const [open, setOpen] = useState<{ language: string; from: string } | null>(null);
  const gaps = data.data?.gaps ?? [];
  const sources = data.data?.sources ?? [];
  const from = sources.find((e) => e.id === open?.from);
  return (
    <Card title="Shopper languages without entries">
      <ErrorNote error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && gaps.length === 0 && (
        <p class="muted">Every language your shoppers wrote in has entries.</p>
      )}
      {gaps.length > 0 && (
        <p class="muted">
          Shoppers in these languages are matched against{" "}
          {data.data?.mainLanguage ? languageName(data.data.mainLanguage) : "your"} entries; the
          answer is not in their language unless an AI provider translates it (see AI settings,
          “entry in another language”).
        </p>
      )}
      <ul class="plain-list language-gaps">
        {gaps.map((g) => (
          <li key={g.language} data-language={g.language}>
            <div class="entry-head">
              <strong>{languageName(g.language)}</strong>
              <span class="pill">{g.language}</span>
              <span class="muted">
                {g.conversations} {g.conversations === 1 ? "conversation" : "conversations"} ·{" "}
                {g.entries} of {data.data?.mainEntries} entries
              </span>
              <span class="spacer" />
              {sources.length > 0 && (
                <button
                  type="button"
                  class="btn btn-small"
                  aria-label={`Add a translation: ${languageName(g.language)}`}
                  onClick={() => setOpen({ language: g.language, from: sources[0].id })}
                >
                  Add a translation
                </button>
              )}
            </div>
            {open?.language === g.language && from && (
              <div class="translation">
                <Field label="Translate from">
                  <select
                    name="translate-from"
                    value={from.id}
                    onChange={(e) => setOpen({ language: g.language, from: formValue(e) })}
                  >
                    {sources.map((e) => (
                      <option value={e.id} key={e.id}>
                        {e.question}
                      </option>
                    ))}
                  </select>
                </Field>
                <EntryEditor
                  key={from.id}
                  idPrefix={`translate-${g.language}`}
                  translate={{ from, language: g.language }}
                  onSaved={() => {
                    onAdded();
                    data.reload();
                  }}
                  onCancel={() => setOpen(null)}
                />
              </div>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function EntryItem({
  entry,
  onChanged,
}: {
  entry: KbEntry & { score?: number };
  onChanged(): void;
}) {
  const [editing, setEditing] = useState(false);
  const remove = useAction(async () => {
    if (!confirm("Delete this entry?")) return;
    await kb.remove(entry.id);
    onChanged();
  });
  if (editing)
    return (
      <li class="entry">
        <EntryEditor
          idPrefix={`edit-${entry.id}`}
          entry={entry}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  return (
    <li class="entry" data-entry={entry.id}>
      <div class="entry-head">
        <strong>{entry.question}</strong>
        {entry.language && <span class="pill">{entry.language}</span>}
        {entry.tags.map((t) => (
          <span class="pill pill-info" key={t}>
            {t}
          </span>
        ))}
        {typeof entry.score === "number" && (
          <span class="muted">score {entry.score.toFixed(2)}</span>
        )}
        <span class="spacer" />
        <button
          type="button"
          class="btn btn-small btn-secondary"
          aria-label={`Edit: ${entry.question}`}
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
        <button
          type="button"
          class="btn btn-small btn-danger"
          aria-label={`Delete: ${entry.question}`}
          disabled={remove.busy}
          onClick={() => void remove.run()}
        >
          Delete
        </button>
      </div>
      <p class="entry-answer">{entry.answer}</p>
      <ErrorNote error={remove.error} />
    </li>
  );
}

export function KnowledgePage() {
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  // Search as the user types, but not on every keystroke.
  useEffect(() => {
    const t = setTimeout(() => setQuery(q.trim()), 300);
    return () => clearTimeout(t);
  }, [q]);
  // The newest page first; "Show more" appends older pages by the server's cursor.
  const [more, setMore] = useState<{ entries: KbEntry[]; cursor: string | null }>({
    entries: [],
    cursor: null,
  });
  const list = useAsync<(KbEntry & { score?: number })[]>(async () => {
    if (query) {
      setMore({ entries: [], cursor: null });
      return (await kb.search(query)).hits;
    }
    const page = await kb.list();
    setMore({ entries: [], cursor: page.nextCursor });
    return page.entries;
  }, [query]);
  const moreNow = useRef(more);
  moreNow.current = more;
  const showMore = useAction(async () => {
    const { cursor } = more;
    if (!cursor) return;
    const page = await kb.list({ cursor });
    // The list may have changed while the page loaded (a search typed, a reload): a page that no longer
    // follows it is dropped.
    if (moreNow.current.cursor !== cursor) return;
    setMore((m) => ({ entries: [...m.entries, ...page.entries], cursor: page.nextCursor }));
  });
  return (
    <Page title="Knowledge">
      <Card title="Add an entry">
        <EntryEditor idPrefix="new-entry" onSaved={() => list.reload()} />
      </Card>
      <ImportCard onImported={list.reload} />
      <DocumentCard onAdded={list.reload} />
      <UnansweredCard onAnswered={list.reload} />
      <LanguageGapsCard onAdded={list.reload} />
      <Card title="Entries">
        <Field label="Search knowledge">
          <input
            type="search"
            name="kb-search"
            value={q}
            onInput={(e) => setQ(formValue(e))}
            placeholder="e.g. shipping to Spain"
          />
        </Field>
        <ErrorNote error={list.error} />
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && list.data.length === 0 && (
          <p class="muted">{query ? "Nothing matches." : "No entries yet."}</p>
        )}
        <ul class="plain-list entries">
          {[...(list.data ?? []), ...more.entries].map((e) => (
            <EntryItem key={e.id} entry={e} onChanged={list.reload} />
          ))}
        </ul>
        <ErrorNote error={showMore.error} />
        {!query && more.cursor && (
          <button
            type="button"
            class="btn btn-secondary"
            disabled={showMore.busy}
            onClick={() => void showMore.run()}
          >
            Show more
          </button>
        )}
      </Card>
    </Page>
  );
}
