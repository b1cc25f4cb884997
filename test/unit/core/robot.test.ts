import { strict as assert } from 'node:assert';
import type { DingTalkError } from '../../../src/core/errors';
import { apiBase, oapiBase, validateRobot, type Robot } from '../../../src/core/robot';
import { catchSync } from '../../support/catch';

const TOKEN = '0'.repeat(64);

function refusal(robot: Robot): DingTalkError {
  return catchSync(() => validateRobot(robot));
}

describe('core/robot', () => {
  it('accepts https webhooks and loopback http', () => {
    validateRobot({ kind: 'webhook', webhook: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}` });
    validateRobot({ kind: 'webhook', webhook: `http://127.0.0.1:9/robot/send?access_token=${TOKEN}` });
    validateRobot({ kind: 'webhook', webhook: `http://localhost:9/robot/send?access_token=${TOKEN}` });
    validateRobot({ kind: 'webhook', webhook: `http://[::1]:9/robot/send?access_token=${TOKEN}` });
  });

  it('refuses plain http to another host, naming the host', () => {
    const error = refusal({ kind: 'webhook', webhook: `http://oapi.dingtalk.com/robot/send?access_token=${TOKEN}` });
    assert.equal(error.code, 'insecureUrl');
    assert.match(error.message, /oapi\.dingtalk\.com/);
    assert.match(error.messageZh, /https/);
  });

  it('refuses a URL that is not a robot webhook', () => {
    assert.equal(refusal({ kind: 'webhook', webhook: 'https://oapi.dingtalk.com/robot/send' }).code, 'notRobotWebhook');
    assert.equal(refusal({ kind: 'webhook', webhook: `https://example.com/hook?access_token=${TOKEN}` }).code, 'notRobotWebhook');
    assert.equal(refusal({ kind: 'webhook', webhook: 'not a url' }).code, 'invalidUrl');
  });

  it('refuses a signing secret without SEC, too many keywords, half an app', () => {
    const webhook = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;
    assert.equal(refusal({ kind: 'webhook', webhook, secret: 'abc' }).code, 'invalidSecret');
    assert.equal(refusal({ kind: 'webhook', webhook, keywords: Array.from({ length: 11 }, (_, i) => `k${i}`) }).code, 'tooManyKeywords');
    assert.equal(refusal({ kind: 'webhook', webhook, appKey: 'dingtestappkey' }).code, 'incompleteApp');
  });

  it('needs every field of an app robot', () => {
    const error = refusal({ kind: 'app', appKey: 'k', appSecret: 's', robotCode: ' ' });
    assert.equal(error.code, 'missingField');
    assert.match(error.message, /robotCode/);
  });

  it('uploads at the webhook origin unless told otherwise; the app API defaults to api.dingtalk.com', () => {
    const webhook: Robot = { kind: 'webhook', webhook: `http://127.0.0.1:8/robot/send?access_token=${TOKEN}` };
    assert.equal(oapiBase(webhook), 'http://127.0.0.1:8');
    assert.equal(oapiBase({ ...webhook, oapiBaseUrl: 'https://gw.example.com/dingtalk/' }), 'https://gw.example.com/dingtalk');
    const app = { kind: 'app' as const, appKey: 'k', appSecret: 's', robotCode: 'r' };
    assert.equal(oapiBase(app), 'https://oapi.dingtalk.com');
    assert.equal(apiBase(app), 'https://api.dingtalk.com');
    assert.equal(apiBase({ ...app, apiBaseUrl: 'http://127.0.0.1:7' }), 'http://127.0.0.1:7');
  });
});
