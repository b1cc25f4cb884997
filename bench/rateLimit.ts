import { DingTalkClient, type ClientEvent } from '../src/core';
import { DingTalkSimulator } from '../test/sim/simulator';
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
    ],
    notes: [
      refusals === 0 && errors === 0
        ? `Nothing was refused: the client held every message beyond the ${LIMIT}th until the window allowed it, instead of triggering DingTalk's 10-minute throttle.`
        : `The simulator refused ${refusals} sends as too fast and the caller saw ${errors} errors: the client overran the window.`,
      `The minimum is computed, not assumed: send k (from 0) can go no earlier than send k−${LIMIT} plus ${WINDOW_MS / 1000} s, so the last of ${n} goes at ${seconds(minimumMs)}.`,
    ],
  };
}
