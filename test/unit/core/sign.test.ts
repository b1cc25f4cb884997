import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { signature, signedWebhookUrl } from '../../../src/core/sign';

const SECRET = `SECtest${'0'.repeat(57)}`;
const WEBHOOK = `https://oapi.dingtalk.com/robot/send?access_token=${'0'.repeat(64)}`;

describe('core/sign', () => {
  it('signs timestamp + "\\n" + secret with HmacSHA256 keyed by the secret, in base64', () => {
    const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(Buffer.from(`1700000000000\n${SECRET}`, 'utf8')).digest('base64');
    assert.equal(signature(SECRET, 1700000000000), expected);
    assert.notEqual(signature(SECRET, 1700000000001), expected, 'the timestamp is part of what is signed');
  });

  it('puts timestamp and the URL-encoded sign in the query, keeping access_token', () => {
    for (let timestamp = 1700000000000; timestamp < 1700000000040; timestamp += 1) {
      const url = signedWebhookUrl(WEBHOOK, SECRET, timestamp);
      const raw = /[?&]sign=([^&]*)/.exec(url)?.[1] ?? '';
      assert.doesNotMatch(raw, /[+/=]/, `sign not URL-encoded: ${raw}`);
      const params = new URL(url).searchParams;
      assert.equal(params.get('sign'), signature(SECRET, timestamp));
      assert.equal(params.get('timestamp'), String(timestamp));
      assert.equal(params.get('access_token'), '0'.repeat(64));
    }
  });

  it('leaves the URL alone for a robot without signing', () => {
    assert.equal(signedWebhookUrl(WEBHOOK, undefined, 1700000000000), WEBHOOK);
  });
});
