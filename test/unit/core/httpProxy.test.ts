// Mirrors src/core/httpProxy.ts: which proxy a URL takes, NO_PROXY read as curl reads it.
import * as assert from 'node:assert/strict';
import { ProxyChoice } from '../../../src/core/httpProxy';

describe('core/httpProxy', () => {
  const PROXY = 'http://proxy.example.net:3128/';
  const via = (choice: ProxyChoice, url: string): string | undefined => choice.for(new URL(url));

  it('a NO_PROXY name covers the host and its subdomains, with or without a leading dot or *.', () => {
    const choice = new ProxyChoice({ proxy: PROXY, noProxy: 'dingtalk.com, .example.org *.corp.test' });
    for (const direct of ['https://oapi.dingtalk.com/gettoken', 'https://dingtalk.com/', 'https://a.example.org/', 'https://example.org/', 'https://x.y.corp.test/']) {
      assert.equal(via(choice, direct), undefined, direct);
    }
    for (const proxied of ['https://api.dingtalk.com.evil.test/', 'https://notdingtalk.com/', 'https://example.org.test/']) {
      assert.equal(via(choice, proxied), PROXY, proxied);
    }
  });

  it('an entry with a port bypasses the proxy on that port only; * bypasses it for every host', () => {
    const choice = new ProxyChoice({ proxy: PROXY, noProxy: 'gateway.test:8443,[::1]:9000' });
    assert.equal(via(choice, 'https://gateway.test:8443/'), undefined);
    assert.equal(via(choice, 'https://gateway.test/'), PROXY);
    assert.equal(via(choice, 'http://[::1]:9000/'), undefined);
    assert.equal(via(choice, 'http://[::1]:9001/'), PROXY);
    assert.equal(via(new ProxyChoice({ proxy: PROXY, noProxy: '*' }), 'https://oapi.dingtalk.com/'), undefined);
  });

  it('without an explicit proxy, https takes HTTPS_PROXY and http takes HTTP_PROXY', () => {
    const choice = new ProxyChoice({}, { HTTPS_PROXY: 'http://secure.test:1', http_proxy: 'plain.test:2', NO_PROXY: 'localhost' });
    assert.equal(via(choice, 'https://oapi.dingtalk.com/'), 'http://secure.test:1/');
    assert.equal(via(choice, 'http://127.0.0.1:17090/'), 'http://plain.test:2/');
    assert.equal(via(choice, 'http://localhost:17090/'), undefined);
    assert.equal(via(new ProxyChoice({}, {}), 'https://oapi.dingtalk.com/'), undefined);
  });
});
