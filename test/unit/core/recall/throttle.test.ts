import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEvent, DingTalkClient } from '../../../../src/core/client';
import { fileLedger } from '../../../../src/core/fileLedger';
import { robotKey } from '../../../../src/core/robot';
import type { ThrottleForm } from '../../../sim/types';
import { catchAsync } from '../../../support/catch';
import { startHarness, type Harness } from '../../../support/harness';

const MINUTE = 60_000;
const routes = {
  groupRecall: '/v1.0/robot/groupMessages/recall',
  groupQuery: '/v1.0/robot/groupMessages/query',
  oneToOneRecall: '/v1.0/robot/otoMessages/batchRecall',
  oneToOneReads: '/v1.0/robot/oToMessages/readStatus',
} as const;

/** Resolves once `condition` holds, turn by turn of the event loop; fails the test if it never does. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; !condition(); turn += 1) {
    if (turn > 100_000) {
      assert.fail(`never: ${what}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('core/recall: throttles are waited out as a send\'s are', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'dingtalk-recall-throttle-'));
  });
  afterEach(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A window's client, sharing the rate ledger of every other window made here. */
  function windowClient(events: ClientEvent[] = []): DingTalkClient {
    return h.newClient({ rateLimit: { ledger: fileLedger(join(dir, 'rate-ledger.json')) }, onEvent: (event) => events.push(event) });
  }

  const at = (path: string): number[] => h.sim.requests.filter((request) => request.path.startsWith(path)).map((request) => request.at);

  const calls: Array<{ what: string; path: string; call: (client: DingTalkClient, ids: string[]) => Promise<unknown> }> = [
    { what: 'a group recall', path: routes.groupRecall, call: (client, ids) => client.recallGroup(h.app, { processQueryKeys: ids }) },
    { what: 'a group read status', path: routes.groupQuery, call: (client, ids) => client.groupReadStatus(h.app, { processQueryKey: ids[0] }) },
    { what: 'a one-to-one recall', path: routes.oneToOneRecall, call: (client, ids) => client.recallOneToOne(h.app, [{ processQueryKey: ids[0], sentAt: h.clock.now() }]) },
    { what: 'a one-to-one read status', path: routes.oneToOneReads, call: (client, ids) => client.oneToOneReadStatus(h.app, { processQueryKey: ids[0], sentAt: h.clock.now() }) },
  ];
  const forms: Array<{ form: ThrottleForm; wait?: number; ms: number }> = [
    { form: 'code', ms: 2_000 },
    { form: 'gateway', wait: 5, ms: 5 * MINUTE },
  ];
  for (const { what, path, call } of calls) {
    for (const { form, wait, ms } of forms) {
      it(`waits out a throttle (${form}) of ${what} under the robot, told once, and pauses the robot's sends in the other windows too`, async () => {
        const oneToOne = path === routes.oneToOneRecall || path === routes.oneToOneReads;
        const sent = await h.client.sendText(h.app, 'to take back', oneToOne ? { userIds: ['user1'] } : {});
        const events: ClientEvent[] = [];
        h.sim.inject({ kind: 'throttle', path, form, wait });
        const other = windowClient();
        const asking = call(windowClient(events), sent.ids);
        // Another window's send to the same robot, once the throttle is known.
        const otherSend = until(() => events.some((event) => event.type === 'rateLimited'), 'the throttle told').then(() => other.sendText(h.app, 'from another window'));
        await Promise.all([asking, otherSend]);
        const throttled = events.filter((event) => event.type === 'rateLimited');
        assert.equal(throttled.length, 1, `told once: ${JSON.stringify(throttled)}`);
        assert.equal(throttled[0].robot, robotKey(h.app), 'under the robot, as its progress listens');
        const [refused, accepted] = at(path);
        assert.equal(throttled[0].resumeAt - refused, ms, 'for as long as the throttle lasts');
        assert.ok(accepted >= throttled[0].resumeAt, 'asked again once it ended');
        const otherWindow = h.sim.requests.find((request) => request.path === '/v1.0/robot/groupMessages/send' && (request.bodyText ?? '').includes('from another window'));
        assert.ok(otherWindow, 'the other window sent');
        assert.ok(otherWindow.at >= throttled[0].resumeAt, `the other window's send waited for the throttle (${otherWindow.at} < ${throttled[0].resumeAt})`);
      });
    }
  }

  it('tells its retries under the robot, as a send\'s', async () => {
    const sent = await h.client.sendText(h.app, 'who read this');
    const events: ClientEvent[] = [];
    h.sim.inject({ kind: 'busy', path: routes.groupQuery });
    await windowClient(events).groupReadStatus(h.app, { processQueryKey: sent.ids[0] });
    const retrying = events.filter((event) => event.type === 'retrying');
    assert.equal(retrying.length, 1, JSON.stringify(events));
    assert.equal(retrying[0].robot, robotKey(h.app));
  });

  it('waits out a throttle of the robot already known before asking, and says when it resumes', async () => {
    const events: ClientEvent[] = [];
    const client = windowClient(events);
    const sent = await client.sendText(h.app, 'sent before the throttle');
    h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/send', form: 'gateway', wait: 3 });
    await client.sendText(h.app, 'throttled, then sent');
    assert.ok(events.some((event) => event.type === 'rateLimited'), 'the first throttle, over');
    // A pause still ahead: the send's throttle again, from now.
    h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/send', form: 'gateway', wait: 2 });
    const before = events.length;
    const pausedSend = client.sendText(h.app, 'paused again');
    await until(() => events.slice(before).some((event) => event.type === 'rateLimited'), 'the send\'s throttle told');
    const recalled = client.recallGroup(h.app, { processQueryKeys: sent.ids });
    await Promise.all([pausedSend, recalled]);
    const pause = events.slice(before).filter((event): event is Extract<ClientEvent, { type: 'rateLimited' }> => event.type === 'rateLimited');
    assert.equal(pause.length, 2, `the send's throttle, and the recall waiting for it: ${JSON.stringify(pause)}`);
    assert.equal(pause[1].resumeAt, pause[0].resumeAt);
    assert.ok(at(routes.groupRecall)[0] >= pause[0].resumeAt, 'nothing asked into the known throttle');
  });

  /** A window's client whose Cancel is pressed as soon as it tells a throttle's wait. */
  function cancellingClient(): { client: DingTalkClient; signal: AbortSignal } {
    const controller = new AbortController();
    const client = h.newClient({
      rateLimit: { ledger: fileLedger(join(dir, 'rate-ledger.json')) },
      onEvent: (event) => event.type === 'rateLimited' && controller.abort(),
    });
    return { client, signal: controller.signal };
  }

  it('ends a recall cancelled while it waits out its own throttle: cancelled, not asked again', async () => {
    const sent = await h.client.sendText(h.app, 'to take back');
    h.sim.inject({ kind: 'throttle', path: routes.groupRecall, form: 'gateway', wait: 3 });
    const { client, signal } = cancellingClient();
    const error = await catchAsync(client.recallGroup(h.app, { processQueryKeys: sent.ids }, { signal }));
    assert.equal(error.reason, 'cancelled', error.message);
    assert.equal(at(routes.groupRecall).length, 1);
    assert.equal(h.sim.recalled.length, 0);
  });

  /** Another window's send met a throttle too long to wait: the robot is paused in the shared ledger for 10 minutes, no one waiting. */
  async function pausedByAnotherWindow(): Promise<void> {
    h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/send', form: 'gateway', wait: 30 });
    assert.equal((await catchAsync(windowClient().sendText(h.app, 'throttled for long'))).reason, 'throttleTooLong');
    const file = join(dir, 'rate-ledger.json');
    const paused = (): boolean => {
      const books = existsSync(file) ? Object.values((JSON.parse(readFileSync(file, 'utf8')) as { robots: Record<string, { pausedUntil: number }> }).robots) : [];
      return books.some((book) => book.pausedUntil > h.clock.now());
    };
    await until(paused, 'the pause written to the ledger');
  }

  it('waits out a pause another window put in the ledger before asking, though this window never looked at the ledger', async () => {
    const sent = await h.client.sendText(h.app, 'to take back');
    await pausedByAnotherWindow();
    const events: ClientEvent[] = [];
    const pausedAt = h.clock.now();
    await windowClient(events).recallGroup(h.app, { processQueryKeys: sent.ids });
    const told = events.find((event): event is Extract<ClientEvent, { type: 'rateLimited' }> => event.type === 'rateLimited');
    assert.equal(told?.resumeAt, pausedAt + 10 * MINUTE, JSON.stringify(events));
    assert.ok(at(routes.groupRecall)[0] >= told.resumeAt, 'nothing asked into the known throttle');
  });

  it('ends a recall cancelled while it waits for a throttle already known: cancelled, DingTalk not asked', async () => {
    const sent = await h.client.sendText(h.app, 'to take back');
    await pausedByAnotherWindow();
    const tokens = at('/v1.0/oauth2/accessToken').length;
    const { client, signal } = cancellingClient();
    const error = await catchAsync(client.recallGroup(h.app, { processQueryKeys: sent.ids }, { signal }));
    assert.equal(error.reason, 'cancelled', error.message);
    assert.equal(at(routes.groupRecall).length, 0);
    assert.equal(at('/v1.0/oauth2/accessToken').length, tokens, 'no token fetched into the throttle either');
    assert.equal(h.sim.recalled.length, 0);
  });

  it('fails a recall at once when DingTalk asks to wait longer than a send waits, saying how long', async () => {
    const sent = await h.client.sendText(h.app, 'to take back');
    h.sim.inject({ kind: 'throttle', path: routes.groupRecall, form: 'gateway', wait: 30 });
    const error = await catchAsync(windowClient().recallGroup(h.app, { processQueryKeys: sent.ids }));
    assert.equal(error.reason, 'throttleTooLong');
    assert.match(error.message, /wait 30 minutes/);
    assert.equal(at(routes.groupRecall).length, 1);
    assert.equal(h.sim.recalled.length, 0);
  });
});
