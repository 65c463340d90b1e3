import { useEffect, useRef, useState } from "preact/hooks";
import { kb } from "../../shared/api";
import type { ImportJob } from "../../shared/api-types";
import { Card, ErrorNote, Field, formatDate, formValue, Loading, Notice, useAction, useAsync } from "../../shared/ui";

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
        CSV with <code>question,answer</code> columns (optional <code>language,tags</code>), or JSONL with one <code>{'{"question":…,"answer":…}'}</code> per line.
      </p>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run();
        }}
      >
        <Field label="File">
          <input ref={file} type="file" name="import-file" accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson" />
        </Field>
        <button class="btn field-aligned" type="submit" disabled={act.busy || !!running}>
          Import
        </button>
      </form>
      <ErrorNote error={act.error ?? pollError} />
      {job && (
        <div class="import-progress" data-status={job.status}>
          <label for="import-bar">
            {job.status === "done" ? "Import finished" : job.status === "failed" ? "Import failed" : "Importing…"} — {job.processed} of {job.total || "?"} rows
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
      <button type="button" class="btn btn-small" aria-label={`Add to knowledge: ${text}`} onClick={() => setOpen(true)}>
        Add to knowledge
      </button>
    );
  return (
    <form
      class="answer-form"
      onSubmit={(e) => {
        e.preventDefault();
        void act.run();
      }}
    >
      <ErrorNote error={act.error} />
      <Field label={`Answer to “${text}”`}>
        <textarea required rows={3} value={answer} onInput={(e) => setAnswer(formValue(e))} />
      </Field>
      <button class="btn btn-small" type="submit" disabled={act.busy}>
        Save to knowledge
      </button>
    </form>
  );
}

export function UnansweredCard({ onAnswered }: { onAnswered(): void }) {
  const list = useAsync(() => kb.unanswered(), []);
  const [answered, setAnswered] = useState<string[]>([]);
  const open = (list.data?.questions ?? []).filter((q) => !answered.includes(q.id));
  return (
    <Card title="Questions the AI could not answer">
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && open.length === 0 && <Notice kind="success">No open questions. The AI had an answer for everything lately.</Notice>}
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
