import assert from 'node:assert/strict';
import { DingTalkSimulator } from '../../sim/simulator';

const APP = { appKey: 'dingtestappkey', appSecret: `dingtestappsecret${'0'.repeat(47)}` };
const OTHER_APP = { appKey: 'dingtestotherapp', appSecret: `dingtestothersecret${'0'.repeat(45)}` };
const BARE_APP = { appKey: 'dingtestbareapp', appSecret: `dingtestbaresecret${'0'.repeat(46)}`, permissions: [] };
const ROBOT_CODE = 'dingtestrobot';
const CONVERSATION = 'cidTestConversation==';
const OTHER_CONVERSATION = 'cidOtherConversation==';
const DAY_MS = 24 * 60 * 60_000;

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

describe('DingTalk simulator: recall and read status', () => {
  let clock: number;
  let sim: DingTalkSimulator;
  let token: string;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown, accessToken = token): Promise<Answer> {
    const res = await fetch(`${sim.origin}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': accessToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  async function tokenFor(app: { appKey: string; appSecret: string }): Promise<string> {
    const res = await call('POST', '/v1.0/oauth2/accessToken', { appKey: app.appKey, appSecret: app.appSecret }, '');
    return res.json.accessToken as string;
  }

  async function sendGroup(content: string, conversation = CONVERSATION): Promise<string> {
    const body = { robotCode: ROBOT_CODE, openConversationId: conversation, msgKey: 'sampleText', msgParam: JSON.stringify({ content }) };
    const res = await call('POST', '/v1.0/robot/groupMessages/send', body);
    assert.equal(res.status, 200);
    return res.json.processQueryKey as string;
  }

  async function sendOneToOne(userIds: string[]): Promise<string> {
    const body = { robotCode: ROBOT_CODE, userIds, msgKey: 'sampleText', msgParam: '{"content":"hi"}' };
    const res = await call('POST', '/v1.0/robot/oToMessages/batchSend', body);
    assert.equal(res.status, 200);
    return res.json.processQueryKey as string;
  }

  const groupRecall = (keys: unknown, extra: object = {}): Promise<Answer> =>
    call('POST', '/v1.0/robot/groupMessages/recall', { robotCode: ROBOT_CODE, openConversationId: CONVERSATION, processQueryKeys: keys, ...extra });
  const groupQuery = (key: string, extra: object = {}): Promise<Answer> =>
    call('POST', '/v1.0/robot/groupMessages/query', { robotCode: ROBOT_CODE, openConversationId: CONVERSATION, processQueryKey: key, maxResults: 200, ...extra });
  const otoRecall = (keys: unknown, extra: object = {}): Promise<Answer> =>
    call('POST', '/v1.0/robot/otoMessages/batchRecall', { robotCode: ROBOT_CODE, processQueryKeys: keys, ...extra });
  const otoReadStatus = (query: string, accessToken = token): Promise<Answer> =>
    call('GET', `/v1.0/robot/oToMessages/readStatus?${query}`, undefined, accessToken);
  const readStatusQuery = (key: string): string => new URLSearchParams({ robotCode: ROBOT_CODE, processQueryKey: key }).toString();

  beforeEach(async () => {
    clock = Date.UTC(2025, 0, 1);
    // Tokens outlive the clock moves past 24 h, so that only the 24 h rule is on trial.
    sim = await DingTalkSimulator.start({ now: () => clock, tokenTtlSeconds: 7 * 24 * 3600 });
    sim.addApp(APP);
    sim.addApp(OTHER_APP);
    sim.addApp(BARE_APP);
    sim.addAppRobot({
      robotCode: ROBOT_CODE,
      appKey: APP.appKey,
      openConversationIds: [CONVERSATION, OTHER_CONVERSATION],
      staffIds: ['user1', 'user2'],
      staffNames: { user1: '张三' },
    });
    token = await tokenFor(APP);
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('answers every send with its own key, shaped so that it must be URL-encoded, and remembers it', async () => {
    const keys = [await sendGroup('a'), await sendGroup('b'), await sendOneToOne(['user1'])];
    assert.equal(new Set(keys).size, 3);
    for (const key of keys) {
      assert.match(key, /^[A-Za-z0-9+/]{43}=$/);
      assert.ok(key.includes('+') && key.includes('/'));
    }
    assert.deepEqual(
      sim.messages.map((m) => m.processQueryKey),
      keys,
    );
  });

  describe('group recall', () => {
    it('recalls the messages it names, records them and marks them on the page', async () => {
      const [first, second, kept] = [await sendGroup('one'), await sendGroup('two'), await sendGroup('three')];
      clock += 5_000;
      const res = await groupRecall([first, second]);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { successResult: [first, second], failedResult: {} });
      assert.deepEqual(
        sim.recalled.map((r) => [r.processQueryKey, r.channel, r.robot, r.conversation, r.at - r.sentAt]),
        [
          [first, 'group', ROBOT_CODE, CONVERSATION, 5_000],
          [second, 'group', ROBOT_CODE, CONVERSATION, 5_000],
        ],
      );
      assert.deepEqual(
        sim.messages.map((m) => m.recalledAt !== undefined),
        [true, true, false],
      );
      const page = await (await fetch(`${sim.origin}/`)).text();
      assert.equal(page.match(/已撤回/g)?.length, 2);
      assert.equal((await groupQuery(kept)).json.sendStatus, 'SUCCESS');
      assert.equal((await groupQuery(first)).json.sendStatus, 'RECALLED');
    });

    it('refuses, key by key, what was recalled already, is unknown, or belongs to another group or channel', async () => {
      const recalled = await sendGroup('one');
      const elsewhere = await sendGroup('two', OTHER_CONVERSATION);
      const oneToOne = await sendOneToOne(['user1']);
      await groupRecall([recalled]);
      const res = await groupRecall([recalled, elsewhere, oneToOne, 'bm90IGEga2V5']);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.successResult, []);
      assert.deepEqual(Object.keys(res.json.failedResult as object), [recalled, elsewhere, oneToOne, 'bm90IGEga2V5']);
      assert.equal((res.json.failedResult as Record<string, string>)[recalled], 'message already recalled');
      assert.equal(sim.recalled.length, 1);
    });

    it('refuses bad requests as a whole with the documented codes', async () => {
      const key = await sendGroup('one');
      const cases: Array<[string, Promise<Answer>, number, string]> = [
        ['no robotCode', groupRecall([key], { robotCode: '' }), 400, 'invalidParameter.robotCode.missing'],
        ['unknown robot', groupRecall([key], { robotCode: 'dingtestnobody' }), 400, 'invalidParameter.robotCode.notExsit'],
        ['no conversation', groupRecall([key], { openConversationId: undefined }), 400, 'openConversationId.notExisted'],
        ['unknown conversation', groupRecall([key], { openConversationId: 'cidNobody==' }), 400, 'invalid.openConversationId'],
        ['no keys', groupRecall([]), 400, 'invalidParameter.param.invalid'],
        ['keys not strings', groupRecall([1]), 400, 'invalidParameter.param.invalid'],
      ];
      for (const [name, answer, status, code] of cases) {
        const res = await answer;
        assert.equal(res.status, status, name);
        assert.equal(res.json.code, code, name);
      }
      assert.equal(sim.recalled.length, 0);
    });
  });

  describe('one-to-one recall', () => {
    it('recalls within 24 hours of the send and refuses after, key by key', async () => {
      const old = await sendOneToOne(['user1']);
      clock += DAY_MS - 1_000;
      const recent = await sendOneToOne(['user2']);
      clock += 2_000;
      const res = await otoRecall([old, recent]);
      assert.deepEqual(res.json.successResult, [recent]);
      assert.match((res.json.failedResult as Record<string, string>)[old], /24 hours/);
      assert.deepEqual(sim.recalled.map((r) => [r.channel, r.userIds]), [['oto', ['user2']]]);
    });

    it('takes at most 20 keys and refuses a group key as unknown', async () => {
      const group = await sendGroup('g');
      const tooMany = await otoRecall(Array.from({ length: 21 }, (_, i) => `key${i}`));
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.json.code, 'invalidParameter.param.invalid');
      const res = await otoRecall([group]);
      assert.deepEqual(Object.keys(res.json.failedResult as object), [group]);
    });
  });

  describe('group read status', () => {
    it('pages through the readers in reading order, with unionIds, at most 200 a page', async () => {
      const key = await sendGroup('read me');
      const readers = Array.from({ length: 450 }, (_, i) => `reader${i}`);
      sim.markRead(key, readers.slice(0, 300));
      clock += 1_000;
      sim.markRead(key, [...readers.slice(250, 450), 'reader0']);
      const seen: string[] = [];
      let nextToken: unknown;
      let pages = 0;
      do {
        const res = await groupQuery(key, nextToken === undefined ? {} : { nextToken });
        assert.equal(res.status, 200);
        const ids = res.json.readUserIds as string[];
        assert.ok(ids.length <= 200);
        const users = res.json.readUsers as Array<{ userId: string; unionId: string }>;
        assert.deepEqual(users.map((u) => u.userId), ids);
        assert.ok(users.every((u) => /^union[0-9a-f]{20}$/.test(u.unionId)));
        seen.push(...ids);
        nextToken = res.json.nextToken;
        assert.equal(res.json.hasMore, nextToken !== undefined);
        pages += 1;
      } while (nextToken !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(seen, readers);
    });

    it('honours a smaller page and answers an unread message with no readers', async () => {
      const key = await sendGroup('x');
      assert.deepEqual((await groupQuery(key)).json, { sendStatus: 'SUCCESS', readUserIds: [], readUsers: [], hasMore: false });
      sim.markRead(key, ['a', 'b', 'c']);
      const first = await groupQuery(key, { maxResults: 2 });
      assert.deepEqual(first.json.readUserIds, ['a', 'b']);
      const second = await groupQuery(key, { maxResults: 2, nextToken: first.json.nextToken });
      assert.deepEqual(second.json.readUserIds, ['c']);
      assert.equal(second.json.hasMore, false);
    });

    it('refuses bad queries with the documented codes', async () => {
      const key = await sendGroup('x');
      const otherKey = await sendGroup('y');
      sim.markRead(otherKey, ['a', 'b']);
      const foreignCursor = (await groupQuery(otherKey, { maxResults: 1 })).json.nextToken;
      const cases: Array<[string, Promise<Answer>, string]> = [
        ['no key', groupQuery(''), 'invalidParameter.processQueryKey.missing'],
        ['unknown key', groupQuery('bm90IGEga2V5'), 'invalid.processQueryKey'],
        ['key of another group', groupQuery(key, { openConversationId: OTHER_CONVERSATION }), 'invalid.processQueryKey'],
        ['201 a page', groupQuery(key, { maxResults: 201 }), 'invalidParameter.pageSize.invalid'],
        ['zero a page', groupQuery(key, { maxResults: 0 }), 'invalidParameter.pageSize.invalid'],
        ['made-up cursor', groupQuery(key, { nextToken: '50' }), 'invalidParameter.cursor.invalid'],
        ["another key's cursor", groupQuery(key, { nextToken: foreignCursor }), 'invalidParameter.cursor.invalid'],
        ['no conversation', groupQuery(key, { openConversationId: '' }), 'openConversationId.notExisted'],
      ];
      for (const [name, answer, code] of cases) {
        const res = await answer;
        assert.equal(res.status, 400, name);
        assert.equal(res.json.code, code, name);
      }
    });
  });

  describe('one-to-one read status', () => {
    it('lists each recipient DingTalk knew with read state, name and time, for a URL-encoded key', async () => {
      const key = await sendOneToOne(['user1', 'user2', 'stranger']);
      clock += 60_000;
      sim.markRead(key, ['user1']);
      const res = await otoReadStatus(readStatusQuery(key));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, {
        sendStatus: 'SUCCESS',
        messageReadInfoList: [
          { name: '张三', userId: 'user1', readStatus: 'READ', readTimestamp: clock },
          { name: 'user2', userId: 'user2', readStatus: 'UNREAD' },
        ],
      });
      assert.throws(() => sim.markRead(key, ['stranger']), /did not reach stranger/);
    });

    it('does not find a key sent without URL-encoding, and refuses after 24 hours', async () => {
      const key = await sendOneToOne(['user1']);
      const raw = await otoReadStatus(`robotCode=${ROBOT_CODE}&processQueryKey=${key}`);
      assert.equal(raw.status, 400);
      assert.equal(raw.json.code, 'invalid.processQueryKey');
      clock += DAY_MS + 1;
      const late = await otoReadStatus(readStatusQuery(key));
      assert.equal(late.status, 400);
      assert.equal(late.json.code, 'processQueryKey.expireTime');
    });

    it('refuses missing parameters, a group key and a robot of another app', async () => {
      const group = await sendGroup('g');
      const cases: Array<[string, Promise<Answer>, string]> = [
        ['no robotCode', otoReadStatus(`processQueryKey=${encodeURIComponent(group)}`), 'invalidParameter.robotCode.missing'],
        ['no key', otoReadStatus(`robotCode=${ROBOT_CODE}`), 'invalidParameter.processQueryKey.missing'],
        ['group key', otoReadStatus(readStatusQuery(group)), 'invalid.processQueryKey'],
        ['foreign robot', otoReadStatus(readStatusQuery(group), await tokenFor(OTHER_APP)), 'invalidParameter.robotCode.notExsit'],
      ];
      for (const [name, answer, code] of cases) {
        const res = await answer;
        assert.equal(res.status, 400, name);
        assert.equal(res.json.code, code, name);
      }
    });
  });

  describe('authorisation', () => {
    it('refuses a bad token with 401 and an app without the robot permission with 403 naming it, on every route', async () => {
      const key = await sendGroup('g');
      const bare = await tokenFor(BARE_APP);
      sim.addAppRobot({ robotCode: 'dingtestbarerobot', appKey: BARE_APP.appKey, openConversationIds: [CONVERSATION] });
      const routes: Array<(accessToken: string) => Promise<Answer>> = [
        (t) => call('POST', '/v1.0/robot/groupMessages/recall', { robotCode: ROBOT_CODE, openConversationId: CONVERSATION, processQueryKeys: [key] }, t),
        (t) => call('POST', '/v1.0/robot/groupMessages/query', { robotCode: ROBOT_CODE, openConversationId: CONVERSATION, processQueryKey: key }, t),
        (t) => call('POST', '/v1.0/robot/otoMessages/batchRecall', { robotCode: ROBOT_CODE, processQueryKeys: [key] }, t),
        (t) => otoReadStatus(readStatusQuery(key), t),
        (t) => call('POST', '/v1.0/robot/groupMessages/send', { robotCode: 'dingtestbarerobot', openConversationId: CONVERSATION, msgKey: 'sampleText', msgParam: '{"content":"x"}' }, t),
      ];
      for (const route of routes) {
        const unknown = await route('f'.repeat(32));
        assert.equal(unknown.status, 401);
        assert.equal(unknown.json.code, 'InvalidAuthentication');
        const denied = await route(bare);
        assert.equal(denied.status, 403);
        assert.equal(denied.json.code, 'Forbidden.AccessDenied.AccessTokenPermissionDenied');
        assert.deepEqual(denied.json.accessdenieddetail, { requiredScopes: ['qyapi_robot_sendmsg'] });
      }
      assert.equal(sim.recalled.length, 0);
      assert.equal(sim.messages.length, 1);
    });

    it('answers "robot does not exist" once a robot is removed', async () => {
      const key = await sendGroup('g');
      sim.removeAppRobot(ROBOT_CODE);
      const res = await groupRecall([key]);
      assert.equal(res.status, 400);
      assert.equal(res.json.code, 'invalidParameter.robotCode.notExsit');
    });
  });

  it('forgets keys, reads and recalls on reset()', async () => {
    const key = await sendGroup('g');
    sim.markRead(key, ['a']);
    await groupRecall([key]);
    sim.reset();
    assert.deepEqual(sim.recalled, []);
    assert.equal((await groupQuery(key)).json.code, 'invalid.processQueryKey');
    assert.throws(() => sim.markRead(key, ['a']), /no app-robot message/);
  });
});
