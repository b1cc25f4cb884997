import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import { cancelledError } from './errors';
import { bookOps, memoryLedger, nextFreeTime, type LedgerEntry, type LedgerFactory, type SlotLedger } from './slotLedger';

export interface RateLimitOptions {
  /** Sends allowed per robot in any window; DingTalk allows 20. */
  limit?: number;
  windowMs?: number;
  /**
   * Where sends are booked. Default: in this process only. `fileLedger(path)` shares one budget per
   * robot among every process that uses the same file (every VS Code window of the user).
   */
  ledger?: LedgerFactory;
  /** How long a booking of a process that stopped answering (a crashed window) holds; default 2 minutes. */
  holdMs?: number;
}

export interface QueueStats {
  /** This process's sends waiting for a slot. */
  queued: number;
  /** Sends of other processes sharing the ledger that are booked or in flight for this robot. */
  otherWindows: number;
  /** How long the last queued send is expected to wait, in ms (0 when nothing waits). */
  expectedWaitMs: number;
  /** Set while DingTalk throttles the robot: when sending resumes (epoch ms). */
  pausedUntil?: number;
}

/** Call when the send is over (success or failure), so its slot is timed from then. */
export interface Release {
  (): void;
  /**
   * The send must go again (a retry, or after DingTalk's throttle): its try so far counts as a send,
   * and it waits for a new slot keeping its place: the sends queued behind it stay behind it.
   */
  renew(signal?: AbortSignal): Promise<void>;
}

/** A send to one robot, from its arrival until it is over. */
interface Ticket {
  id: string;
  /** Still waiting for its slot (counted in `queued`). */
  waiting: boolean;
}

interface Queue {
  tickets: Ticket[];
  /** Resolves when the send ahead is over: one send to a robot at a time, in arrival order. */
  tail: Promise<void>;
  /** A throttle known here before the ledger has it. */
  pausedUntil: number;
}

/** The request timeout is 30 s; a booking held four times that is long past any live send. */
const DEFAULT_HOLD_MS = 120_000;

/**
 * Keeps every robot within DingTalk's limit of 20 sends in any sliding 60 s window. A send over the
 * limit waits its turn instead of failing; `stats` tells the host what is queued and for how long.
 * Sends to one robot go one at a time, in the order they were queued, so the group reads them in
 * that order. A slot's window starts when its send finishes: the server counts a message when it
 * arrives, which is after the client let it go, so timing from the end keeps the server's window
 * within the limit too. The slots are booked in a `SlotLedger`, which other processes may share.
 */
export class RateLimiter {
  private readonly queues = new Map<string, Queue>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly holdMs: number;
  private readonly ledger: SlotLedger;

  constructor(
    private readonly clock: Clock,
    options: RateLimitOptions = {},
    private readonly onChange: (key: string, stats: QueueStats) => void = () => undefined,
  ) {
    this.limit = options.limit ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.ledger = (options.ledger ?? memoryLedger)({ limit: this.limit, windowMs: this.windowMs, holdMs: this.holdMs }, clock);
  }

  /** Resolves when a send to `key` may go out; the caller must release the slot when the send is over. */
  acquire(key: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) {
      return Promise.reject(cancelledError());
    }
    const queue = this.queue(key);
    const ticket: Ticket = { id: randomUUID(), waiting: true };
    queue.tickets.push(ticket);
    const booked = this.ledger.reserve(key, ticket.id, this.clock.now()).then(() => this.changed(key));
    this.changed(key);

    const ahead = queue.tail;
    let over!: () => void;
    queue.tail = new Promise((resolve) => (over = resolve));
    let left = false;
    const forget = (): void => {
      queue.tickets.splice(queue.tickets.indexOf(ticket), 1);
      this.changed(key);
    };

    return new Promise((resolve, reject) => {
      // A cancelled send leaves the queue at once, not when its turn would have come; the send
      // behind it still waits for the one ahead.
      const leave = (error: unknown): void => {
        if (left) {
          return;
        }
        left = true;
        void booked.then(() => this.ledger.release(key, ticket.id)).finally(forget);
        ticket.waiting = false;
        this.changed(key);
        void ahead.then(over);
        reject(error);
      };
      signal?.addEventListener('abort', () => leave(cancelledError()), { once: true });
      ahead
        .then(() => booked)
        .then(() => this.waitForSlot(key, ticket, () => left, signal))
        .then(
          () => {
            if (left) {
              return;
            }
            left = true;
            ticket.waiting = false;
            this.changed(key);
            let booked = true;
            const release = (() => {
              const done = booked ? this.ledger.confirm(key, ticket.id) : Promise.resolve();
              void done.finally(() => {
                forget();
                over();
              });
            }) as Release;
            release.renew = async (renewSignal) => {
              await this.ledger.confirm(key, ticket.id);
              ticket.id = randomUUID();
              ticket.waiting = true;
              await this.ledger.reserve(key, ticket.id, this.clock.now());
              this.changed(key);
              try {
                await this.waitForSlot(key, ticket, () => false, renewSignal);
              } catch (error) {
                booked = false;
                await this.ledger.release(key, ticket.id);
                throw error;
              } finally {
                ticket.waiting = false;
                this.changed(key);
              }
            };
            resolve(release);
          },
          (error: unknown) => leave(error),
        );
    });
  }

  /** DingTalk said "too fast": hold every send to this robot until `until`, in every process sharing the ledger. */
  pause(key: string, until: number): void {
    const queue = this.queue(key);
    queue.pausedUntil = Math.max(queue.pausedUntil, until);
    void this.ledger.pause(key, until).then(() => this.changed(key));
    this.changed(key);
  }

  /** Reads what the other processes sharing the ledger wrote for `key` (a pause, say), for `stats` to tell. */
  refresh(key: string): Promise<void> {
    return this.ledger.refresh(key);
  }

  stats(key: string): QueueStats {
    const queue = this.queues.get(key);
    const now = this.clock.now();
    const book = { ...this.ledger.view(key) };
    bookOps.prune(book, now, { limit: this.limit, windowMs: this.windowMs, holdMs: this.holdMs });
    const own = new Map((queue?.tickets ?? []).map((ticket) => [ticket.id, ticket]));
    const pausedUntil = Math.max(book.pausedUntil, queue?.pausedUntil ?? 0);
    const waiting = (queue?.tickets ?? []).filter((ticket) => ticket.waiting);
    // Booked sends wait until their booking; the ones not booked yet go behind everything booked.
    const entries: LedgerEntry[] = [...book.entries];
    let last = 0;
    for (const ticket of waiting) {
      const booking = entries.find((entry) => entry.id === ticket.id);
      const at = booking?.at ?? nextFreeTime(entries, pausedUntil, { limit: this.limit, windowMs: this.windowMs, holdMs: this.holdMs }, now);
      if (!booking) {
        entries.push({ id: ticket.id, state: 'planned', at, expires: at });
      }
      last = Math.max(last, at, pausedUntil);
    }
    return {
      queued: waiting.length,
      otherWindows: book.entries.filter((entry) => entry.state !== 'done' && !own.has(entry.id)).length,
      expectedWaitMs: waiting.length > 0 ? Math.max(0, last - now) : 0,
      pausedUntil: pausedUntil > now ? pausedUntil : undefined,
    };
  }

  /** Claims the ticket's slot, sleeping between claims as the ledger says. */
  private async waitForSlot(key: string, ticket: Ticket, left: () => boolean, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (left()) {
        return;
      }
      if (signal?.aborted) {
        throw cancelledError();
      }
      const claim = await this.ledger.claim(key, ticket.id);
      if (claim.granted) {
        return;
      }
      this.changed(key);
      try {
        await this.clock.sleep(claim.retryAt - this.clock.now(), signal);
      } catch {
        throw cancelledError();
      }
    }
  }

  private changed(key: string): void {
    this.onChange(key, this.stats(key));
  }

  private queue(key: string): Queue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { tickets: [], tail: Promise.resolve(), pausedUntil: 0 };
      this.queues.set(key, queue);
    }
    return queue;
  }
}
