/**
 * The conversation object has one alarm but several reasons to wake: outbox retries and AI turns
 * (the engine's), delayed workflow steps and the reply-window warning. Each timed purpose keeps its
 * due time here, and the alarm is always set to the earliest of everything owed.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS timers (purpose TEXT PRIMARY KEY, due_at INTEGER NOT NULL)`;

export type TimerPurpose = "workflow" | "window";

export class Timers {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  /** Sets a purpose's due time; `earliest` keeps an earlier one already set (several delayed steps share one timer). */
  set(purpose: TimerPurpose, at: number, opts: { earliest?: boolean } = {}): void {
    const conflict = opts.earliest ? "DO UPDATE SET due_at = min(due_at, excluded.due_at)" : "DO UPDATE SET due_at = excluded.due_at";
    this.sql.exec(`INSERT INTO timers (purpose, due_at) VALUES (?, ?) ON CONFLICT(purpose) ${conflict}`, purpose, at);
  }

  clear(purpose: TimerPurpose): void {
    this.sql.exec("DELETE FROM timers WHERE purpose = ?", purpose);
  }

  /** Removes and returns the purposes due by `now`. */
  takeDue(now: number): TimerPurpose[] {
    return this.sql.exec<{ purpose: TimerPurpose }>("DELETE FROM timers WHERE due_at <= ? RETURNING purpose", now).toArray().map((r) => r.purpose);
  }

  next(): number | null {
    const row = this.sql.exec<{ at: number | null }>("SELECT min(due_at) AS at FROM timers").one();
    return row.at === null ? null : Number(row.at);
  }
}
