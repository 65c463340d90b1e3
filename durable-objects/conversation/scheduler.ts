/**
 * The conversation's one alarm, shared by every reason to wake (the model is the Agents SDK's
 * `schedule()`): a small table of due tasks, and the alarm always set to the earliest of them.
 * Tasks: an outbox retry, the coalesced D1 index and event flush, an AI turn owed, a delayed workflow
 * step, the reply-window warning.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS timers (purpose TEXT PRIMARY KEY, due_at INTEGER NOT NULL)`;

export type Task = "retry" | "flush" | "ai" | "workflow" | "window";

export class Scheduler {
  constructor(private readonly storage: DurableObjectStorage) {
    storage.sql.exec(SCHEMA);
  }

  /** Sets a task's due time and arms the alarm; `earliest` keeps an earlier time already set (several delayed steps share one task). */
  async schedule(task: Task, at: number, opts: { earliest?: boolean } = {}): Promise<void> {
    const conflict = opts.earliest
      ? "DO UPDATE SET due_at = min(due_at, excluded.due_at)"
      : "DO UPDATE SET due_at = excluded.due_at";
    this.storage.sql.exec(
      `INSERT INTO timers (purpose, due_at) VALUES (?, ?) ON CONFLICT(purpose) ${conflict}`,
      task,
      at,
    );
    await this.arm();
  }

  /** Drops a task; the alarm may still fire once for it, and finds nothing due. */
  cancel(task: Task): void {
    this.storage.sql.exec("DELETE FROM timers WHERE purpose = ?", task);
  }

  dueAt(task: Task): number | null {
    const row = this.storage.sql
      .exec<{ due_at: number }>("SELECT due_at FROM timers WHERE purpose = ?", task)
      .toArray()[0];
    return row ? Number(row.due_at) : null;
  }

  /** Removes and returns the tasks due by `now` (the alarm handler runs them). */
  takeDue(now: number): Task[] {
    return this.storage.sql
      .exec<{ purpose: Task }>("DELETE FROM timers WHERE due_at <= ? RETURNING purpose", now)
      .toArray()
      .map((r) => r.purpose);
  }

  /**
   * Sets the alarm to the earliest task, unless an earlier alarm is already set. From inside alarm(),
   * `fromAlarm`: a time already past is the alarm now running and counts as none.
   */
  async arm(fromAlarm = false): Promise<void> {
    const row = this.storage.sql
      .exec<{ at: number | null }>("SELECT min(due_at) AS at FROM timers")
      .one();
    if (row.at === null) return;
    const next = Number(row.at);
    const current = await this.storage.getAlarm();
    if (current === null || current > next || (fromAlarm && current <= Date.now()))
      await this.storage.setAlarm(next);
  }
}
