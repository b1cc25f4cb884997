import type { Clock } from './clock';
import { cancelledError } from './errors';

export interface RateLimitOptions {
  /** Sends allowed per robot in any window; DingTalk allows 20. */
  limit?: number;
  windowMs?: number;
}

export interface QueueStats {
  /** Sends waiting for a slot. */
  queued: number;
  /** How long the last queued send is expected to wait, in ms (0 when nothing waits). */
  expectedWaitMs: number;
  /** Set while DingTalk throttles the robot: when sending resumes (epoch ms). */
  pausedUntil?: number;
}

/** A send that took a slot; `at` is when it finished, the latest moment DingTalk can have counted it. */
interface Slot {
  at: number;
  done: boolean;
}

interface Bucket {
  slots: Slot[];
  waiting: number;
  pausedUntil: number;
  /** Serialises waiters so that slots are handed out in arrival order. */
  tail: Promise<void>;
  /** Resolved when a send in flight finishes. */
  finished: Promise<void>;
  notify: () => void;
}

/** Call when the send is over (success or failure), so its slot is timed from then. */
export type Release = () => void;

/**
 * Keeps every robot within DingTalk's limit of 20 sends in any sliding 60 s window. A send over the
 * limit waits its turn instead of failing; `stats` tells the host what is queued and for how long.
 * A slot's window starts when its send finishes: the server counts a message when it arrives, which
 * is after the client let it go, so timing from the end keeps the server's window within the limit too.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    private readonly clock: Clock,
    options: RateLimitOptions = {},
    private readonly onChange: (key: string, stats: QueueStats) => void = () => undefined,
  ) {
    this.limit = options.limit ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
  }

  /** Resolves when a send to `key` may go out; the caller must release the slot when the send is over. */
  acquire(key: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) {
      return Promise.reject(cancelledError());
    }
    const bucket = this.bucket(key);
    bucket.waiting += 1;
    this.onChange(key, this.stats(key));
    const turn = bucket.tail.then(() => this.waitForSlot(bucket, signal));
    bucket.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    // A cancelled send leaves the queue at once, not when its turn would have come; a slot handed
    // out after that goes straight back.
    return new Promise((resolve, reject) => {
      let left = false;
      const leave = (): void => {
        left = true;
        bucket.waiting -= 1;
        this.onChange(key, this.stats(key));
      };
      signal?.addEventListener(
        'abort',
        () => {
          if (!left) {
            leave();
            reject(cancelledError());
          }
        },
        { once: true },
      );
      turn.then(
        (release) => {
          if (left) {
            release();
          } else {
            leave();
            resolve(release);
          }
        },
        (error: unknown) => {
          if (!left) {
            leave();
            reject(error);
          }
        },
      );
    });
  }

  /** DingTalk said "too fast": hold every send to this robot until `until`. */
  pause(key: string, until: number): void {
    const bucket = this.bucket(key);
    bucket.pausedUntil = Math.max(bucket.pausedUntil, until);
    this.onChange(key, this.stats(key));
  }

  stats(key: string): QueueStats {
    const bucket = this.buckets.get(key);
    if (!bucket) {
      return { queued: 0, expectedWaitMs: 0 };
    }
    const now = this.clock.now();
    const starts = this.live(bucket, now).map((s) => (s.done ? s.at : now));
    let start = Math.max(now, bucket.pausedUntil);
    for (let i = 0; i < bucket.waiting; i += 1) {
      starts.sort((a, b) => a - b);
      if (starts.length >= this.limit) {
        start = Math.max(start, starts[starts.length - this.limit] + this.windowMs);
      }
      starts.push(start);
    }
    return {
      queued: bucket.waiting,
      expectedWaitMs: bucket.waiting > 0 ? start - now : 0,
      pausedUntil: bucket.pausedUntil > now ? bucket.pausedUntil : undefined,
    };
  }

  private async waitForSlot(bucket: Bucket, signal?: AbortSignal): Promise<Release> {
    for (;;) {
      if (signal?.aborted) {
        throw cancelledError();
      }
      const now = this.clock.now();
      bucket.slots = this.live(bucket, now);
      if (bucket.pausedUntil > now) {
        await this.sleep(bucket.pausedUntil - now, signal);
        continue;
      }
      const inFlight = bucket.slots.filter((s) => !s.done).length;
      if (bucket.slots.length < this.limit) {
        const slot: Slot = { at: now, done: false };
        bucket.slots.push(slot);
        return () => {
          slot.at = this.clock.now();
          slot.done = true;
          bucket.notify();
        };
      }
      if (inFlight >= this.limit) {
        await Promise.race([bucket.finished, whenAborted(signal)]);
        continue;
      }
      const done = bucket.slots.filter((s) => s.done).map((s) => s.at).sort((a, b) => a - b);
      await this.sleep(done[bucket.slots.length - this.limit] + this.windowMs - now, signal);
    }
  }

  private async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await this.clock.sleep(ms, signal);
    } catch {
      throw cancelledError();
    }
  }

  /** Slots still inside the window, and sends still in flight. */
  private live(bucket: Bucket, now: number): Slot[] {
    return bucket.slots.filter((s) => !s.done || s.at > now - this.windowMs);
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const created: Bucket = {
        slots: [],
        waiting: 0,
        pausedUntil: 0,
        tail: Promise.resolve(),
        finished: Promise.resolve(),
        notify: () => undefined,
      };
      const arm = (): void => {
        created.finished = new Promise((resolve) => {
          created.notify = () => {
            arm();
            resolve();
          };
        });
      };
      arm();
      bucket = created;
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

/** Rejects with the core's "cancelled" error when the signal fires; never settles without one. */
function whenAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(cancelledError()), { once: true });
  });
}
