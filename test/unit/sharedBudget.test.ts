import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry } from '../../src/extension/history/entry';
import { DingTalkSimulator } from '../sim/simulator';
import { runWindows } from '../support/sharedBudget';
import { scaledClock } from '../support/scaledClock';

const TOKEN = 'a'.repeat(64);
/** 60 s of DingTalk's window pass in 2 s. */
const SCALE = 30;

describe('one rate budget per robot across processes', function () {
  this.timeout(120_000);
  let dir: string;
  let sim: DingTalkSimulator;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dingtalk-windows-'));
  });

  afterEach(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('three processes sending 10 messages each at once: no 130101, 30 delivered, all 30 in the shared history', async () => {
    const origin = Date.now();
    const clock = scaledClock(origin, SCALE);
    sim = await DingTalkSimulator.start({ now: () => clock.now() });
    sim.addWebhookRobot({ accessToken: TOKEN });
    const storage = join(dir, 'globalStorage');
    // A window sends one message at a time. Its first one waits at DingTalk until every window has one
    // there, so the three overlap however the machine schedules them, and each queue meets the others'
    // bookings: a window that got all its ten out before another had started would count none.
    const firstSends = sim.hold('/robot/send');
    const running = runWindows(
      ['one', 'two', 'three'].map((name) => ({
        name,
        webhook: sim.webhookUrl(TOKEN),
        count: 10,
        ledgerPath: join(storage, 'rate-ledger.json'),
        historyPath: join(storage, 'history.json'),
        clockOrigin: origin,
        clockScale: SCALE,
      })),
    );
    await Promise.race([firstSends.reached(3), running]);
    firstSends.release();
    const reports = await running;
    const stats = sim.stats();
    assert.deepEqual(reports.map((r) => r.errors), [[], [], []]);
    assert.equal(stats.rateLimited, 0, 'no send too fast (130101)');
    assert.equal(stats.messages, 30);
    assert.equal(new Set(sim.messages.map((m) => m.body.text.content as string)).size, 30, 'each message once');
    const history = JSON.parse(await readFile(join(storage, 'history.json'), 'utf8')) as { entries: HistoryEntry[] };
    assert.equal(history.entries.length, 30);
    assert.deepEqual(new Set(history.entries.map((e) => e.result)), new Set(['sent']));
    // DingTalk's own count: no 60 s span of arrivals holds more than 20.
    const arrivals = sim.messages.map((m) => m.at).sort((a, b) => a - b);
    for (let i = 20; i < arrivals.length; i += 1) {
      assert.ok(arrivals[i] - arrivals[i - 20] >= 60_000, `arrival ${i} within 60 s of arrival ${i - 20}`);
    }
    // Each window saw the others' sends in its queue statistics.
    assert.ok(reports.every((r) => r.otherWindows > 0), JSON.stringify(reports.map((r) => r.otherWindows)));
    // The order each window queued its messages in is the order they arrived in.
    for (const name of ['one', 'two', 'three']) {
      const own = sim.messages.map((m) => m.body.text.content as string).filter((text) => text.startsWith(`${name} `));
      assert.deepEqual(own, Array.from({ length: 10 }, (_, i) => `${name} message ${i + 1} of 10`));
    }
  });
});
