/**
 * One upload in a fresh process (run with --expose-gc): the core uploads a file to the simulator
 * and reports how long it took and how much memory the process grew while it did.
 * argv: origin, file to upload, small file for the warm-up, mode.
 *   time: RSS sampled every 5 ms, plus the kernel's high-water mark; nothing slows the upload. Then
 *         the same upload once more, timed only: the JIT has seen the code by then.
 *   live: every 20 ms a forced GC, then JS heap + external; shows what the upload keeps alive.
 *   unsettled: as time without the repeat, but the upload starts straight after the warm-up, without
 *         waiting for background work the process's first answers may have set off (V8 optimising
 *         an HTTP client's WebAssembly parser, with undici), as a session's first upload does when
 *         it is the first thing the process sends.
 * In time and live the upload starts once the process is idle (bench/lib/settle.ts).
 */
import { DingTalkClient } from '../../src/core';
import { benchRobot } from '../lib/fixtures';
import { collect, liveBytes, peakRss, resetPeakRss, sampler } from '../lib/memory';
import { settle } from '../lib/settle';

export type UploadMode = 'time' | 'live' | 'unsettled';

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
  /** The warm-up (token, connection, the process's first answers) until the process was idle (mode time). */
  firstAnswer?: {
    /** The kernel's peak RSS over the warm-up and the wait, minus RSS before the warm-up. */
    peakRssGrowth?: number;
    /** How long the process went on working after the warm-up's last answer (to a 50 ms window). */
    settleMs: number;
    /** False when it was still busy after 10 s (then the upload was measured anyway). */
    settled: boolean;
  };
}

async function main(): Promise<void> {
  const [origin, filePath, warmPath, modeArg] = process.argv.slice(2);
  const mode = modeArg as UploadMode;
  const client = new DingTalkClient();
  const robot = benchRobot(origin);
  const rssBeforeWarmUp = process.memoryUsage.rss();
  const canReset = resetPeakRss();
  // Token fetched and connection open before the clock starts: the upload alone is measured.
  await client.uploadMedia(robot, warmPath, 'file');
  let firstAnswer: UploadRun['firstAnswer'];
  if (mode !== 'unsettled') {
    const { busyMs, settled } = await settle();
    const peak = canReset ? peakRss() : undefined;
    firstAnswer = { peakRssGrowth: peak === undefined ? undefined : peak - rssBeforeWarmUp, settleMs: busyMs, settled };
  }
  collect();
  const rssBefore = process.memoryUsage.rss();
  const liveBefore = liveBytes();
  resetPeakRss();
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
  if (mode === 'time') {
    collect();
    const again = performance.now();
    await client.uploadMedia(robot, filePath, 'file');
    repeatMs = performance.now() - again;
  }
  await client.close();
  const run: UploadRun =
    mode === 'live'
      ? { elapsedMs, rssGrowth: Number.NaN, liveGrowth: peak - liveBefore }
      : {
          elapsedMs,
          repeatMs,
          rssGrowth: peak - rssBefore,
          peakRssGrowth: kernelPeak === undefined ? undefined : kernelPeak - rssBefore,
          firstAnswer,
        };
  console.log(JSON.stringify(run));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
