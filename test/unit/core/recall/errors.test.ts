import { strict as assert } from 'node:assert';
import type { DingTalkError } from '../../../../src/core/errors';
import { recallApiError } from '../../../../src/core/recall/errors';
import type { AppRobot, Robot } from '../../../../src/core/robot';
import { catchAsync } from '../../../support/catch';
import { FAKE, startHarness, type Harness } from '../../../support/harness';

describe('core/recall: errors', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  /** One call of each kind about `key`, as the robot would make them. */
  function everyCall(robot: Robot, key: string): Array<[string, () => Promise<unknown>]> {
    const sentAt = h.clock.now();
    return [
      ['group recall', () => h.client.recallGroup(robot, { processQueryKeys: [key], openConversationId: FAKE.conversation })],
      ['one-to-one recall', () => h.client.recallOneToOne(robot, [{ processQueryKey: key, sentAt }])],
      ['group read status', () => h.client.groupReadStatus(robot, { processQueryKey: key, openConversationId: FAKE.conversation })],
      ['one-to-one read status', () => h.client.oneToOneReadStatus(robot, { processQueryKey: key, sentAt })],
    ];
  }

  async function failures(robot: Robot, key: string): Promise<Array<[string, DingTalkError]>> {
    const out: Array<[string, DingTalkError]> = [];
    for (const [name, call] of everyCall(robot, key)) {
      out.push([name, await catchAsync(call())]);
    }
    return out;
  }

  it('names the permission to add in the developer console when the app lacks it', async () => {
    const bare = { appKey: 'dingtestbareapp', appSecret: `testbaresecret${'0'.repeat(50)}` };
    h.sim.addApp({ ...bare, permissions: [] });
    h.sim.addAppRobot({ robotCode: 'dingtestbarerobot', appKey: bare.appKey, openConversationIds: [FAKE.conversation] });
    const robot: AppRobot = { ...h.app, ...bare, robotCode: 'dingtestbarerobot' };
    for (const [name, error] of await failures(robot, 'a2V5')) {
      assert.equal(error.code, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', name);
      assert.equal(error.reason, 'permissionMissing', name);
      assert.equal(error.category, 'auth', name);
      assert.equal(error.httpStatus, 403, name);
      assert.match(error.message, /lacks the permission qyapi_robot_sendmsg.*developer console.*Permissions/, name);
      assert.match(error.messageZh, /权限管理.*企业内机器人发送消息权限/, name);
    }
  });

  it('says a key DingTalk does not know is unknown or expired', async () => {
    const sent = await h.client.sendText(h.app, 'group message');
    const results = [
      await catchAsync(h.client.groupReadStatus(h.app, { processQueryKey: 'bm90IGEga2V5' })),
      await catchAsync(h.client.oneToOneReadStatus(h.app, { processQueryKey: sent.ids[0], sentAt: h.clock.now() })),
    ];
    for (const error of results) {
      assert.equal(error.code, 'invalid.processQueryKey');
      assert.equal(error.reason, 'messageUnknown');
      assert.match(error.message, /does not know this message.*unknown or has expired/);
      assert.match(error.messageZh, /找不到这条消息/);
    }
  });

  it('says the robot is gone once it was removed, on every call', async () => {
    const sent = await h.client.sendText(h.app, 'before the robot went');
    h.sim.removeAppRobot(FAKE.robotCode);
    for (const [name, error] of await failures(h.app, sent.ids[0])) {
      assert.equal(error.code, 'invalidParameter.robotCode.notExsit', name);
      assert.equal(error.reason, 'robotCodeWrong', name);
      assert.match(error.message, /robot does not exist/, name);
      assert.match(error.messageZh, /机器人不存在/, name);
    }
  });

  it('says the group is unknown when it is', async () => {
    const sent = await h.client.sendText(h.app, 'x');
    const target = { processQueryKeys: sent.ids, openConversationId: 'cidDissolved==' };
    const error = await catchAsync(h.client.recallGroup(h.app, target));
    assert.equal(error.code, 'invalid.openConversationId');
    assert.equal(error.reason, 'conversationUnknown');
    assert.match(error.message, /does not know the group/);
  });

  it('tells a webhook robot\'s user that DingTalk cannot recall or report reads for it, without a request', async () => {
    for (const [name, error] of await failures(h.webhook, 'a2V5')) {
      assert.equal(error.code, 'webhookCannotRecall', name);
      assert.equal(error.reason, 'recallUnsupported', name);
      assert.match(error.message, /custom group \(webhook\) robot.*enterprise app robot/, name);
      assert.match(error.messageZh, /自定义群机器人/, name);
    }
    assert.equal(h.sim.requests.length, 0);
  });

  it('uses the token the sends fetched, not one of its own', async () => {
    const sent = await h.client.sendText(h.app, 'x');
    await h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] });
    await h.client.recallGroup(h.app, { processQueryKeys: sent.ids });
    assert.equal(h.sim.tokensIssued.oauth2, 1);
    const used = new Set(h.sim.requests.map((r) => r.headers['x-acs-dingtalk-access-token']).filter(Boolean));
    assert.equal(used.size, 1);
  });

  it('fetches a new token once when DingTalk refuses a cached one', async () => {
    const sent = await h.client.sendText(h.app, 'x');
    await h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] });
    const issued = h.sim.tokensIssued.oauth2;
    h.sim.shiftClock(3 * 3600_000);
    const status = await h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] });
    assert.equal(status.state, 'sent');
    assert.equal(h.sim.tokensIssued.oauth2, issued + 1);
    assert.deepEqual(
      h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/query').map((r) => r.status),
      [200, 401, 200],
    );
  });

  it('says the token is refused when even a fresh one is', async () => {
    await h.stop();
    h = await startHarness({}, { tokenTtlSeconds: 0 });
    const error = await catchAsync(h.client.recallGroup(h.app, { processQueryKeys: ['a2V5'] }));
    assert.equal(error.code, 'InvalidAuthentication');
    assert.equal(error.reason, 'accessTokenRefused');
    assert.match(error.message, /refused the access token even after fetching a new one/);
    assert.equal(h.sim.tokensIssued.oauth2, 2);
  });

  it('keeps tokens and secrets out of the log and of errors', async () => {
    const sent = await h.client.sendText(h.app, 'x');
    await h.client.recallGroup(h.app, { processQueryKeys: sent.ids });
    h.sim.inject({ kind: 'status', status: 502, path: '/v1.0/robot/groupMessages/query', times: 10 });
    const error = await catchAsync(h.client.groupReadStatus(h.app, { processQueryKey: sent.ids[0] }));
    assert.equal(error.code, 'HTTP 502');
    const tokens = h.sim.requests.map((r) => r.headers['x-acs-dingtalk-access-token']).filter((t): t is string => typeof t === 'string');
    assert.ok(tokens.length > 0);
    const exposed = [...h.log.lines, error.message, error.detail ?? ''].join('\n');
    for (const secret of [...tokens, FAKE.appSecret]) {
      assert.ok(!exposed.includes(secret), 'a credential reached the log or the error');
    }
  });

  it('calls refusals of its own parameters a bug, and a stopped robot what it is', () => {
    for (const code of ['invalidParameter.cursor.invalid', 'invalidParameter.pageSize.invalid', 'invalidParameter.param.invalid', 'invalid.somethingNew']) {
      const error = recallApiError(code, 'x', 400, []);
      assert.match(error.message, /bug in DingTalk Sender/, code);
      assert.equal(error.reason, 'senderBug', code);
      assert.equal(error.code, code);
    }
    const stopped = recallApiError('bot.stopped', '群机器人已经停用', 400, []);
    assert.match(stopped.message, /stopped in this group/);
    assert.equal(stopped.reason, 'robotDisabled');
    assert.equal(recallApiError('ServiceUnavailable', 'busy', 503, []).retryable, true);
  });
});
