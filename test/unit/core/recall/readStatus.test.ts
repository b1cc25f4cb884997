import { strict as assert } from 'node:assert';
import { catchAsync } from '../../../support/catch';
import { startHarness, type Harness } from '../../../support/harness';

const HOUR_MS = 3600_000;

describe('core/recall: read status', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  const queries = (): Array<{ maxResults?: number; nextToken?: string }> =>
    h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/query').map((r) => JSON.parse(r.bodyText ?? '{}') as { maxResults?: number; nextToken?: string });

  describe('group', () => {
    it('collects every page when more people read it than one page holds', async () => {
      const sent = await h.client.sendText(h.app, 'read by many');
      const readers = Array.from({ length: 450 }, (_, i) => `reader${i}`);
      h.sim.markRead(sent.ids[0], readers);
      const status = await h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] });
      assert.equal(status.state, 'sent');
      assert.equal(status.complete, true);
      assert.deepEqual(status.readers.map((r) => r.userId), readers);
      assert.ok(status.readers.every((r) => typeof r.unionId === 'string'));
      const asked = queries();
      assert.deepEqual(asked.map((q) => q.maxResults), [200, 200, 200]);
      assert.equal(asked[0].nextToken, undefined);
      assert.ok(asked.slice(1).every((q) => typeof q.nextToken === 'string'));
    });

    it('stops at maxReaders and says the list is not complete', async () => {
      const sent = await h.client.sendText(h.app, 'read by many');
      h.sim.markRead(sent.ids[0], Array.from({ length: 450 }, (_, i) => `reader${i}`));
      const status = await h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] }, { maxReaders: 250 });
      assert.equal(status.complete, false);
      assert.equal(status.readers.length, 400);
      assert.equal(queries().length, 2);
    });

    it('answers a message nobody read yet with no readers, and a recalled one as recalled', async () => {
      const sent = await h.client.sendText(h.app, 'quiet');
      const unread = await h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] });
      assert.deepEqual(unread, { state: 'sent', sendStatus: 'SUCCESS', readers: [], complete: true });
      h.sim.markRead(sent.ids[0], ['user1']);
      await h.client.recallGroup(h.app, { processQueryKeys: sent.ids });
      const recalled = await h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] });
      assert.equal(recalled.state, 'recalled');
      assert.deepEqual(recalled.readers.map((r) => r.userId), ['user1']);
    });

    it('repeats a query whose connection broke, since reading twice is harmless', async () => {
      const sent = await h.client.sendText(h.app, 'x');
      h.sim.markRead(sent.ids[0], ['user1']);
      h.sim.inject({ kind: 'resetAfterProcessing', path: '/v1.0/robot/groupMessages/query' });
      const status = await h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] });
      assert.deepEqual(status.readers, [{ userId: 'user1', unionId: status.readers[0].unionId }]);
      assert.equal(queries().length, 2);
    });
  });

  describe('one-to-one', () => {
    it('gives each recipient\'s read state and time, the key URL-encoded', async () => {
      const sentAt = h.clock.now();
      const sent = await h.client.sendText(h.app, 'for two', { userIds: ['user1', 'user2'] });
      assert.ok(sent.ids[0].includes('+'), 'the simulator\'s keys carry "+", which a raw query would turn into a space');
      h.clock.advance(90_000);
      h.sim.markRead(sent.ids[0], ['user2']);
      const readAt = h.clock.now();
      const status = await h.client.oneToOneReadStatus(h.app, { processQueryKey: sent.ids[0], sentAt });
      assert.deepEqual(status, {
        state: 'sent',
        sendStatus: 'SUCCESS',
        recipients: [
          { userId: 'user1', name: 'user1', read: false },
          { userId: 'user2', name: 'user2', read: true, readAt },
        ],
      });
    });

    it('says so, before asking DingTalk, after 24 hours', async () => {
      const sentAt = h.clock.now();
      const sent = await h.client.sendText(h.app, 'old', { userIds: ['user1'] });
      h.clock.advance(25 * HOUR_MS);
      const error = await catchAsync(h.client.oneToOneReadStatus(h.app, { processQueryKey: sent.ids[0], sentAt }));
      assert.equal(error.code, 'readStatusWindowPassed');
      assert.equal(error.reason, 'recallWindowPassed');
      assert.match(error.message, /within 24 hours/);
      assert.equal(h.sim.requests.filter((r) => r.path.includes('readStatus')).length, 0);
    });

    it('explains DingTalk\'s own "expired" when its clock is ahead', async () => {
      const sentAt = h.clock.now();
      const sent = await h.client.sendText(h.app, 'edge', { userIds: ['user1'] });
      h.clock.advance(23 * HOUR_MS);
      h.sim.shiftClock(2 * HOUR_MS);
      const error = await catchAsync(h.client.oneToOneReadStatus(h.app, { processQueryKey: sent.ids[0], sentAt }));
      assert.equal(error.code, 'processQueryKey.expireTime');
      assert.equal(error.reason, 'readStatusUnavailable');
      assert.match(error.message, /no read status .* 24 hours/);
      assert.match(error.messageZh, /已读状态/);
    });
  });
});
