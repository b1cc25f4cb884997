import { strict as assert } from 'node:assert';
import { errorFromServer, type ErrorCategory } from '../../../src/core/errors';

/** DingTalk codes from docs/dingtalk-api.md §9, with the category the user is shown. */
const REFERENCE_CODES: [number | string, string, ErrorCategory][] = [
  [310000, 'keywords not in content', 'keyword'],
  [310000, '错误描述: 关键词不匹配;解决方案:请检查关键词', 'keyword'],
  [310000, 'sign not match', 'sign'],
  [310000, '签名不匹配', 'sign'],
  [310000, 'invalid timestamp', 'sign'],
  [310000, '签名过期', 'sign'],
  [310000, 'ip 10.0.0.1 not in whitelist', 'ip'],
  [310000, 'description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳必须都放在调用的网址中，请确认机器人的密钥加密和填写正确', 'sign'],
  [310000, 'description:关键词不匹配;solution:请联系群管理员查看此机器人的关键词，并在发送的信息中包含此关键词', 'keyword'],
  [310000, 'description:签名过期;solution:请确认时间戳与服务器时间误差在1小时内', 'sign'],
  [310000, 'IP地址不在白名单', 'ip'],
  [300001, 'token is not exist', 'auth'],
  [300005, 'token is not exist', 'auth'],
  [400101, 'access_token不存在', 'auth'],
  [400102, 'robot disabled', 'auth'],
  [400105, 'unsupported msgtype', 'content'],
  [400106, 'robot not exist', 'auth'],
  [400013, 'group dissolved', 'auth'],
  [130101, 'send too fast', 'rate'],
  [410100, 'send too fast', 'rate'],
  [460101, 'message too long', 'size'],
  [101002, 'message too long', 'size'],
  [430101, 'link rejected', 'content'],
  [430102, 'text rejected', 'content'],
  [430103, 'image rejected', 'content'],
  [430104, 'other rejected', 'content'],
  [-1, '系统繁忙', 'server'],
  [500100, 'internal error', 'server'],
  [40089, 'invalid appkey or appsecret', 'auth'],
  [40001, 'invalid credential', 'auth'],
  [40014, 'invalid access_token', 'auth'],
  [40004, 'invalid media type', 'input'],
  [400304, 'messageUrl missing', 'input'],
  [401102, 'mediaId missing', 'input'],
  [401103, 'fileName missing', 'input'],
  ['InvalidAuthentication', 'bad token', 'auth'],
  ['invalidParameter.msgKey.invalid', 'bad msgKey', 'input'],
  ['invalidParameter.msgParam.invalid', 'bad msgParam', 'input'],
  ['invalidParameter.robotCode.empty', 'no robotCode', 'input'],
];

describe('core/errors', () => {
  for (const [code, errmsg, category] of REFERENCE_CODES) {
    it(`maps ${code} (${errmsg}) to ${category} with advice in English and Chinese`, () => {
      const error = errorFromServer(code, errmsg, 200);
      assert.equal(error.category, category);
      assert.equal(error.code, code);
      assert.equal(error.detail, errmsg);
      assert.doesNotMatch(error.message, /DingTalk refused the message \(/, 'fell through to the generic message');
      assert.match(error.messageZh, /[\u4e00-\u9fff]/);
      assert.equal(error.localized('zh-cn'), error.messageZh);
      assert.equal(error.localized('en'), error.message);
    });
  }

  it('tells the four 310000 security checks apart by their advice', () => {
    const advice = ['keywords not in content', 'sign not match', 'invalid timestamp', 'ip 1.2.3.4 not in whitelist'].map(
      (m) => errorFromServer(310000, m).message,
    );
    assert.equal(new Set(advice).size, 4);
    assert.match(advice[2], /clock/);
    const wrongSecret = errorFromServer(310000, 'description:机器人发送签名不匹配;solution:请确认签名和生成签名的时间戳必须都放在调用的网址中').message;
    assert.equal(wrongSecret, advice[1], 'a wrong secret is not a clock problem');
    assert.match(errorFromServer(310000, 'description:签名过期;solution:请确认时间戳').message, /clock/);
    assert.deepEqual(
      ['sign not match', 'invalid timestamp', 'description:签名过期;solution:请确认时间戳'].map((m) => errorFromServer(310000, m).clockSkew),
      [false, true, true],
    );
  });

  it('marks only transient failures retryable', () => {
    assert.equal(errorFromServer(-1, 'busy').retryable, true);
    assert.equal(errorFromServer(500100, 'busy').retryable, true);
    assert.equal(errorFromServer('ServiceUnavailable', 'busy', 503).retryable, true);
    assert.equal(errorFromServer(310000, 'sign not match').retryable, false);
    assert.equal(errorFromServer(130101, 'too fast').retryable, false);
  });

  it('keeps an unknown code and says DingTalk refused it', () => {
    const error = errorFromServer(999999, 'something new');
    assert.equal(error.code, 999999);
    assert.match(error.message, /999999/);
    assert.match(error.message, /something new/);
  });
});
