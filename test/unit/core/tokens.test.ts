import { strict as assert } from 'node:assert';
import { TokenCache, type TokenKind } from '../../../src/core/tokens';
import { VirtualClock } from '../../support/virtualClock';

const APP = { appKey: 'dingtestappkey', appSecret: 'testappsecret' };

describe('core/tokens', () => {
  function counting(clock: VirtualClock): { cache: TokenCache; fetched: TokenKind[] } {
    const fetched: TokenKind[] = [];
    const cache = new TokenCache(async (kind) => {
      fetched.push(kind);
      await clock.sleep(10);
      return { token: `${kind}-${fetched.length}`, expiresInSeconds: 7200 };
    }, clock);
    return { cache, fetched };
  }

  it('shares one fetch between concurrent callers and caches per kind', async () => {
    const clock = new VirtualClock(0);
    const { cache, fetched } = counting(clock);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cache.get('oapi', 'https://o', APP)));
    assert.deepEqual(new Set(tokens), new Set(['oapi-1']));
    assert.equal(await cache.get('oauth2', 'https://o', APP), 'oauth2-2');
    assert.equal(await cache.get('oapi', 'https://o', APP), 'oapi-1');
    assert.deepEqual(fetched, ['oapi', 'oauth2']);
  });

  it('refreshes shortly before expiry, not after', async () => {
    const clock = new VirtualClock(0);
    const { cache, fetched } = counting(clock);
    await cache.get('oapi', 'https://o', APP);
    clock.advance(7200_000 - 6 * 60_000);
    await cache.get('oapi', 'https://o', APP);
    assert.equal(fetched.length, 1);
    clock.advance(2 * 60_000);
    assert.equal(await cache.get('oapi', 'https://o', APP), 'oapi-2');
  });

  it('forgets a refused token but not a newer one', async () => {
    const clock = new VirtualClock(0);
    const { cache } = counting(clock);
    const first = await cache.get('oapi', 'https://o', APP);
    cache.invalidate('oapi', 'https://o', APP, first);
    const second = await cache.get('oapi', 'https://o', APP);
    assert.notEqual(second, first);
    cache.invalidate('oapi', 'https://o', APP, first);
    assert.equal(await cache.get('oapi', 'https://o', APP), second);
  });

  it('fetches anew when the secret changes', async () => {
    const clock = new VirtualClock(0);
    const { cache, fetched } = counting(clock);
    await cache.get('oapi', 'https://o', APP);
    await cache.get('oapi', 'https://o', { ...APP, appSecret: 'other' });
    assert.equal(fetched.length, 2);
  });

  it('lets the next caller retry after a failed fetch', async () => {
    const clock = new VirtualClock(0);
    let calls = 0;
    const cache = new TokenCache(async () => {
      calls += 1;
      if (calls === 1) {
        throw new Error('down');
      }
      return { token: 't', expiresInSeconds: 7200 };
    }, clock);
    await assert.rejects(cache.get('oapi', 'https://o', APP), /down/);
    assert.equal(await cache.get('oapi', 'https://o', APP), 't');
  });
});
