/**
 * Waits until the process does nothing in the background. V8 optimises some code on its own
 * threads (undici's WebAssembly HTTP parser: about 24 MB of compiler memory and 100-300 ms of CPU
 * here, started by the first HTTP answer a process parses); a measurement that should see one
 * operation alone starts after that.
 *
 * Idle means the whole process used less than a tenth of a core over two windows in a row while
 * its main thread only slept.
 */
export async function settle(windowMs = 50, maxMs = 10_000): Promise<{ waitedMs: number; settled: boolean }> {
  const start = performance.now();
  let quiet = 0;
  while (performance.now() - start < maxMs) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const used = process.cpuUsage(before);
    quiet = (used.user + used.system) / 1000 < windowMs / 10 ? quiet + 1 : 0;
    if (quiet === 2) {
      return { waitedMs: performance.now() - start, settled: true };
    }
  }
  return { waitedMs: performance.now() - start, settled: false };
}
