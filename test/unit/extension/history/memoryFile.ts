import type { HistoryFile } from '../../../../src/extension/history/store';

/**
 * A history file in memory that behaves like one on disk: every read and write takes a turn of the
 * event loop (longer with `delayMs`), so changes can overlap, and it counts writes running at once.
 */
export class MemoryHistoryFile implements HistoryFile {
  text: string | undefined;
  readonly backups: string[] = [];
  writes = 0;
  maxConcurrentWrites = 0;
  delayMs = 0;
  private writing = 0;

  constructor(text?: string) {
    this.text = text;
  }

  async read(): Promise<string | undefined> {
    await this.pause();
    return this.text;
  }

  async write(text: string): Promise<void> {
    this.writing += 1;
    this.maxConcurrentWrites = Math.max(this.maxConcurrentWrites, this.writing);
    try {
      await this.pause();
      this.text = text;
      this.writes += 1;
    } finally {
      this.writing -= 1;
    }
  }

  async backup(text: string): Promise<string> {
    this.backups.push(text);
    return `history.json.bak (${this.backups.length})`;
  }

  /** The entries as written, for assertions. */
  json(): { version: number; entries: Array<Record<string, unknown>> } {
    return JSON.parse(this.text ?? '{"version":1,"entries":[]}') as { version: number; entries: Array<Record<string, unknown>> };
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => (this.delayMs > 0 ? setTimeout(resolve, this.delayMs) : setImmediate(resolve)));
  }
}
