import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODES } from '../../../src/core/dingtalkCodes';
import { cancelledError, DingTalkError, errorFromServer, inputError, type ErrorReason } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/logger';
import { fileSize, tooLarge, validateMedia } from '../../../src/core/media';
import { text, toAppMessage, feedCard } from '../../../src/core/messages';
import { mayHaveReached } from '../../../src/core/outcome';
import { validateRobot } from '../../../src/core/robot';
import { Transport } from '../../../src/core/transport';
import { catchAsync, catchSync } from '../../support/catch';

/** Every DingTalk code the core knows, with the reason a host switches on. */
const BY_CODE: Record<string, ErrorReason> = {
  '300001': 'tokenUnknown',
  '300005': 'tokenUnknown',
  '400101': 'tokenUnknown',
  '400106': 'tokenUnknown',
  '400102': 'robotDisabled',
  '400013': 'groupDissolved',
  '400105': 'messageTypeRefused',
  '130101': 'throttled',
  '410100': 'throttled',
  '90002': 'throttled',
  '90005': 'throttled',
  '90006': 'throttled',
  '90018': 'throttled',
  '90020': 'quotaExhausted',
  'Forbidden.AccessDenied.ApiCountLimitForOrg': 'quotaExhausted',
  '460101': 'messageTooLong',
  '101002': 'messageTooLong',
  '430101': 'contentRejected',
  '430102': 'contentRejected',
  '430103': 'contentRejected',
  '430104': 'contentRejected',
  '-1': 'serverBusy',
  '500100': 'serverBusy',
  ServiceUnavailable: 'serverBusy',
  '40089': 'appCredentialsWrong',
  invalidClientIdOrSecret: 'appCredentialsWrong',
  '40001': 'accessTokenRefused',
  '40014': 'accessTokenRefused',
  '42001': 'accessTokenRefused',
  InvalidAuthentication: 'accessTokenRefused',
  '40004': 'fileTypeRefused',
  '40005': 'fileTypeRefused',
  '40006': 'fileTooLarge',
  '400304': 'malformedInput',
  '40035': 'malformedInput',
  '401102': 'senderBug',
  '401103': 'senderBug',
  '43004': 'senderBug',
  'robot.not.found': 'robotCodeWrong',
  'invalidParameter.robotCode.empty': 'robotCodeWrong',
  'resource.not.found': 'conversationUnknown',
  'invalidParameter.openConversationId.empty': 'conversationUnknown',
  'invalidParameter.msgKey.invalid': 'messageTypeRefused',
  'invalidParameter.msgParam.invalid': 'malformedInput',
};

/** 310000 is one code for several checks: the errmsg decides. */
const SECURITY_CHECKS: [string, ErrorReason][] = [
  ['keywords not in content', 'keywordMissing'],
  ['description:关键词不匹配;solution:请联系群管理员查看此机器人的关键词', 'keywordMissing'],
  ['sign not match', 'wrongSecret'],
  ['description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳必须都放在调用的网址中', 'wrongSecret'],
  ['invalid timestamp', 'clockSkew'],
  ['description:签名过期;solution:请确认时间戳与服务器时间误差在1小时内', 'clockSkew'],
  ['ip 10.0.0.1 not in whitelist', 'ipNotAllowed'],
  ['IP地址不在白名单', 'ipNotAllowed'],
  ['security check failed', 'securityCheck'],
];

describe('core/reasons', () => {
  it('has a reason for every code in the table of DingTalk codes', () => {
    assert.deepEqual(Object.keys(CODES).sort(), Object.keys(BY_CODE).sort());
  });

  for (const [code, reason] of Object.entries(BY_CODE)) {
    it(`gives ${code} the reason ${reason}`, () => {
      const asNumber = /^-?\d+$/.test(code) ? Number(code) : code;
      const error = errorFromServer(asNumber, 'from the server', 400);
      assert.equal(error.reason, reason);
      assert.equal(error.code, asNumber);
    });
  }

  for (const [errmsg, reason] of SECURITY_CHECKS) {
    it(`gives 310000 "${errmsg}" the reason ${reason}`, () => {
      assert.equal(errorFromServer(310000, errmsg).reason, reason);
    });
  }

  it('keeps the category and clockSkew that hosts written before reasons read', () => {
    const clock = errorFromServer(310000, 'invalid timestamp');
    assert.deepEqual([clock.category, clock.clockSkew], ['sign', true]);
    const secret = errorFromServer(310000, 'sign not match');
    assert.deepEqual([secret.category, secret.clockSkew], ['sign', false]);
    assert.equal(errorFromServer(130101, 'too fast').category, 'rate');
  });

  it('reads throttling from the app API by its status or its name, with advice to wait', () => {
    for (const [code, status] of [
      ['Forbidden.AccessDenied.QpsLimitForApi', 403],
      ['Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 403],
      ['Forbidden.AccessDenied.QpmLimitForAppkeyAndApi', 403],
      ['Throttling.Api', 400],
      ['SomethingNew', 429],
    ] as const) {
      const error = errorFromServer(code, 'too many calls', status);
      assert.equal(error.reason, 'throttled', code);
      assert.equal(error.category, 'rate', code);
      assert.match(error.message, /too often/);
      assert.match(error.messageZh, /频繁/);
    }
  });

  it('tells a used-up monthly quota from a throttle: waiting a minute will not help', () => {
    const error = errorFromServer('Forbidden.AccessDenied.ApiCountLimitForOrg', 'monthly limit', 403);
    assert.equal(error.reason, 'quotaExhausted');
    assert.match(error.message, /monthly quota/);
    assert.doesNotMatch(error.message, /Wait a minute/);
  });

  it('tells the app robot what to do about an unknown robotCode or group, in both languages', () => {
    for (const code of ['robot.not.found', 'resource.not.found', 'invalidParameter.openConversationId.empty']) {
      const error = errorFromServer(code, 'not found', 400);
      assert.match(error.message, /edit the robot/, code);
      assert.match(error.messageZh, /编辑机器人/, code);
    }
  });

  it('says a refused AppKey/AppSecret is wrong, not that a token was refused', () => {
    for (const code of [40089, 'invalidClientIdOrSecret']) {
      const { message } = errorFromServer(code, 'invalid appkey or appsecret', 400);
      assert.match(message, /AppKey or AppSecret/);
      assert.doesNotMatch(message, /token/);
    }
  });

  it('gives unknown server codes a reason by their status', () => {
    assert.equal(errorFromServer(999999, 'something new', 200).reason, 'unknown');
    assert.equal(errorFromServer('SomethingNew', 'down', 502).reason, 'serverBusy');
    assert.equal(errorFromServer('invalidParameter.userIds.invalid', 'bad ids', 400).reason, 'malformedInput');
  });

  it('gives the core\'s own input errors their reasons', async () => {
    assert.equal(catchSync(() => validateMedia('image', 'notes.txt', 10)).reason, 'fileTypeRefused');
    assert.equal(catchSync(() => validateMedia('image', 'empty.png', 0)).reason, 'fileEmpty');
    assert.equal(tooLarge('big.pdf', 30_000_000, 20_000_000).reason, 'fileTooLarge');
    const dir = await mkdtemp(join(tmpdir(), 'reasons-'));
    try {
      assert.equal((await catchAsync(fileSize(dir))).reason, 'fileIsFolder');
      assert.equal((await catchAsync(fileSize(join(dir, 'gone.pdf')))).reason, 'fileUnreadable');
      await writeFile(join(dir, 'here.pdf'), 'x');
      assert.equal(await fileSize(join(dir, 'here.pdf')), 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const webhook = 'https://oapi.dingtalk.com/robot/send?access_token=made-up-token';
    assert.equal(catchSync(() => validateRobot({ kind: 'webhook', webhook, secret: 'nope' })).reason, 'secretMalformed');
    assert.equal(catchSync(() => validateRobot({ kind: 'webhook', webhook: 'https://example.com/hook' })).reason, 'webhookUrlInvalid');
    assert.equal(catchSync(() => validateRobot({ kind: 'webhook', webhook: webhook.replace('https', 'http') })).reason, 'urlInvalid');
    assert.equal(catchSync(() => validateRobot({ kind: 'webhook', webhook, appKey: 'made-up-key' })).reason, 'appCredentialsMissing');
    assert.equal(catchSync(() => text('')).reason, 'malformedInput');
    assert.equal(
      catchSync(() => toAppMessage(feedCard([{ title: 'A', messageUrl: 'https://example.com', picUrl: 'https://example.com/a.png' }]))).reason,
      'messageTypeRefused',
    );
    assert.equal(cancelledError().reason, 'cancelled');
    assert.equal(inputError('secretsMissing', 'Secrets are gone.', '密钥丢失。').reason, 'secretsMissing');
    assert.equal(inputError('somethingElse', 'Bad.', '错误。').reason, 'malformedInput');
  });

  it('says an unreachable server is a network problem, and that nothing can have arrived', async () => {
    const transport = new Transport({ connectTimeoutMs: 2_000 }, silentLogger);
    try {
      // Port 9 (discard) on this machine: nothing listens there, so the connection is refused.
      const error = await catchAsync(transport.send({ method: 'GET', url: 'http://127.0.0.1:9/' }));
      assert.equal(error.reason, 'network');
      assert.equal(error.mayHaveArrived, false);
      assert.equal(mayHaveReached(error), false);
    } finally {
      await transport.close();
    }
  });

  it('says a request that got no answer timed out and may have reached DingTalk', async () => {
    const sockets = new Set<Socket>();
    const server = createServer(() => undefined);
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = new Transport({ requestTimeoutMs: 300 }, silentLogger);
    try {
      const error = await catchAsync(transport.send({ method: 'POST', url: `http://127.0.0.1:${port}/robot/send`, body: '{}' }));
      assert.equal(error.reason, 'timeout');
      // The send that made the request says "may have arrived" (outcome.ts); a bare request cannot know it was a message.
      assert.equal(mayHaveReached(error), true);
    } finally {
      await transport.close();
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('says a refusal DingTalk answered has not arrived', () => {
    assert.equal(errorFromServer(310000, 'sign not match').mayHaveArrived, false);
    assert.equal(errorFromServer(400102, 'robot disabled').mayHaveArrived, false);
  });

  it('lets an explicit reason win over the code', () => {
    const error = new DingTalkError({ code: 'custom', category: 'input', reason: 'senderBug', text: { en: 'Bug.', zh: '缺陷。' } });
    assert.equal(error.reason, 'senderBug');
  });
});
