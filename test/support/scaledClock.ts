import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../src/core/clock';

/**
 * Real time run `scale` times faster from `origin`: a clock several processes can share (each
 * makes its own from the same origin and scale), where a virtual clock lives in one process only.
 * DingTalk's 60 s window passes in 60/scale real seconds, for the client and the simulator alike.
 */
export function scaledClock(origin: number, scale: number): Clock {
  return {
    now: () => origin + (Date.now() - origin) * scale,
    sleep: (ms, signal) => delay(Math.max(0, ms) / scale, undefined, { signal }),
  };
}
