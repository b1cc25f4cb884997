import type { Clock } from '../../src/core/clock';

interface Timer {
  at: number;
  resolve: () => void;
}

/**
 * A clock whose sleeps end at once, in order, moving time forward as they do: a test can let
 * DingTalk's 60-second windows and 2-hour token lifetimes pass in milliseconds. Shared by the
 * core under test and the simulator, so both see the same time.
 */
export class VirtualClock implements Clock {
  private time: number;
  protected readonly timers: Timer[] = [];
  private scheduled = false;

  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = { at: this.time + Math.max(0, ms), resolve };
      this.timers.push(timer);
      this.timers.sort((a, b) => a.at - b.at);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers.splice(this.timers.indexOf(timer), 1);
          reject(signal.reason);
        },
        { once: true },
      );
      this.schedule();
    });
  }

  /**
   * Whether the earliest timer may fire at this turn of the event loop. Always, here; a clock that
   * must wait for something (requests in flight, say) says no and calls schedule() when it is done.
   */
  protected mayFire(): boolean {
    return true;
  }

  /** Fires the earliest timer once pending I/O callbacks had their turn. */
  protected schedule(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0 || !this.mayFire()) {
        return;
      }
      const timer = this.timers.shift() as Timer;
      this.time = Math.max(this.time, timer.at);
      timer.resolve();
      if (this.timers.length > 0) {
        this.schedule();
      }
    });
  }
}
