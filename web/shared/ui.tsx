/** Small building blocks shared by the dashboard and console: labelled fields, notices, async data. */
import { cloneElement, isValidElement, type ComponentChildren, type TargetedEvent } from "preact";
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiFailure, describeError } from "./http";

/**
 * A label, its control and an optional hint. The label points at the control with `for`/`id`
 * (a wrapping label would fold a select's current value into the control's accessible name).
 */
export function Field({
  label,
  hint,
  error,
  children,
  class: cls,
}: {
  label: string;
  hint?: string;
  /** The server's message for this field (see `fieldErrors`). */
  error?: string;
  children: ComponentChildren;
  class?: string;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        "aria-describedby": described || undefined,
        "aria-invalid": error ? true : undefined,
      })
    : children;
  return (
    <div class={`field ${cls ?? ""}`}>
      <label class="field-label" for={id}>
        {label}
      </label>
      {control}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
      {hint && (
        <span class="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

/**
 * A 422's messages by field, keyed by the path under `prefix` (`credentials.botToken` with prefix
 * `credentials` → `botToken`); empty for any other error.
 */
export function fieldErrors(error: unknown, prefix = ""): Record<string, string> {
  if (!(error instanceof ApiFailure) || !Array.isArray(error.details)) return {};
  const out: Record<string, string> = {};
  const lead = prefix ? `${prefix}.` : "";
  for (const d of error.details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.path !== "string" || typeof d.message !== "string") continue;
    if (!d.path.startsWith(lead)) continue;
    const key = d.path.slice(lead.length);
    out[key] ??= d.message;
  }
  return out;
}

/** What a form that lays itself out gets from `ActionForm`: its error note and its submit button. */
export interface ActionFormSlots {
  error: ComponentChildren;
  button: ComponentChildren;
}

/**
 * The dashboard's form skeleton: submitting runs `action` (see `useAction`); its error shows above
 * the fields (or below, `errorBelow`), and the submit button is disabled while it runs. A form whose
 * button sits inside a row, or whose error shows elsewhere, passes `children` as a function and
 * places the two slots itself (`after` is then not used).
 */
export function ActionForm({
  action,
  submit,
  busyLabel,
  disabled,
  class: cls,
  id,
  label,
  buttonClass = "btn",
  errorBelow,
  after,
  children,
}: {
  action: { busy: boolean; error: unknown; run(): Promise<boolean> };
  submit: string;
  /** The button's text while the action runs (default: unchanged). */
  busyLabel?: string;
  disabled?: boolean;
  class?: string;
  id?: string;
  /** The form's accessible name (`aria-label`). */
  label?: string;
  buttonClass?: string;
  /** Row forms show the error after the button, in a full-width line with `after`. */
  errorBelow?: boolean;
  after?: ComponentChildren;
  children: ComponentChildren | ((slots: ActionFormSlots) => ComponentChildren);
}) {
  const error = <ErrorNote error={action.error} />;
  const button = (
    <button class={buttonClass} type="submit" disabled={action.busy || disabled}>
      {action.busy && busyLabel ? busyLabel : submit}
    </button>
  );
  return (
    <form
      class={cls}
      id={id}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      {typeof children === "function" ? (
        children({ error, button })
      ) : (
        <>
          {!errorBelow && error}
          {children}
          {button}
          {errorBelow ? (
            <div class="full">
              {error}
              {after}
            </div>
          ) : (
            after
          )}
        </>
      )}
    </form>
  );
}

export function Notice({
  kind = "info",
  children,
}: {
  kind?: "info" | "error" | "success" | "warn";
  children: ComponentChildren;
}) {
  return (
    <p class={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </p>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return <Notice kind="error">{describeError(error)}</Notice>;
}

export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  useEffect(() => {
    document.title = `${title} · Edgedesk`;
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions && <div class="page-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function Card({
  title,
  children,
  id,
}: {
  title?: string;
  children: ComponentChildren;
  id?: string;
}) {
  return (
    <section class="card" id={id} aria-label={title}>
      {title && <h2 class="card-title">{title}</h2>}
      {children}
    </section>
  );
}

/** A read-only value with a Copy button (webhook URLs, tokens, the widget snippet). */
export function CopyField({
  label,
  value,
  multiline,
}: {
  label: string;
  value: string;
  multiline?: boolean;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard needs a secure context and focus; selecting lets the user copy by hand.
      const el = document.activeElement?.parentElement?.querySelector<
        HTMLInputElement | HTMLTextAreaElement
      >("input,textarea");
      el?.select();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div class="copy-field">
      <Field label={label}>
        {multiline ? (
          <textarea readOnly rows={4} value={value} class="mono" />
        ) : (
          <input readOnly value={value} class="mono" />
        )}
      </Field>
      <button type="button" class="btn btn-secondary" onClick={copy} aria-label={`Copy ${label}`}>
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  set(data: T): void;
}

/** Runs `fn` when `deps` change; stale answers (from an older run) are dropped. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): Async<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const run = useRef(0);
  const reload = useCallback(() => {
    const id = ++run.current;
    setLoading(true);
    fn().then(
      (d) => {
        if (id !== run.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== run.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, deps);
  useEffect(reload, [reload]);
  return { data, error, loading, reload, set: setData };
}

/** Wraps a submit handler: busy flag, error capture, and preventDefault. */
export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await fn(...args);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}

export const formValue = (
  e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>,
) => e.currentTarget.value;

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label}
    </p>
  );
}

export function formatDate(ms: number | null | undefined): string {
  if (!ms) return "—";
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${m % 60}m`;
}

export function timeAgo(ms: number | null | undefined, now = Date.now()): string {
  if (!ms) return "";
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return "now";
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
