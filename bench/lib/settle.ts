/**
 * Waits until the process does nothing in the background. V8 optimises some code on its own
 * threads (a WebAssembly module it has run for a while, resvg's say, or hot JavaScript); a
 * measurement that should see one operation alone starts after that.
 *
 * Idle means the whole process used less than a tenth of a core over two windows in a row while
 * its main thread only slept. `busyMs` is how long it worked before the first of those windows,
 * `waitedMs` the whole wait (the two quiet windows too).
 */
export async function settle(windowMs = 50, maxMs = 10_000): Promise<{ busyMs: number; waitedMs: number; settled: boolean }> {
  const start = performance.now();
  let quietSince: number | undefined;
  let quiet = 0;
  while (performance.now() - start < maxMs) {
    const windowStart = performance.now();
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 < windowMs / 10) {
      quiet += 1;
      quietSince ??= windowStart;
    } else {
      quiet = 0;
      quietSince = undefined;
    }
    if (quiet === 2 && quietSince !== undefined) {
      return { busyMs: quietSince - start, waitedMs: performance.now() - start, settled: true };
    }
  }
  const waitedMs = performance.now() - start;
  return { busyMs: waitedMs, waitedMs, settled: false };
}
