import { strict as assert } from 'node:assert';
import net, { type AddressInfo } from 'node:net';
import type { ClientEvent } from '../../../src/core/client';
import { errorFromServer } from '../../../src/core/errors';
import type { Mentions } from '../../../src/core/messages';
import { robotKey, type AppRobot } from '../../../src/core/robot';
import { catchAsync } from '../../support/catch';
import { FAKE, startHarness, type Harness } from '../../support/harness';

/** Issue 15, second part: what a send says when its answer was lost, throttles, time bounds, queue keys, @mentions. */

function msgUuids(h: Harness): string[] {
  return h.sim.requests.filter((r) => r.path === '/robot/send' && r.bodyText).map((r) => String(JSON.parse(r.bodyText ?? '{}').msgUuid));
}

/** A long markdown document that the webhook robot's 20,000-byte limit splits into parts. */
function longDoc(): string {
  return Array.from({ length: 6 }, (_, i) => `## Section ${i}\n\n${'All work and no play. '.repeat(200)}`).join('\n\n');
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('core/outcomes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  describe('a webhook send whose answer was lost', () => {
    it('ends as "may have arrived" with its msgUuid, and a Retry with that msgUuid posts nothing twice', async () => {
      h.sim.inject({ kind: 'resetAfterProcessing', path: '/robot/send', times: 4 });
      const error = await catchAsync(h.client.sendText(h.webhook, 'answer lost'));
      assert.equal(error.mayHaveArrived, true);
      assert.equal(error.retryMayDuplicate, false);
      assert.equal(error.reason, 'network');
      assert.match(error.message, /may have reached the group.*Retry is safe/);
      const sent = msgUuids(h);
      assert.equal(sent.length, 4);
      assert.equal(new Set(sent).size, 1, 'every automatic retry carried the same msgUuid');
      assert.deepEqual(error.msgUuids, [sent[0]]);
      assert.equal(h.sim.messages.length, 1);

      const again = await h.client.sendText(h.webhook, 'answer lost', { msgUuids: error.msgUuids });
      assert.deepEqual(again.ids, error.msgUuids);
      assert.equal(h.sim.messages.length, 1, 'DingTalk dropped the second copy');
    });

    it('a split send says which parts are confirmed and which one may have arrived; resuming with the msgUuids doubles none', async () => {
      h.sim.inject({ kind: 'busy', path: '/robot/send', afterProcessing: true, skip: 1, times: 4 });
      const error = await catchAsync(h.client.sendMarkdown(h.webhook, 'doc', longDoc()));
      const total = error.partial?.total ?? 0;
      assert.ok(total >= 2, `split into ${total} parts`);
      assert.equal(error.mayHaveArrived, true);
      assert.equal(error.reason, 'serverBusy');
      assert.equal(error.partial?.sent, 1);
      assert.equal(error.partial?.uncertainPart, 1);
      assert.deepEqual(error.partial?.ids, [h.sim.messages[0].msgUuid]);
      assert.equal(error.msgUuids?.length, total);
      assert.equal(h.sim.messages.length, 2, 'the uncertain part did arrive');

      const result = await h.client.sendMarkdown(h.webhook, 'doc', longDoc(), { resumeFrom: error.partial?.sent, msgUuids: error.msgUuids });
      assert.deepEqual(result.ids, error.msgUuids?.slice(1));
      assert.equal(h.sim.messages.length, total, 'every part once');
      h.sim.messages.forEach((m, i) => assert.equal(m.body.markdown.title, `doc (${i + 1}/${total})`));
    });

    it('a send refused before it was processed is a plain failure, not "may have arrived"', async () => {
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
      const error = await catchAsync(h.client.sendText(h.webhook, 'refused'));
      assert.equal(error.mayHaveArrived, false);
      assert.equal(h.sim.messages.length, 0);
    });
  });

  describe('an app robot send (no idempotency key)', () => {
    it('is not repeated after a timeout that came after processing, and says it may have arrived', async () => {
      const client = h.newClient({ transport: { requestTimeoutMs: 300 } });
      h.sim.inject({ kind: 'hang', path: '/v1.0/robot/groupMessages/send', afterProcessing: true });
      const error = await catchAsync(client.sendText(h.app, 'slow answer'));
      assert.equal(error.reason, 'timeout');
      assert.equal(error.mayHaveArrived, true);
      assert.equal(error.retryMayDuplicate, true);
      assert.match(error.message, /may post it twice/);
      assert.equal(error.msgUuids, undefined);
      assert.equal(h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/send').length, 1);
      assert.equal(h.sim.messages.length, 1);
    });

    it('is repeated when no request left: a refused connection (here its token request), with "retrying" events', async () => {
      const events: ClientEvent[] = [];
      const client = h.newClient({ onEvent: (e) => events.push(e) });
      const robot: AppRobot = { ...h.app, apiBaseUrl: `http://127.0.0.1:${await closedPort()}` };
      const error = await catchAsync(client.sendText(robot, 'nowhere'));
      assert.equal(error.code, 'connectFailed');
      assert.equal(error.mayHaveArrived, false);
      // The token request fails first and is retried on its own, not again for each try of the send.
      const retrying = events.filter((e) => e.type === 'retrying');
      assert.equal(retrying.length, 3);
      assert.ok(retrying.every((e) => e.type === 'retrying' && e.reason === 'network'));
    });

    it('is repeated after a token request that failed before the send, and posts once', async () => {
      h.sim.inject({ kind: 'reset', path: '/v1.0/oauth2/accessToken', times: 2 });
      await h.client.sendText(h.app, 'token after resets');
      assert.equal(h.sim.messages.length, 1);
    });
  });

  describe('throttles', () => {
    it('pauses the queue until a webhook throttle ends, sends nothing into it, says so once, and keeps the order', async () => {
      const events: ClientEvent[] = [];
      const client = h.newClient({ onEvent: (e) => events.push(e) });
      h.sim.inject({ kind: 'throttle', path: '/robot/send' });
      await Promise.all(Array.from({ length: 5 }, (_, i) => client.sendText(h.webhook, `in order ${i}`)));
      const throttled = events.filter((e) => e.type === 'rateLimited');
      assert.equal(throttled.length, 1, 'the user is told once');
      const sends = h.sim.requests.filter((r) => r.path === '/robot/send');
      const refusedAt = sends[0].at;
      assert.equal(throttled[0].type === 'rateLimited' && throttled[0].resumeAt, refusedAt + 10 * 60_000);
      assert.equal(sends.length, 6, 'one refusal, then each message once');
      assert.ok(sends.slice(1).every((r) => r.at >= refusedAt + 10 * 60_000), 'nothing sent into the throttle');
      assert.ok(sends[1].at - refusedAt < 11 * 60_000, 'resumed when the throttle ended, not later');
      assert.deepEqual(
        h.sim.messages.map((m) => m.body.text.content),
        Array.from({ length: 5 }, (_, i) => `in order ${i}`),
      );
    });

    it('keeps the order when a send ahead is retried after a lost answer', async () => {
      h.sim.inject({ kind: 'reset', path: '/robot/send', times: 2 });
      await Promise.all(Array.from({ length: 4 }, (_, i) => h.client.sendText(h.webhook, `retried ${i}`)));
      assert.deepEqual(
        h.sim.messages.map((m) => m.body.text.content),
        Array.from({ length: 4 }, (_, i) => `retried ${i}`),
      );
    });
  });

  describe('bounded time', () => {
    it('a webhook that never answers: "retrying" from the first timeout, and a timeout error within the send budget', async () => {
      const events: ClientEvent[] = [];
      const client = h.newClient({
        onEvent: (e) => events.push(e),
        transport: { requestTimeoutMs: 200 },
        retry: { attempts: 10, baseDelayMs: 10_000, maxDelayMs: 10_000, sendBudgetMs: 30_000 },
      });
      h.sim.inject({ kind: 'hang', path: '/robot/send', times: 10 });
      const started = h.clock.now();
      const error = await catchAsync(client.sendText(h.webhook, 'into the void'));
      assert.equal(error.reason, 'timeout');
      assert.equal(error.mayHaveArrived, true);
      assert.match(error.message, /within 30 s/);
      assert.ok(h.clock.now() - started <= 30_000, `${h.clock.now() - started} ms`);
      const tries = h.sim.requests.filter((r) => r.path === '/robot/send').length;
      assert.ok(tries >= 2 && tries < 10, `${tries} tries`);
      const first = events.find((e) => e.type === 'retrying');
      assert.ok(first?.type === 'retrying' && first.attempt === 2 && first.reason === 'timeout');
    });
  });

  describe('the app robot queue', () => {
    it('is one per robotCode: its groups and one-to-one sends share 20 a minute', async () => {
      h.sim.addAppRobot({ robotCode: FAKE.robotCode, appKey: FAKE.appKey, openConversationIds: [FAKE.conversation, 'cidSecondGroup=='] });
      const second: AppRobot = { ...h.app, openConversationId: 'cidSecondGroup==' };
      assert.equal(robotKey(second), robotKey(h.app));
      await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => h.client.sendText(h.app, `first ${i}`)),
        ...Array.from({ length: 12 }, (_, i) => h.client.sendText(second, `second ${i}`)),
        ...Array.from({ length: 6 }, (_, i) => h.client.sendText(h.app, `one to one ${i}`, { userIds: [`user${i}`] })),
      ]);
      const times = h.sim.messages.map((m) => m.at);
      assert.equal(times.length, 30);
      for (let i = 20; i < times.length; i += 1) {
        assert.ok(times[i] - times[i - 20] >= 60_000, `message ${i} came ${times[i] - times[i - 20]} ms after the one 20 before`);
      }
    });
  });

  describe('texts a user must act on', () => {
    it('an unknown group gets advice whatever DingTalk names the code', async () => {
      const error = errorFromServer('invalidParameter.openConversationId.invalid', 'openConversationId invalid', 400);
      assert.equal(error.reason, 'conversationUnknown');
      assert.match(error.message, /Add the robot to the group/);
      h.sim.addAppRobot({ robotCode: FAKE.robotCode, appKey: FAKE.appKey, openConversationIds: [] });
      const unknown = await catchAsync(h.client.sendText(h.app, 'to a group DingTalk does not know'));
      assert.equal(unknown.reason, 'conversationUnknown');
      assert.match(unknown.messageZh, /openConversationId/);
    });

    it('a wrong AppSecret says so, not that a token was refused', async () => {
      const error = await catchAsync(h.client.sendText({ ...h.app, appSecret: 'wrong-secret' }, 'x'));
      assert.equal(error.reason, 'appCredentialsWrong');
      assert.doesNotMatch(error.message, /even after fetching/);
    });

    it('clock skew asks for the clock to be set, not the robot to be edited', async () => {
      h.sim.shiftClock(2 * 60 * 60_000);
      const error = await catchAsync(h.client.sendText(h.signed, 'x'));
      assert.equal(error.reason, 'clockSkew');
      assert.match(error.message, /clock/);
      assert.doesNotMatch(error.message, /[Ee]dit the robot/);
    });
  });

  describe('@mentions', () => {
    for (const bad of ['not-a-number', '@not-a-number', '1380000000', '138000000001', '23800000000', '138-0000-000a']) {
      it(`refuses the mobile "${bad}" before sending, in English and Chinese`, async () => {
        const error = await catchAsync(h.client.sendText(h.webhook, 'hi', { at: { mobiles: [bad] } }));
        assert.equal(error.reason, 'malformedInput');
        assert.ok(error.message.includes(bad), error.message);
        assert.match(error.messageZh, /手机号/);
        assert.equal(h.sim.requests.length, 0);
      });
    }

    it('takes a mobile given as a number, or with +86 and spaces, as its digits', async () => {
      const at = { mobiles: [13800000000, '+86 139 0000 0000'] } as unknown as Mentions;
      await h.client.sendText(h.webhook, 'hi', { at });
      assert.deepEqual(h.sim.messages[0].body.at.atMobiles, ['13800000000', '13900000000']);
      assert.equal(h.sim.messages[0].body.text.content, 'hi\n\n@13800000000 @13900000000');
    });

    it('checks the mentions of a message sent as it is', async () => {
      const error = await catchAsync(h.client.send(h.webhook, { type: 'text', content: 'x', at: { mobiles: ['12ab'] } }));
      assert.equal(error.reason, 'malformedInput');
      assert.equal(h.sim.requests.length, 0);
    });
  });
});
