import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Memory readings for one fresh process. RSS is what the operating system gives the process; the
 * kernel's high-water mark (VmHWM) catches peaks between samples, and on Linux it can be reset to
 * the current RSS (`/proc/self/clear_refs`), so the peak of one operation can be read on its own.
 */

function statusKb(field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resets the high-water mark to the current RSS; false where that is not possible (not Linux). */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The kernel's peak RSS since start or the last reset, in bytes (undefined where unknown). */
export function peakRss(): number | undefined {
  return statusKb('VmHWM');
}

/** Runs `sample` every `everyMs` until stopped; returns the largest value seen. */
export function sampler(sample: () => number, everyMs: number): { stop(): number } {
  let max = sample();
  const timer = setInterval(() => {
    max = Math.max(max, sample());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      max = Math.max(max, sample());
      return max;
    },
  };
}

/** Collects garbage twice (weak callbacks run between), when node runs with --expose-gc. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    throw new Error('run this script with node --expose-gc');
  }
  gc();
  gc();
}

/** JS heap in use plus memory held outside it (Buffers, ArrayBuffers): what the process keeps alive. */
export function liveBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}
