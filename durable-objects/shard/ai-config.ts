import type { TurnConfig } from "../../workers/wire/shard";

/**
 * The AI turn's configuration, held in the shard's memory. Every change bumps the version and drops the
 * copy; a fill read from D1 before a change names the older version and is refused, so a turn never
 * caches what an edit has already replaced. The version carries this instance's id: a fill begun against
 * an evicted instance is refused by the next one.
 */
export class TurnConfigCache {
  private readonly instance = crypto.randomUUID();
  private seq = 0;
  private config: TurnConfig | null = null;

  get version(): string {
    return `${this.instance}:${this.seq}`;
  }

  read(): { version: string; config: TurnConfig | null } {
    return { version: this.version, config: this.config };
  }

  /** Keeps `config` when nothing changed since `version` was read; false when refused. */
  fill(version: string, config: TurnConfig): boolean {
    if (version !== this.version) return false;
    this.config = config;
    return true;
  }

  changed(): void {
    this.seq++;
    this.config = null;
  }
}
