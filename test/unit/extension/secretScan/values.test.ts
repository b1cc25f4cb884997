import { strict as assert } from 'node:assert';
import { entropy, isPlaceholder, looksLikePassword, looksRandom } from '../../../../src/extension/secretScan/values';
import { randomSource, randomString } from './fakes';

describe('extension/secretScan values', () => {
  it('measures Shannon entropy in bits per character', () => {
    assert.equal(entropy('aaaa'), 0);
    assert.equal(entropy('abab'), 1);
    assert.equal(entropy('0123456789abcdef'), 4);
  });

  it('knows placeholders, references and made-up values', () => {
    for (const value of [
      '',
      'xxxxxxxx',
      '<your-token-here>',
      '${DB_PASSWORD}',
      '$DB_PASSWORD',
      '$(cat /run/secrets/db)',
      '%DB_PASSWORD%',
      '{{ vault_password }}',
      'process.env.API_KEY',
      'os.environ["API_KEY"]',
      'settings.DB_PASSWORD',
      'getPassword()',
      'changeme',
      'AKIAIOSFODNN7EXAMPLE',
      'dummy-token',
      'test1234',
      '********',
      'aaaaaaaaaaaa',
      '123456789',
      'abcdefgh',
      '0123456789abcdef0123456789abcdef',
      'abc123abc123abc123',
      '!vault',
      '*db_password',
    ]) {
      assert.ok(isPlaceholder(value), value);
    }
    for (const value of ['Wq7#pLz2!vRt', 'hunter2x', 'k9Fz2QwX8rT4yU1pL6mN3bV7cE5aZ0sD']) {
      assert.ok(!isPlaceholder(value), value);
    }
  });

  it('takes nearly every generated value of 20 characters or more for random (rates printed)', () => {
    const random = randomSource('calibration');
    const alphabets = {
      alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
      hex: '0123456789abcdef',
      'lower-case': 'abcdefghijklmnopqrstuvwxyz0123456789',
    };
    const rates: string[] = [];
    for (const [name, alphabet] of Object.entries(alphabets)) {
      for (const length of [20, 32, 40]) {
        const n = 2_000;
        let taken = 0;
        for (let i = 0; i < n; i += 1) {
          taken += looksRandom(randomString(random, alphabet, length)) ? 1 : 0;
        }
        rates.push(`${name} ${length}: ${((taken / n) * 100).toFixed(1)}%`);
        assert.ok(taken / n >= (name === 'alphanumeric' || name === 'base64' || length >= 32 ? 0.98 : 0.9), `${name} ${length}: ${taken}/${n}`);
      }
    }
    console.log(`      secret scan: random values taken for random: ${rates.join(', ')}`);
  });

  it('does not take written values for random: identifiers, slugs, paths, versions, UUIDs, CSS module names', () => {
    for (const value of [
      'UserSessionTokenProvider',
      'getApiKeyFromEnvironment',
      'settings.secretKey.label',
      'my-app-token-2024',
      'corp-web-static-2024-prod',
      'Button_token__2Xk9s',
      'ApiKeyForm_apiKey__Lm4nP',
      '/var/run/secrets/db_password',
      './config/api-key.json',
      'https://api.corp.cn/v2/token',
      'v2.14.3-beta.1',
      '6f1d2c3b-4a5e-4f60-9b8a-7c6d5e4f3a2b',
      'minioadmin2024',
      'application/json',
    ]) {
      assert.ok(!looksRandom(value), value);
    }
  });

  it('takes passwords as people write them, not words, types or placeholders', () => {
    for (const value of ['Wq7#pLz2!vRt', 'hunter2x', 'crm_8Xq2vLp9', '83749201']) {
      assert.ok(looksLikePassword(value), value);
    }
    for (const value of ['postgres', 'admin', 'Password', 'string', 'SecretStr', 'pw1', 'changeme1', '密码密码密码', 'correct horse']) {
      assert.ok(!looksLikePassword(value), value);
    }
  });
});
