import type { Clock } from './clock';

/** DingTalk's rule as the ledger applies it: at most `limit` sends to a robot in any `windowMs`. */
export interface LedgerRules {
  limit: number;
  windowMs: number;
  /**
   * How long a booking outlives its time without news from its process: a window that crashed
   * leaves bookings that lapse after this. A send still "sending" then counts as finished at that
   * moment, since it may have reached DingTalk.
   */
  holdMs: number;
}

/** One send booked in the ledger. */
export interface LedgerEntry {
  id: string;
  /** planned: waiting for its turn, `at` is when it expects to go; sending: went at `at`; done: finished at `at`. */
  state: 'planned' | 'sending' | 'done';
  at: number;
  /** planned and sending only: when the booking lapses (see `holdMs`). */
  expires: number;
}

/** What the ledger holds for one robot. */
export interface RobotBook {
  /** DingTalk throttles the robot until then (epoch ms; 0 when not). */
  pausedUntil: number;
  entries: LedgerEntry[];
}

export type Claim = { granted: true } | { granted: false; retryAt: number };

/**
 * Where the rate limiter books its sends. Every send first `reserve`s a place (so every process
 * sharing the ledger sees it queued), then `claim`s its slot when it wants to go, and `confirm`s when
 * it is over (or `release`s a place it will not use). Only sends that went (sending or done) decide
 * whether a claim is granted, so the limit holds however bookings lapse or move.
 */
export interface SlotLedger {
  /** Books send `id` to `key` at the earliest time from `notBefore` that the window allows behind every send booked; resolves with that time. */
  reserve(key: string, id: string, notBefore: number): Promise<number>;
  /** Send `id` wants to go now: granted when the sends gone in the last window leave room and no throttle holds; otherwise when to ask again. */
  claim(key: string, id: string): Promise<Claim>;
  /** The send is over (success or failure): its slot counts from now, for one window. */
  confirm(key: string, id: string): Promise<void>;
  /** The send will not go: its booking is dropped. */
  release(key: string, id: string): Promise<void>;
  /** DingTalk throttles `key` until `until`: nothing is granted before then, to any process. */
  pause(key: string, until: number): Promise<void>;
  /** The bookings for `key` as last seen, without waiting (for the queue statistics). */
  view(key: string): Readonly<RobotBook>;
  /** Reads the bookings for `key` again, so `view` has what the other processes wrote since this one last looked. */
  refresh(key: string): Promise<void>;
}

/** Makes the ledger a limiter uses, with the limiter's rules and clock. */
export type LedgerFactory = (rules: LedgerRules, clock: Clock) => SlotLedger;

/** Used for a "sending" booking when the limit is reached by sends still in flight elsewhere: ask again this soon. */
const POLL_MS = 1_000;

/** When an entry counts against the window, as of `now`: a send in flight counts as arriving now. */
function countsAt(entry: LedgerEntry, now: number): number {
  return entry.state === 'done' ? entry.at : Math.max(entry.at, now);
}

/** The earliest time from `lower` at which one more send fits behind `entries`. */
export function nextFreeTime(entries: readonly LedgerEntry[], lower: number, rules: LedgerRules, now: number): number {
  const times = entries.map((entry) => countsAt(entry, now)).sort((a, b) => a - b);
  let at = Math.max(lower, now, times.length > 0 ? times[times.length - 1] : lower);
  if (times.length >= rules.limit) {
    at = Math.max(at, times[times.length - rules.limit] + rules.windowMs);
  }
  return at;
}

/**
 * The ledger's rules as operations on a book, shared by the in-memory and the file ledger: each
 * takes the book as found, changes it in place and returns the answer.
 */
export const bookOps = {
  /** Drops what no longer matters: sends done more than a window ago, lapsed bookings. */
  prune(book: RobotBook, now: number, rules: LedgerRules): void {
    book.entries = book.entries
      .flatMap((entry): LedgerEntry[] => {
        if (entry.state === 'done' || entry.expires > now) {
          return [entry];
        }
        return entry.state === 'sending' ? [{ id: entry.id, state: 'done', at: entry.expires, expires: entry.expires }] : [];
      })
      .filter((entry) => entry.state !== 'done' || entry.at > now - rules.windowMs);
    if (book.pausedUntil <= now) {
      book.pausedUntil = 0;
    }
  },

  reserve(book: RobotBook, id: string, notBefore: number, now: number, rules: LedgerRules): number {
    const others = book.entries.filter((entry) => entry.id !== id);
    const at = nextFreeTime(others, Math.max(notBefore, book.pausedUntil), rules, now);
    book.entries = [...others, { id, state: 'planned', at, expires: at + rules.holdMs }];
    return at;
  },

  claim(book: RobotBook, id: string, now: number, rules: LedgerRules): Claim {
    let own = book.entries.find((entry) => entry.id === id);
    if (!own) {
      // Lapsed while it waited behind a long send of its own process: booked again.
      own = { id, state: 'planned', at: now, expires: now + rules.holdMs };
      book.entries.push(own);
    }
    const plan = (retryAt: number): Claim => {
      Object.assign(own, { at: retryAt, expires: retryAt + rules.holdMs });
      return { granted: false, retryAt };
    };
    if (book.pausedUntil > now) {
      return plan(book.pausedUntil);
    }
    const gone = book.entries
      .filter((entry) => entry !== own && entry.state !== 'planned' && countsAt(entry, now) > now - rules.windowMs)
      .sort((a, b) => countsAt(a, now) - countsAt(b, now));
    if (gone.length < rules.limit) {
      Object.assign(own, { state: 'sending', at: now, expires: now + rules.holdMs });
      return { granted: true };
    }
    const blocking = gone[gone.length - rules.limit];
    return plan(blocking.state === 'sending' ? now + Math.min(POLL_MS, rules.windowMs) : blocking.at + rules.windowMs);
  },

  confirm(book: RobotBook, id: string, now: number): void {
    book.entries = [...book.entries.filter((entry) => entry.id !== id), { id, state: 'done', at: now, expires: now }];
  },

  release(book: RobotBook, id: string): void {
    book.entries = book.entries.filter((entry) => entry.id !== id);
  },

  /** Holds the robot until `until`, and moves the bookings still waiting behind it, in their order. */
  pause(book: RobotBook, until: number, now: number, rules: LedgerRules): void {
    book.pausedUntil = Math.max(book.pausedUntil, until);
    const waiting = book.entries.filter((entry) => entry.state === 'planned').sort((a, b) => a.at - b.at);
    book.entries = book.entries.filter((entry) => entry.state !== 'planned');
    for (const entry of waiting) {
      const at = nextFreeTime(book.entries, book.pausedUntil, rules, now);
      book.entries.push({ ...entry, at, expires: at + rules.holdMs });
    }
  },
};

export function emptyBook(): RobotBook {
  return { pausedUntil: 0, entries: [] };
}

/** The ledger of one process: today's default, when no other window shares the budget. */
export class MemoryLedger implements SlotLedger {
  private readonly books = new Map<string, RobotBook>();

  constructor(
    private readonly rules: LedgerRules,
    private readonly clock: Clock,
  ) {}

  reserve(key: string, id: string, notBefore: number): Promise<number> {
    return Promise.resolve(bookOps.reserve(this.book(key), id, notBefore, this.clock.now(), this.rules));
  }

  claim(key: string, id: string): Promise<Claim> {
    return Promise.resolve(bookOps.claim(this.book(key), id, this.clock.now(), this.rules));
  }

  confirm(key: string, id: string): Promise<void> {
    bookOps.confirm(this.book(key), id, this.clock.now());
    return Promise.resolve();
  }

  release(key: string, id: string): Promise<void> {
    bookOps.release(this.book(key), id);
    return Promise.resolve();
  }

  pause(key: string, until: number): Promise<void> {
    bookOps.pause(this.book(key), until, this.clock.now(), this.rules);
    return Promise.resolve();
  }

  view(key: string): Readonly<RobotBook> {
    return this.books.get(key) ?? emptyBook();
  }

  refresh(): Promise<void> {
    return Promise.resolve();
  }

  /** The robot's book, pruned as of now. */
  private book(key: string): RobotBook {
    let book = this.books.get(key);
    if (!book) {
      book = emptyBook();
      this.books.set(key, book);
    }
    bookOps.prune(book, this.clock.now(), this.rules);
    return book;
  }
}

export const memoryLedger: LedgerFactory = (rules, clock) => new MemoryLedger(rules, clock);
