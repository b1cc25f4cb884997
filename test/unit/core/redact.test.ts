import { strict as assert } from 'node:assert';
import { Redactor } from '../../../src/core/redact';

describe('core/redact', () => {
  it('masks credentials in query strings, JSON and headers even when never told them', () => {
    const r = new Redactor();
    const line = r.redact(
      'POST https://oapi.dingtalk.com/robot/send?access_token=abcdef123456&timestamp=1&sign=xyz%2B%3D ' +
        '{"accessToken":"tok-123456","appSecret":"s3cr3t-value"} x-acs-dingtalk-access-token: hdr-123456 SECtest0000000000000000',
    );
    for (const secret of ['abcdef123456', 'xyz%2B%3D', 'tok-123456', 's3cr3t-value', 'hdr-123456', 'SECtest0000000000000000']) {
      assert.ok(!line.includes(secret), `${secret} leaked in ${line}`);
    }
    assert.match(line, /timestamp=1/);
  });

  it('masks values it was told wherever they stand, plain or URL-encoded', () => {
    const r = new Redactor();
    r.add('my+secret/value=', undefined, 'abc');
    const line = r.redact(`said my+secret/value= and ${encodeURIComponent('my+secret/value=')} and abc`);
    assert.ok(!line.includes('my+secret'));
    assert.ok(!line.includes('my%2Bsecret'));
    assert.match(line, /and abc$/, 'values too short to be secrets are left alone');
  });
});
