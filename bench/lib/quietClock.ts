import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Clock } from '../../src/core';

interface Timer {
  at: number;
  resolve: () => void;
}

type Listener = (message: unknown) => void;

/**
 * A virtual clock for timing figures: sleeps end at once, in order, moving time forward, but only
 * while no HTTP request is in flight (undici reports each request's start and end on its diagnostics
 * channels). Network time is zero and waiting is exact, as in a discrete-event simulation.
 *
 * The tests' VirtualClock (test/support/virtualClock.ts) fires the next timer at the next turn of the
 * event loop even while requests are on their way over loopback; that is right for checking order,
 * but a timing figure would then include 60-second jumps taken in the middle of a request.
 */
export class QuietClock implements Clock {
  private time: number;
  private readonly timers: Timer[] = [];
  private readonly inFlight = new Set<unknown>();
  private scheduled = false;
  private readonly listeners: Array<[string, Listener]>;

  constructor(start = Date.now()) {
    this.time = start;
    const started: Listener = (message) => void this.inFlight.add((message as { request: unknown }).request);
    const ended: Listener = (message) => {
      this.inFlight.delete((message as { request: unknown }).request);
      this.schedule();
    };
    this.listeners = [
      ['undici:request:create', started],
      ['undici:request:trailers', ended],
      ['undici:request:error', ended],
    ];
    for (const [name, listener] of this.listeners) {
      subscribe(name, listener);
    }
  }

  now(): number {
    return this.time;
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

  /** Stops listening to undici. */
  dispose(): void {
    for (const [name, listener] of this.listeners) {
      unsubscribe(name, listener);
    }
  }

  /** Fires the earliest timer once nothing is in flight for two turns of the event loop in a row. */
  private schedule(quietTurns = 0): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight.size > 0 || this.timers.length === 0) {
        return; // the end of the last request in flight schedules again
      }
      if (quietTurns < 1) {
        this.schedule(quietTurns + 1);
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
