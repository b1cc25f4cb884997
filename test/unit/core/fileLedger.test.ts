import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLedger, fileLedger } from '../../../src/core/fileLedger';
import { RateLimiter } from '../../../src/core/rateLimiter';
import type { LedgerRules } from '../../../src/core/slotLedger';
import { VirtualClock } from '../../support/virtualClock';

const RULES: LedgerRules = { limit: 20, windowMs: 60_000, holdMs: 120_000 };

/** No `windowMs` span of `times` holds more than `limit`. */
function assertWithinLimit(times: number[], limit: number, windowMs: number): void {
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = limit; i < sorted.length; i += 1) {
    assert.ok(sorted[i] - sorted[i - limit] >= windowMs, `send ${i} at ${sorted[i]} is within ${windowMs} ms of send ${i - limit} at ${sorted[i - limit]}`);
  }
}

describe('core/fileLedger', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dingtalk-ledger-'));
    file = join(dir, 'storage', 'rate-ledger.json');
  });

  // A release confirms its booking after the test saw it: rm waits for that last write.
  afterEach(() => rm(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 25 }));

  it('two limiters on one file share one budget: 30 sends at once keep to 20 a minute, and each sees the other queued', async () => {
    const clock = new VirtualClock(0);
    const seenOthers: number[] = [];
    const a = new RateLimiter(clock, { ledger: fileLedger(file) }, (_key, stats) => seenOthers.push(stats.otherWindows));
    const b = new RateLimiter(clock, { ledger: fileLedger(file) });
    const times: number[] = [];
    const send = (limiter: RateLimiter) =>
      limiter.acquire('r').then((release) => {
        times.push(clock.now());
        release();
      });
    await Promise.all([...Array.from({ length: 15 }, () => send(a)), ...Array.from({ length: 15 }, () => send(b))]);
    assert.equal(times.length, 30);
    assertWithinLimit(times, 20, 60_000);
    assert.ok(Math.max(...seenOthers) > 0, 'window a counted window b\'s bookings');
    assert.equal(a.stats('r').queued, 0);
  });

  it('writes no robot key into the file, only a hash of it', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, { ledger: fileLedger(file) });
    (await limiter.acquire('app:dingrobotcode:cidSecretGroup=='))();
    // Its booking comes after the first send's confirmation in the file's queue.
    const second = await limiter.acquire('app:dingrobotcode:cidSecretGroup==');
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes('dingrobotcode') && !text.includes('cidSecretGroup'), text);
    assert.match(text, /"done"/);
    second();
  });

  it('a throttle recorded by one window holds every window until it ends', async () => {
    const clock = new VirtualClock(0);
    const a = new RateLimiter(clock, { ledger: fileLedger(file) });
    const b = new RateLimiter(clock, { ledger: fileLedger(file) });
    a.pause('r', 600_000);
    const release = await b.acquire('r');
    assert.equal(clock.now(), 600_000);
    assert.equal(b.stats('r').pausedUntil, undefined);
    release();
  });

  it('lets the bookings of a crashed window lapse: a send it had in flight counts until its hold ends, then for one window', async () => {
    const clock = new VirtualClock(0);
    const crashed = new FileLedger(file, RULES, clock);
    for (let i = 0; i < 20; i += 1) {
      await crashed.reserve('r', `gone-${i}`, 0);
      assert.deepEqual(await crashed.claim('r', `gone-${i}`), { granted: true });
    }
    // The process dies here: no confirm ever comes.
    const limiter = new RateLimiter(clock, { ledger: fileLedger(file) });
    assert.equal(limiter.stats('r').otherWindows, 0, 'nothing read yet');
    (await limiter.acquire('r'))();
    // Held until 120 s, then counted as finished then: the next slot opens at 180 s.
    assert.equal(clock.now(), 180_000);
  });

  it('forgets planned bookings of a crashed window once they lapse', async () => {
    const clock = new VirtualClock(0);
    const crashed = new FileLedger(file, RULES, clock);
    for (let i = 0; i < 25; i += 1) {
      await crashed.reserve('r', `queued-${i}`, 0);
    }
    const limiter = new RateLimiter(clock, { ledger: fileLedger(file) });
    (await limiter.acquire('r'))();
    assert.equal(clock.now(), 0, 'planned bookings never block a claim');
    clock.advance(RULES.holdMs + 60_001);
    (await limiter.acquire('r'))();
    assert.equal(limiter.stats('r').otherWindows, 0, 'lapsed and pruned');
  });

  it('starts afresh from a file that is not a ledger, and replaces it whole', async () => {
    await rm(dir, { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'storage'), { recursive: true });
    await writeFile(file, '{"version":1,"robots":{"x":{"entries":[{"id":1}]}}} trailing', 'utf8');
    const clock = new VirtualClock(0);
    const ledger = new FileLedger(file, RULES, clock);
    assert.equal(await ledger.reserve('r', 'one', 0), 0);
    const data = JSON.parse(await readFile(file, 'utf8')) as { version: number; robots: Record<string, { entries: unknown[] }> };
    assert.equal(data.version, 1);
    assert.deepEqual(Object.values(data.robots).map((book) => book.entries.length), [1]);
  });

  it('goes on with what this process saw when the file cannot be written, and says so', async () => {
    // A folder where the file should be: every read fails.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(file, { recursive: true });
    const errors: unknown[] = [];
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, { limit: 2, windowMs: 60_000, ledger: fileLedger(file, { onError: (error) => errors.push(error) }) });
    const times: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const release = await limiter.acquire('r');
      times.push(clock.now());
      release();
    }
    assert.deepEqual(times, [0, 0, 60_000]);
    assert.ok(errors.length > 0 && (errors[0] as NodeJS.ErrnoException).code === 'EISDIR');
  });
});
