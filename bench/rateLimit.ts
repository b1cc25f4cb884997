import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DingTalkClient, type ClientEvent } from '../src/core';
import { DingTalkSimulator } from '../test/sim/simulator';
import { scaledClock } from '../test/support/scaledClock';
import { runWindows } from '../test/support/sharedBudget';
import { benchRobot, FAKE } from './lib/fixtures';
import { QuietClock } from './lib/quietClock';
import type { BenchConfig, Section } from './lib/section';
import { median, ms, ratio, seconds, since } from './lib/stats';

/** DingTalk's rule (docs/dingtalk-api.md §8.2): at most this many sends in any sliding window. */
const LIMIT = 20;
const WINDOW_MS = 60_000;

/**
 * The earliest time each of `count` sends can go, starting at 0, when at most `limit` may fall in
 * any `windowMs`: send k waits for send k−limit to leave the window.
 */
export function earliestSends(count: number, limit: number, windowMs: number): number[] {
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    times.push(k < limit ? 0 : times[k - limit] + windowMs);
  }
  return times;
}

interface Run {
  delivered: number;
  serverRefusals: number;
  clientErrors: number;
  elapsedMs: number;
  predictedMs: number;
  wallMs: number;
}

/** Windows (processes) and messages each in the multi-process case: issue 15's three windows × 10. */
const WINDOWS = 3;
const PER_WINDOW = 10;

interface SharedRun {
  delivered: number;
  serverRefusals: number;
  clientErrors: number;
  elapsedMs: number;
  predictedMs: number;
  wallMs: number;
}

/**
 * WINDOWS processes each queue PER_WINDOW messages at once to one robot through the shared file
 * ledger. Processes cannot share a virtual clock, so all of them and the simulator run on real
 * time sped up `scale` times from one origin: request time counts too, multiplied by the scale.
 */
async function sharedBudgetRun(scale: number): Promise<SharedRun> {
  const dir = await mkdtemp(join(tmpdir(), 'dingtalk-bench-windows-'));
  const origin = Date.now();
  const clock = scaledClock(origin, scale);
  const sim = await DingTalkSimulator.start({ now: () => clock.now() });
  sim.addWebhookRobot({ accessToken: FAKE.token });
  try {
    const wallStart = performance.now();
    const reports = await runWindows(
      Array.from({ length: WINDOWS }, (_, i) => ({
        name: `window ${i + 1}`,
        webhook: sim.webhookUrl(FAKE.token),
        count: PER_WINDOW,
        ledgerPath: join(dir, 'rate-ledger.json'),
        historyPath: join(dir, 'history.json'),
        clockOrigin: origin,
        clockScale: scale,
      })),
    );
    const stats = sim.stats();
    return {
      delivered: stats.messages,
      serverRefusals: stats.rateLimited,
      clientErrors: reports.reduce((sum, r) => sum + r.errors.length, 0),
      elapsedMs: Math.max(...reports.map((r) => r.finishedAt)) - Math.min(...reports.map((r) => r.startedAt)),
      predictedMs: Math.max(...reports.map((r) => r.predictedMs)),
      wallMs: since(wallStart),
    };
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** N messages queued at once against the simulator's real 20/min rule, on a shared virtual clock. */
export async function rateLimit(config: BenchConfig): Promise<Section> {
  const n = config.rateLimitMessages;
  const earliest = earliestSends(n, LIMIT, WINDOW_MS);
  const minimumMs = earliest[earliest.length - 1];
  const runs: Run[] = [];
  for (let run = 0; run < config.runs; run++) {
    let predictedMs = 0;
    const onEvent = (event: ClientEvent): void => {
      if (event.type === 'queue') {
        predictedMs = Math.max(predictedMs, event.stats.expectedWaitMs);
      }
    };
    const clock = new QuietClock();
    const sim = await DingTalkSimulator.start({ now: () => clock.now() });
    sim.addWebhookRobot({ accessToken: FAKE.token });
    const client = new DingTalkClient({ clock, onEvent });
    const robot = benchRobot(sim.origin);
    try {
      const wallStart = performance.now();
      const start = clock.now();
      const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => client.sendText(robot, `queued message ${i + 1} of ${n}`)));
      const stats = sim.stats();
      runs.push({
        delivered: stats.messages,
        serverRefusals: stats.rateLimited,
        clientErrors: results.filter((r) => r.status === 'rejected').length,
        elapsedMs: clock.now() - start,
        predictedMs,
        wallMs: since(wallStart),
      });
    } finally {
      await client.close();
      await sim.stop();
      clock.dispose();
    }
  }
  // A higher scale is quicker but magnifies request time: --quick only proves the case runs.
  const scale = config.quick ? 30 : 10;
  const shared: SharedRun[] = [];
  for (let run = 0; run < (config.quick ? 1 : 3); run++) {
    shared.push(await sharedBudgetRun(scale));
  }
  const sharedMinimumMs = earliestSends(WINDOWS * PER_WINDOW, LIMIT, WINDOW_MS)[WINDOWS * PER_WINDOW - 1];
  const sharedElapsed = median(shared.map((r) => r.elapsedMs));
  const sharedRefusals = median(shared.map((r) => r.serverRefusals));
  const elapsed = median(runs.map((r) => r.elapsedMs));
  const refusals = median(runs.map((r) => r.serverRefusals));
  const errors = median(runs.map((r) => r.clientErrors));
  return {
    title: 'Rate limit',
    method: `${n} messages queued at once to one webhook robot; the simulator enforces DingTalk's ${LIMIT} per sliding ${WINDOW_MS / 1000} s (then a 10-minute throttle); client and simulator share a virtual clock on which requests take no time; median of ${config.runs} runs.`,
    columns: ['Figure', 'Value'],
    rows: [
      ['Delivered', `${median(runs.map((r) => r.delivered))}/${n}`],
      ['"Too fast" answers from the simulator (130101)', String(refusals)],
      ['Errors the caller saw', String(errors)],
      ['Elapsed (virtual time)', seconds(elapsed)],
      [`Minimum the window allows (send ${Math.min(n, 2 * LIMIT + 1)} can go at ${seconds(earliest[Math.min(n, 2 * LIMIT + 1) - 1])})`, seconds(minimumMs)],
      ['Elapsed vs minimum', ratio(elapsed, minimumMs)],
      ['Wait the queue predicted for the last message (queueStats)', seconds(median(runs.map((r) => r.predictedMs)))],
      ['Real time the run took', ms(median(runs.map((r) => r.wallMs)))],
      [`${WINDOWS} processes × ${PER_WINDOW} at once, one shared ledger: delivered`, `${median(shared.map((r) => r.delivered))}/${WINDOWS * PER_WINDOW}`],
      [`${WINDOWS} processes: "too fast" answers (130101)`, String(sharedRefusals)],
      [`${WINDOWS} processes: errors the callers saw`, String(median(shared.map((r) => r.clientErrors)))],
      [`${WINDOWS} processes: elapsed (time ×${scale})`, seconds(Math.round(sharedElapsed / 100) * 100)],
      [`${WINDOWS} processes: minimum the window allows`, seconds(sharedMinimumMs)],
      [`${WINDOWS} processes: elapsed vs minimum`, ratio(sharedElapsed, sharedMinimumMs)],
      [`${WINDOWS} processes: time beyond the minimum, in real time (÷${scale})`, ms((sharedElapsed - sharedMinimumMs) / scale)],
      [`${WINDOWS} processes: longest wait a queue predicted (queueStats)`, seconds(Math.round(median(shared.map((r) => r.predictedMs)) / 100) * 100)],
      [`${WINDOWS} processes: real time the run took`, ms(median(shared.map((r) => r.wallMs)))],
    ],
    notes: [
      refusals === 0 && errors === 0
        ? `Nothing was refused: the client held every message beyond the ${LIMIT}th until the window allowed it, instead of triggering DingTalk's 10-minute throttle.`
        : `The simulator refused ${refusals} sends as too fast and the caller saw ${errors} errors: the client overran the window.`,
      `The minimum is computed, not assumed: send k (from 0) can go no earlier than send k−${LIMIT} plus ${WINDOW_MS / 1000} s, so the last of ${n} goes at ${seconds(minimumMs)}.`,
      `Multi-process case: ${WINDOWS} Node processes (as ${WINDOWS} VS Code windows would be) each queue ${PER_WINDOW} messages at once and draw their slots from one ledger file under a cross-process lock; ${sharedRefusals === 0 ? 'the simulator refused none' : `the simulator refused ${sharedRefusals}`}. They run on real time sped up ${scale}×, so the elapsed time includes process start, ledger locking and requests, multiplied by ${scale}; median of ${shared.length} run(s).`,
    ],
  };
}
