/**
 * One upload in a fresh process (run with --expose-gc): the core uploads a file to the simulator
 * and reports how long it took and how much memory the process grew while it did.
 * argv: origin, file to upload, small file for the warm-up, mode.
 *   time: RSS sampled every 5 ms, plus the kernel's high-water mark; nothing slows the upload. Then
 *         the same upload once more, timed only: the JIT has seen the code by then.
 *   live: every 20 ms a forced GC, then JS heap + external; shows what the upload keeps alive.
 */
import { DingTalkClient } from '../../src/core';
import { benchRobot } from '../lib/fixtures';
import { collect, liveBytes, peakRss, resetPeakRss, sampler } from '../lib/memory';

export interface UploadRun {
  /** The first upload of the file in this process (code not yet optimised by the JIT). */
  elapsedMs: number;
  /** The same upload again straight after (mode time only). */
  repeatMs?: number;
  /** Largest sampled RSS minus RSS before the upload. */
  rssGrowth: number;
  /** The kernel's peak RSS during the upload minus RSS before it (undefined where unknown). */
  peakRssGrowth?: number;
  /** Largest JS heap + external after a forced GC, minus the same before the upload (mode live). */
  liveGrowth?: number;
}

async function main(): Promise<void> {
  const [origin, filePath, warmPath, mode] = process.argv.slice(2);
  const client = new DingTalkClient();
  const robot = benchRobot(origin);
  // Token fetched and connection open before the clock starts: the upload alone is measured.
  await client.uploadMedia(robot, warmPath, 'file');
  collect();
  const rssBefore = process.memoryUsage.rss();
  const liveBefore = liveBytes();
  const canReset = resetPeakRss();
  const watch =
    mode === 'live'
      ? sampler(() => {
          collect();
          return liveBytes();
        }, 20)
      : sampler(() => process.memoryUsage.rss(), 5);
  const start = performance.now();
  await client.uploadMedia(robot, filePath, 'file');
  const elapsedMs = performance.now() - start;
  const peak = watch.stop();
  const kernelPeak = canReset ? peakRss() : undefined;
  let repeatMs: number | undefined;
  if (mode !== 'live') {
    collect();
    const again = performance.now();
    await client.uploadMedia(robot, filePath, 'file');
    repeatMs = performance.now() - again;
  }
  await client.close();
  const run: UploadRun =
    mode === 'live'
      ? { elapsedMs, rssGrowth: Number.NaN, liveGrowth: peak - liveBefore }
      : { elapsedMs, repeatMs, rssGrowth: peak - rssBefore, peakRssGrowth: kernelPeak === undefined ? undefined : kernelPeak - rssBefore };
  console.log(JSON.stringify(run));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
