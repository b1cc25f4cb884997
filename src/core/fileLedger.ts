import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Clock } from './clock';
import { withFileLock, writeFileAtomic } from './fileLock';
import { bookOps, emptyBook, type Claim, type LedgerEntry, type LedgerFactory, type LedgerRules, type RobotBook, type SlotLedger } from './slotLedger';

const VERSION = 1;

interface LedgerData {
  version: number;
  /** By a hash of the robot's queue key: the file names no robot. */
  robots: Record<string, RobotBook>;
}

export interface FileLedgerOptions {
  /** Told when the file cannot be used; the ledger then goes on with what this process last saw. */
  onError?: (error: unknown) => void;
}

const STATES: ReadonlySet<string> = new Set(['planned', 'sending', 'done']);

function isEntry(value: unknown): value is LedgerEntry {
  const entry = value as Partial<LedgerEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.id === 'string' &&
    STATES.has(entry.state as string) &&
    Number.isFinite(entry.at) &&
    Number.isFinite(entry.expires)
  );
}

/** The ledger's books; anything unreadable (a half-written file from an older version, say) is left out. */
function parseLedger(text: string | undefined): LedgerData {
  const data: LedgerData = { version: VERSION, robots: {} };
  if (text === undefined) {
    return data;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return data;
  }
  const robots = (parsed as Partial<LedgerData> | null)?.robots;
  if ((parsed as Partial<LedgerData>).version !== VERSION || typeof robots !== 'object' || robots === null) {
    return data;
  }
  for (const [key, book] of Object.entries(robots)) {
    const entries = Array.isArray(book?.entries) ? book.entries.filter(isEntry) : [];
    data.robots[key] = { pausedUntil: Number.isFinite(book?.pausedUntil) ? book.pausedUntil : 0, entries };
  }
  return data;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

function hashed(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function copy(book: RobotBook): RobotBook {
  return { pausedUntil: book.pausedUntil, entries: book.entries.map((entry) => ({ ...entry })) };
}

/**
 * The ledger every process of the user on this machine shares: a small JSON file, read and
 * rewritten whole under a cross-process lock on each operation (a few hundred bytes per robot, and
 * a handful of operations per message). Lapsed bookings of crashed processes are pruned on the way.
 */
export class FileLedger implements SlotLedger {
  private readonly seen = new Map<string, RobotBook>();

  constructor(
    private readonly file: string,
    private readonly rules: LedgerRules,
    private readonly clock: Clock,
    private readonly options: FileLedgerOptions = {},
  ) {}

  reserve(key: string, id: string, notBefore: number): Promise<number> {
    return this.change(key, (book, now) => bookOps.reserve(book, id, notBefore, now, this.rules));
  }

  claim(key: string, id: string): Promise<Claim> {
    return this.change(key, (book, now) => bookOps.claim(book, id, now, this.rules));
  }

  confirm(key: string, id: string): Promise<void> {
    return this.change(key, (book, now) => bookOps.confirm(book, id, now));
  }

  release(key: string, id: string): Promise<void> {
    return this.change(key, (book) => bookOps.release(book, id));
  }

  pause(key: string, until: number): Promise<void> {
    return this.change(key, (book, now) => bookOps.pause(book, until, now, this.rules));
  }

  view(key: string): Readonly<RobotBook> {
    return this.seen.get(key) ?? emptyBook();
  }

  // No lock: the file is replaced whole (writeFileAtomic), so a read sees one state or the next.
  async refresh(key: string): Promise<void> {
    try {
      const book = parseLedger(await readText(this.file)).robots[hashed(key)];
      if (book) {
        this.seen.set(key, copy(book));
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async change<T>(key: string, apply: (book: RobotBook, now: number) => T): Promise<T> {
    try {
      return await withFileLock(this.file, async () => {
        const data = parseLedger(await readText(this.file));
        const now = this.clock.now();
        for (const [name, book] of Object.entries(data.robots)) {
          bookOps.prune(book, now, this.rules);
          if (book.entries.length === 0 && book.pausedUntil === 0) {
            delete data.robots[name];
          }
        }
        const book = (data.robots[hashed(key)] ??= emptyBook());
        const result = apply(book, now);
        await writeFileAtomic(this.file, JSON.stringify(data));
        this.seen.set(key, copy(book));
        return result;
      });
    } catch (error) {
      this.options.onError?.(error);
      // This process's own sends still keep to the limit; only the other windows' are not seen.
      const book = copy(this.view(key));
      const now = this.clock.now();
      bookOps.prune(book, now, this.rules);
      const result = apply(book, now);
      this.seen.set(key, book);
      return result;
    }
  }
}

/** A ledger factory for the shared file at `file` (the extension keeps it in its global storage). */
export function fileLedger(file: string, options: FileLedgerOptions = {}): LedgerFactory {
  return (rules, clock) => new FileLedger(file, rules, clock, options);
}
