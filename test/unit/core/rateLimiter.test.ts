import { strict as assert } from 'node:assert';
import { DingTalkError } from '../../../src/core/errors';
import { RateLimiter, type QueueStats } from '../../../src/core/rateLimiter';
import { MemoryLedger } from '../../../src/core/slotLedger';
import { VirtualClock } from '../../support/virtualClock';

describe('core/rateLimiter', () => {
  it('lets 20 through at once and spaces the rest so no 60 s window holds more than 20', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 45 }, () =>
        limiter.acquire('r').then((release) => {
          times.push(clock.now());
          release();
        }),
      ),
    );
    assert.equal(times.length, 45);
    assert.deepEqual(times.slice(0, 20), Array(20).fill(0));
    for (let i = 20; i < times.length; i += 1) {
      assert.ok(times[i] - times[i - 20] >= 60_000, `send ${i} at ${times[i]} is within 60 s of send ${i - 20}`);
    }
    assert.equal(times[44], 120_000, 'no longer than the window requires');
  });

  it('reports the queue and the expected wait while sends wait', async () => {
    const clock = new VirtualClock(0);
    const seen: QueueStats[] = [];
    const limiter = new RateLimiter(clock, { limit: 2, windowMs: 1_000 }, (_key, stats) => seen.push(stats));
    (await limiter.acquire('r'))();
    (await limiter.acquire('r'))();
    const waiting = [1, 2, 3].map(() => limiter.acquire('r').then((release) => release()));
    assert.deepEqual(limiter.stats('r'), { queued: 3, otherWindows: 0, expectedWaitMs: 2_000, pausedUntil: undefined });
    await Promise.all(waiting);
    assert.deepEqual(limiter.stats('r'), { queued: 0, otherWindows: 0, expectedWaitMs: 0, pausedUntil: undefined });
    assert.ok(seen.some((s) => s.queued === 3));
  });

  it('keeps robots apart', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, { limit: 1, windowMs: 60_000 });
    (await limiter.acquire('a'))();
    (await limiter.acquire('b'))();
    assert.equal(clock.now(), 0);
  });

  it('holds a paused robot until the pause ends', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock);
    limiter.pause('r', 600_000);
    assert.equal(limiter.stats('r').pausedUntil, 600_000);
    (await limiter.acquire('r'))();
    assert.equal(clock.now(), 600_000);
  });

  it('gives up a queued send when cancelled, and the queue moves on', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, { limit: 1, windowMs: 60_000 });
    (await limiter.acquire('r'))();
    const controller = new AbortController();
    const cancelled = limiter.acquire('r', controller.signal);
    const next = limiter.acquire('r');
    controller.abort();
    await assert.rejects(cancelled, (e: unknown) => e instanceof DingTalkError && e.code === 'cancelled');
    (await next)();
    assert.equal(limiter.stats('r').queued, 0);
    assert.equal(clock.now(), 60_000);
  });

  it('lets a cancelled send leave the queue at once, even behind a send in flight', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, { limit: 1, windowMs: 60_000 });
    const inFlight = await limiter.acquire('r');
    const controller = new AbortController();
    const cancelled = limiter.acquire('r', controller.signal);
    const behind = limiter.acquire('r');
    assert.equal(limiter.stats('r').queued, 2);
    controller.abort();
    await assert.rejects(cancelled, (e: unknown) => e instanceof DingTalkError && e.code === 'cancelled');
    assert.equal(limiter.stats('r').queued, 1, 'left the queue while the first send is still in flight');
    inFlight();
    (await behind)();
    assert.equal(clock.now(), 60_000);
  });

  it('times a slot from when its send finished, and waits for sends in flight', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, { limit: 1, windowMs: 60_000 });
    const release = await limiter.acquire('r');
    const next = limiter.acquire('r');
    await clock.sleep(5_000);
    release();
    (await next)();
    assert.equal(clock.now(), 65_000);
  });
  it('hands out one robot\'s slots one at a time, in the order the sends were queued', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock);
    const events: string[] = [];
    // Later sends are quicker: run concurrently, they would overtake the earlier ones.
    await Promise.all(
      Array.from({ length: 25 }, async (_, i) => {
        const release = await limiter.acquire('r');
        events.push(`start ${i}`);
        await clock.sleep(1_000 * (25 - i));
        events.push(`end ${i}`);
        release();
      }),
    );
    assert.deepEqual(events, Array.from({ length: 25 }, (_, i) => [`start ${i}`, `end ${i}`]).flat());
  });

  it('keeps the order of a robot\'s queue when a send ahead is cancelled or fails', async () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter(clock, { limit: 2, windowMs: 60_000 });
    const controller = new AbortController();
    const order: number[] = [];
    const sends = [0, 1, 2, 3, 4].map((i) =>
      limiter.acquire('r', i === 2 ? controller.signal : undefined).then((release) => {
        order.push(i);
        release();
      }),
    );
    controller.abort();
    const settled = await Promise.allSettled(sends);
    assert.equal(settled[2].status, 'rejected');
    assert.deepEqual(order, [0, 1, 3, 4]);
  });

  it('counts the other windows\' bookings in the wait it predicts', async () => {
    const clock = new VirtualClock(0);
    const shared = new MemoryLedger({ limit: 2, windowMs: 60_000, holdMs: 120_000 }, clock);
    const ledger = () => shared;
    const other = new RateLimiter(clock, { limit: 2, windowMs: 60_000, ledger });
    const mine = new RateLimiter(clock, { limit: 2, windowMs: 60_000, ledger });
    (await other.acquire('r'))();
    (await other.acquire('r'))();
    const theirs = [1, 2].map(() => other.acquire('r').then((release) => release()));
    const ours = mine.acquire('r').then((release) => release());
    assert.deepEqual(mine.stats('r'), { queued: 1, otherWindows: 2, expectedWaitMs: 120_000, pausedUntil: undefined });
    await Promise.all([...theirs, ours]);
    assert.equal(clock.now(), 120_000);
  });
});
