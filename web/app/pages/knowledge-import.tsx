import { useEffect, useRef, useState } from "preact/hooks";
import { conversations, kb, type DocumentFormat } from "../../shared/api";
import { LANGUAGES } from "../languages";
import type { ImportJob } from "../../shared/api-types";
import {
  ActionForm,
  Card,
  ErrorNote,
  Field,
  formatDate,
  formValue,
  Loading,
  Notice,
  useAction,
  useAsync,
} from "../../shared/ui";

const POLL_MS = 700;

/** CSV or JSONL upload; the import runs as a job on the server, polled for its progress bar. */
export function ImportCard({ onImported }: { onImported(): void }) {
  const file = useRef<HTMLInputElement>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const act = useAction(async () => {
    const f = file.current?.files?.[0];
    if (!f) throw new Error("Choose a .csv or .jsonl file first.");
    const format = /\.jsonl?$|\.ndjson$/i.test(f.name) ? "jsonl" : "csv";
    setJob((await kb.import(await f.text(), format)).job);
  });
  const running = job && (job.status === "queued" || job.status === "running");
  useEffect(() => {
    if (!job || !running) return;
    const t = setTimeout(() => {
      kb.importJob(job.id).then(
        (r) => {
          setJob(r.job);
          if (r.job.status === "done") onImported();
        },
        (e: unknown) => setPollError(e),
      );
    }, POLL_MS);
    return () => clearTimeout(t);
  }, [job]);
  return (
    <Card title="Import FAQs">
      <p class="muted">
        CSV with <code>question,answer</code> columns (optional <code>language</code>,{" "}
        <code>tags</code> and <code>phrasings</code>), or JSONL with one{" "}
        <code>{'{"question":…,"answer":…}'}</code> per line. Tags are separated by commas, as in the
        entry form (quote the cell: <code>"shipping, spain"</code>) or by <code>|</code>; phrasings
        by <code>|</code>.
      </p>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run();
        }}
      >
        <Field label="File">
          <input
            ref={file}
            type="file"
            name="import-file"
            accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
          />
        </Field>
        <button class="btn field-aligned" type="submit" disabled={act.busy || !!running}>
          Import
        </button>
      </form>
      <ErrorNote error={act.error ?? pollError} />
      {job && (
        <div class="import-progress" data-status={job.status}>
          <label for="import-bar">
            {job.status === "done"
              ? "Import finished"
              : job.status === "failed"
                ? "Import failed"
                : "Importing…"}{" "}
            — {job.processed} of {job.total || "?"} rows
          </label>
          <progress id="import-bar" max={job.total || 1} value={job.processed} />
          <p class="muted">
            Imported {job.imported}, failed {job.failed}.
          </p>
          {job.errors.length > 0 && (
            <ul class="errors">
              {job.errors.slice(0, 10).map((e) => (
                <li key={e.row}>
                  Row {e.row}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Card>
  );
}

function AnswerForm({ id, text, onDone }: { id: string; text: string; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState("");
  const act = useAction(async () => {
    await kb.answer(id, answer.trim());
    onDone();
  });
  if (!open)
    return (
      <button
        type="button"
        class="btn btn-small"
        aria-label={`Add to knowledge: ${text}`}
        onClick={() => setOpen(true)}
      >
        Add to knowledge
      </button>
    );
  return (
    <ActionForm
      action={act}
      class="answer-form"
      buttonClass="btn btn-small"
      submit="Save to knowledge"
    >
      <Field label={`Answer to “${text}”`}>
        <textarea required rows={3} value={answer} onInput={(e) => setAnswer(formValue(e))} />
      </Field>
    </ActionForm>
  );
}

export function UnansweredCard({ onAnswered }: { onAnswered(): void }) {
  const list = useAsync(() => kb.unanswered(), []);
  // Nothing unanswered means something only once shoppers have written at all.
  const hasConversations = useAsync(
    () => conversations.list({ view: "all", limit: 1 }).then((r) => r.conversations.length > 0),
    [],
  );
  const [answered, setAnswered] = useState<string[]>([]);
  const open = (list.data?.questions ?? []).filter((q) => !answered.includes(q.id));
  return (
    <Card title="Questions the AI could not answer">
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && open.length === 0 && hasConversations.data === false && (
        <Notice kind="info">
          No conversations yet. Questions the AI cannot answer will show up here.
        </Notice>
      )}
      {list.data && open.length === 0 && hasConversations.data === true && (
        <Notice kind="success">
          No open questions. The AI had an answer for everything lately.
        </Notice>
      )}
      <ul class="plain-list unanswered">
        {open.map((q) => (
          <li key={q.id}>
            <div class="entry-head">
              <strong>{q.text}</strong>
              {q.language && <span class="pill">{q.language}</span>}
              <span class="muted">
                {q.reason} · {formatDate(q.createdAt)}
              </span>
            </div>
            <AnswerForm
              id={q.id}
              text={q.text}
              onDone={() => {
                setAnswered([...answered, q.id]);
                onAnswered();
              }}
            />
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The document format a file name suggests (Markdown, HTML, else plain text). */
export function formatOfFile(name: string): DocumentFormat {
  if (/\.(md|markdown)$/i.test(name)) return "markdown";
  if (/\.html?$/i.test(name)) return "html";
  return "text";
}

/** A help-centre page or policy as knowledge: split by the server into one entry per section. */
export function DocumentCard({ onAdded }: { onAdded(): void }) {
  const file = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState("");
  const [format, setFormat] = useState<DocumentFormat>("markdown");
  const [content, setContent] = useState("");
  const [language, setLanguage] = useState("");
  const [added, setAdded] = useState<string | null>(null);
  const act = useAction(async () => {
    setAdded(null);
    const r = await kb.addDocument({
      title: title.trim(),
      format,
      content,
      ...(language ? { language } : {}),
    });
    setAdded(
      `Added “${r.document.title}” as ${r.passages} ${r.passages === 1 ? "entry" : "entries"}, one per section.`,
    );
    setTitle("");
    setContent("");
    if (file.current) file.current.value = "";
    onAdded();
  });
  return (
    <Card title="Add a document">
      <p class="muted">
        A help page, a returns policy, a size guide: Markdown, HTML or plain text, split at its
        headings into entries the assistant can cite.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act.run();
        }}
      >
        <div class="row">
          <Field label="Document file" hint="Or paste the text below.">
            <input
              ref={file}
              type="file"
              name="document-file"
              accept=".md,.markdown,.html,.htm,.txt,text/markdown,text/html,text/plain"
              onChange={async (e) => {
                const f = e.currentTarget.files?.[0];
                if (!f) return;
                setFormat(formatOfFile(f.name));
                if (!title) setTitle(f.name.replace(/\.[^.]+$/, ""));
                setContent(await f.text());
              }}
            />
          </Field>
          <Field label="Title">
            <input
              name="document-title"
              required
              maxLength={200}
              value={title}
              onInput={(e) => setTitle(formValue(e))}
            />
          </Field>
          <Field label="Format">
            <select
              name="document-format"
              value={format}
              onChange={(e) => setFormat(formValue(e) as DocumentFormat)}
            >
              <option value="markdown">Markdown</option>
              <option value="html">HTML</option>
              <option value="text">Plain text</option>
            </select>
          </Field>
          <Field label="Language">
            <select
              name="document-language"
              value={language}
              onChange={(e) => setLanguage(formValue(e))}
            >
              <option value="">Not set</option>
              {LANGUAGES.map(([code, name]) => (
                <option value={code}>{name}</option>
              ))}
            </select>
          </Field>
        </div>
        <Field label="Text">
          <textarea
            name="document-content"
            required
            rows={6}
            maxLength={500_000}
            value={content}
            onInput={(e) => setContent(formValue(e))}
          />
        </Field>
        <ErrorNote error={act.error} />
        {added && <Notice kind="success">{added}</Notice>}
        <button class="btn" type="submit" disabled={act.busy}>
          Add document
        </button>
      </form>
    </Card>
  );
}
