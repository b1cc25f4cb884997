import { strict as assert } from 'node:assert';
import type { SentPart } from '../../../../src/core/recall';
import type { AppRobot } from '../../../../src/core/robot';
import { catchAsync } from '../../../support/catch';
import { FAKE, startHarness, type Harness } from '../../../support/harness';

const HOUR_MS = 3600_000;

/** Text that becomes three app-robot messages. */
function threePartText(): string {
  return Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(90)}`).join('\n');
}

describe('core/recall: recall', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  const recallRequests = (): number => h.sim.requests.filter((r) => r.path.endsWith('/batchRecall') || r.path.endsWith('/groupMessages/recall')).length;

  describe('group', () => {
    it('recalls a single-message send', async () => {
      const sent = await h.client.sendText(h.app, 'the wrong snippet');
      const result = await h.client.recallGroup(h.app, { processQueryKeys: sent.ids });
      assert.deepEqual(result.recalled, sent.ids);
      assert.deepEqual(result.refused, []);
      assert.equal(result.at, h.clock.now());
      assert.deepEqual(
        h.sim.recalled.map((r) => [r.processQueryKey, r.conversation]),
        [[sent.ids[0], FAKE.conversation]],
      );
      assert.ok(h.sim.messages[0].recalledAt !== undefined);
    });

    it('recalls every part of a split send, in the group the send went to', async () => {
      const sent = await h.client.sendText(h.app, threePartText());
      assert.equal(sent.parts, 3);
      const moved: AppRobot = { ...h.app, openConversationId: 'cidSomewhereElse==' };
      const result = await h.client.recallGroup(moved, { processQueryKeys: sent.ids, openConversationId: FAKE.conversation });
      assert.deepEqual(result.recalled, sent.ids);
      assert.deepEqual(h.sim.recalled.map((r) => r.processQueryKey), sent.ids);
      assert.ok(h.sim.messages.every((m) => m.recalledAt !== undefined));
      assert.equal(recallRequests(), 1);
    });

    it('reports each part of a second recall as refused, with DingTalk\'s reason', async () => {
      const sent = await h.client.sendText(h.app, threePartText());
      await h.client.recallGroup(h.app, { processQueryKeys: sent.ids });
      const again = await h.client.recallGroup(h.app, { processQueryKeys: sent.ids });
      assert.deepEqual(again.recalled, []);
      assert.deepEqual(
        again.refused.map((p) => [p.processQueryKey, p.reason, p.detail]),
        sent.ids.map((id) => [id, 'refused', 'message already recalled']),
      );
      assert.match(again.refused[0].text.en, /did not recall.*already recalled/);
      assert.match(again.refused[0].text.zh, /未撤回/);
      assert.equal(h.sim.recalled.length, 3);
    });

    it('recalls the parts whose keys arrived when the answer to a later part was lost', async () => {
      h.sim.inject({ kind: 'resetAfterProcessing', path: '/v1.0/robot/groupMessages/send', skip: 1 });
      const error = await catchAsync(h.client.sendText(h.app, threePartText()));
      assert.equal(h.sim.messages.length, 2, 'the second part arrived; its key did not');
      const known = error.partial?.ids ?? [];
      assert.deepEqual(known, [h.sim.messages[0].processQueryKey]);
      const result = await h.client.recallGroup(h.app, { processQueryKeys: known });
      assert.deepEqual(result.recalled, known);
      assert.deepEqual(
        h.sim.messages.map((m) => m.recalledAt !== undefined),
        [true, false],
      );
    });

    it('says, without asking DingTalk, that a send whose answer was lost has nothing to recall', async () => {
      h.sim.inject({ kind: 'resetAfterProcessing', path: '/v1.0/robot/groupMessages/send' });
      const lost = await catchAsync(h.client.sendText(h.app, 'sent, but the answer never came'));
      assert.equal(lost.partial, undefined);
      assert.equal(h.sim.messages.length, 1);
      for (const keys of [[], ['']]) {
        const error = await catchAsync(h.client.recallGroup(h.app, { processQueryKeys: keys }));
        assert.equal(error.code, 'noMessageIds');
        assert.equal(error.reason, 'noMessageIds');
        assert.equal(error.category, 'input');
        assert.match(error.message, /no message id/);
        assert.match(error.messageZh, /消息 ID/);
      }
      assert.equal(recallRequests(), 0);
    });

    it('refuses unknown keys one by one and recalls the rest', async () => {
      const sent = await h.client.sendText(h.app, 'real');
      const result = await h.client.recallGroup(h.app, { processQueryKeys: ['bm90IGEga2V5', ...sent.ids] });
      assert.deepEqual(result.recalled, sent.ids);
      assert.deepEqual(result.refused.map((p) => [p.processQueryKey, p.detail]), [['bm90IGEga2V5', 'processQueryKey not found']]);
    });

    it('needs the group: from the send or the robot', async () => {
      const { openConversationId: _none, ...robot } = h.app;
      const error = await catchAsync(h.client.recallGroup(robot, { processQueryKeys: ['k'] }));
      assert.equal(error.code, 'missingConversation');
      assert.equal(error.reason, 'conversationUnknown');
    });
  });

  describe('one-to-one', () => {
    it('recalls inside 24 hours, even after the tokens expired', async () => {
      const sentAt = h.clock.now();
      const sent = await h.client.sendText(h.app, 'for two people', { userIds: ['user1', 'user2'] });
      h.clock.advance(23 * HOUR_MS);
      const result = await h.client.recallOneToOne(h.app, sent.ids.map((processQueryKey) => ({ processQueryKey, sentAt })));
      assert.deepEqual(result.recalled, sent.ids);
      assert.deepEqual(result.refused, []);
      assert.deepEqual(h.sim.recalled.map((r) => [r.channel, r.userIds]), [['oto', ['user1', 'user2']]]);
    });

    it('says so, before asking DingTalk, when every part is over 24 hours old', async () => {
      const sentAt = h.clock.now();
      const sent = await h.client.sendText(h.app, 'yesterday', { userIds: ['user1'] });
      h.clock.advance(24 * HOUR_MS);
      const error = await catchAsync(h.client.recallOneToOne(h.app, [{ processQueryKey: sent.ids[0], sentAt }]));
      assert.equal(error.code, 'recallWindowPassed');
      assert.equal(error.reason, 'recallWindowPassed');
      assert.equal(error.category, 'input');
      assert.match(error.message, /only within 24 hours/);
      assert.match(error.messageZh, /24 小时内/);
      assert.equal(recallRequests(), 0);
      assert.equal(h.sim.recalled.length, 0);
    });

    it('recalls the parts still inside 24 hours and reports the older ones as outside the window', async () => {
      const oldAt = h.clock.now();
      const old = await h.client.sendText(h.app, 'old', { userIds: ['user1'] });
      h.clock.advance(12 * HOUR_MS);
      const recentAt = h.clock.now();
      const recent = await h.client.sendText(h.app, 'recent', { userIds: ['user1'] });
      h.clock.advance(13 * HOUR_MS);
      const parts = [
        { processQueryKey: old.ids[0], sentAt: oldAt },
        { processQueryKey: recent.ids[0], sentAt: recentAt },
      ];
      const result = await h.client.recallOneToOne(h.app, parts);
      assert.deepEqual(result.recalled, recent.ids);
      assert.deepEqual(result.refused.map((p) => [p.processQueryKey, p.reason]), [[old.ids[0], 'outsideWindow']]);
      assert.match(result.refused[0].text.en, /24 hours/);
      const asked = h.sim.requests.filter((r) => r.path === '/v1.0/robot/otoMessages/batchRecall');
      assert.deepEqual(asked.map((r) => (JSON.parse(r.bodyText ?? '{}') as { processQueryKeys: string[] }).processQueryKeys), [recent.ids]);
    });

    it('trusts DingTalk\'s clock at the edge: a part this machine thinks is inside 24 hours can still be refused', async () => {
      const sentAt = h.clock.now();
      const sent = await h.client.sendText(h.app, 'edge', { userIds: ['user1'] });
      h.clock.advance(23 * HOUR_MS);
      h.sim.shiftClock(2 * HOUR_MS);
      const result = await h.client.recallOneToOne(h.app, [{ processQueryKey: sent.ids[0], sentAt }]);
      assert.deepEqual(result.recalled, []);
      assert.equal(result.refused[0].reason, 'refused');
      assert.match(result.refused[0].detail, /24 hours/);
    });

    async function twentyOneParts(): Promise<SentPart[]> {
      const client = h.newClient({ rateLimit: false });
      const parts = [];
      for (let i = 0; i < 21; i++) {
        const sentAt = h.clock.now();
        const sent = await client.sendText(h.app, `note ${i}`, { userIds: ['user1'] });
        parts.push({ processQueryKey: sent.ids[0], sentAt });
      }
      return parts;
    }

    it('asks about at most 20 keys at a time', async () => {
      const parts = await twentyOneParts();
      const result = await h.client.recallOneToOne(h.app, parts);
      assert.equal(result.recalled.length, 21);
      const asked = h.sim.requests.filter((r) => r.path === '/v1.0/robot/otoMessages/batchRecall');
      assert.deepEqual(asked.map((r) => (JSON.parse(r.bodyText ?? '{}') as { processQueryKeys: string[] }).processQueryKeys.length), [20, 1]);
    });

    it('names the parts an earlier batch recalled when a later batch fails', async () => {
      const parts = await twentyOneParts();
      h.sim.inject({ kind: 'status', status: 400, path: '/v1.0/robot/otoMessages/batchRecall', skip: 1 });
      const error = await catchAsync(h.client.recallOneToOne(h.app, parts));
      assert.deepEqual(error.partial, { sent: 20, total: 21, ids: parts.slice(0, 20).map((p) => p.processQueryKey) });
      assert.equal(h.sim.recalled.length, 20);
    });
  });

  describe('retries', () => {
    it('repeats a recall DingTalk was too busy for, but not one whose answer was lost', async () => {
      const sent = await h.client.sendText(h.app, 'x');
      h.sim.inject({ kind: 'busy', path: '/v1.0/robot/groupMessages/recall' });
      const result = await h.client.recallGroup(h.app, { processQueryKeys: sent.ids });
      assert.deepEqual(result.recalled, sent.ids);
      assert.equal(recallRequests(), 2);

      const other = await h.client.sendText(h.app, 'y');
      h.sim.inject({ kind: 'resetAfterProcessing', path: '/v1.0/robot/groupMessages/recall' });
      const error = await catchAsync(h.client.recallGroup(h.app, { processQueryKeys: other.ids }));
      assert.equal(error.category, 'network');
      assert.equal(recallRequests(), 3);
      assert.equal(h.sim.recalled.length, 2, 'DingTalk did recall it; asking again would only report it refused');
    });
  });
});
