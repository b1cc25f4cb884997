// Mirrors src/core/transport.ts: keep-alive, User-Agent, timeouts, connection failures, proxies
// (explicit and from the environment) and the https-only rule, through the real client to the
// real simulator and, for proxies, a real HTTP proxy started here.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { version } from '../../../package.json';
import { silentLogger } from '../../../src/core/logger';
import { checkEndpoint, validateRobot, type AppRobot, type WebhookRobot } from '../../../src/core/robot';
import { neverSent, Transport } from '../../../src/core/transport';
import { FAKE, startHarness, type Harness } from '../../support/harness';
import { catchAsync, catchSync } from '../../support/catch';

/**
 * A real forward proxy on 127.0.0.1: tunnels CONNECT requests, and forwards absolute-URI requests
 * (`POST http://host/path`), whichever the client uses. It counts both and the upstream connections.
 */
class TestProxy {
  /** `host:port` of each CONNECT tunnel. */
  readonly tunnels: string[] = [];
  /** Absolute URIs of plainly forwarded requests. */
  readonly forwarded: string[] = [];
  /** Connections the proxy opened to a target. */
  upstreamConnections = 0;
  private readonly sockets = new Set<Socket>();
  private readonly agent = new http.Agent({ keepAlive: true });
  private readonly server: http.Server;

  private constructor() {
    this.server = http.createServer((req, res) => this.forward(req, res));
    this.server.on('connection', (socket: Socket) => this.track(socket));
    this.server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => this.tunnel(req, client, head));
  }

  static async start(): Promise<TestProxy> {
    const proxy = new TestProxy();
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get requestsSeen(): number {
    return this.tunnels.length + this.forwarded.length;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.agent.destroy();
    await closed;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    const target = req.url ?? '';
    this.tunnels.push(target);
    const { hostname, port } = new URL(`http://${target}`);
    const upstream = net.connect(Number(port), hostname, () => {
      this.upstreamConnections += 1;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) {
        upstream.write(head);
      }
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    if (!/^https?:\/\//.test(req.url ?? '')) {
      res.writeHead(400).end('not a proxy request');
      return;
    }
    this.forwarded.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = http.request(
      { agent: this.agent, host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('socket', (socket: Socket) => {
      if (!this.sockets.has(socket)) {
        this.upstreamConnections += 1;
        this.track(socket);
      }
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'] as const;

describe('core/transport', () => {
  let h: Harness;
  const savedEnv: Partial<Record<(typeof PROXY_VARS)[number], string>> = {};

  beforeEach(async () => {
    for (const name of PROXY_VARS) {
      savedEnv[name] = process.env[name];
      delete process.env[name];
    }
    h = await startHarness();
  });

  afterEach(async function () {
    for (const name of PROXY_VARS) {
      if (savedEnv[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = savedEnv[name];
      }
    }
    if (this.currentTest?.state !== 'passed') {
      // A request left hanging would keep client.close() waiting: drop the simulator's sockets first.
      await h.sim.stop();
    }
    await h.stop();
  });

  it('keeps the connection alive: 30 sends use at most 2 connections', async () => {
    for (let i = 1; i <= 30; i += 1) {
      await h.client.sendText(h.webhook, `message ${i}`);
    }
    assert.equal(h.sim.messages.length, 30);
    const sends = h.sim.requests.filter((r) => r.path === '/robot/send');
    assert.equal(sends.length, 30, 'no request was repeated');
    assert.ok(h.sim.connections <= 2, `30 sends opened ${h.sim.connections} connections`);
    const ids = new Set(sends.map((r) => r.connectionId));
    assert.ok(ids.size <= 2, `requests came on connections ${[...ids].join(', ')}`);
    assert.ok(!ids.has(0));
  });

  describe('one connection per origin', () => {
    let dir: string;

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'dingtalk-transport-test-'));
    });

    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    function file(name: string, bytes: number): string {
      const path = join(dir, name);
      writeFileSync(path, Buffer.alloc(bytes, 7));
      return path;
    }

    it('sequential sends take turns on one connection', async () => {
      for (let i = 1; i <= 30; i += 1) {
        await h.client.sendText(h.webhook, `message ${i}`);
      }
      assert.equal(h.sim.messages.length, 30);
      assert.equal(h.sim.connections, 1);
      assert.deepEqual(new Set(h.sim.requests.map((r) => r.connectionId)), new Set([1]));
    });

    it('an upload between sends shares the idle connection: token, upload and sends on one', async () => {
      await h.client.sendText(h.webhook, 'before the file');
      await h.client.sendFile(h.webhook, file('shared.pdf', 300_000));
      await h.client.sendText(h.webhook, 'after the file');
      assert.deepEqual(
        h.sim.requests.map((r) => r.path),
        ['/robot/send', '/gettoken', '/media/upload', '/robot/send', '/robot/send'],
      );
      assert.equal(h.sim.uploads.length, 1);
      assert.equal(h.sim.connections, 1);
      assert.deepEqual(new Set(h.sim.requests.map((r) => r.connectionId)), new Set([1]));
    });

    it('prepareUpload fetches the token and opens the connection the upload then uses; its failure is left to the upload', async () => {
      await h.client.prepareUpload(h.webhook);
      assert.deepEqual(h.sim.requests.map((r) => r.path), ['/gettoken']);
      await h.client.sendFile(h.webhook, file('prepared.pdf', 300_000));
      assert.deepEqual(h.sim.requests.map((r) => r.path), ['/gettoken', '/media/upload', '/robot/send']);
      assert.equal(h.sim.connections, 1);
      // Nothing to fetch for a robot without an app: no request, no error; the upload says what is missing.
      await h.client.prepareUpload(h.signed);
      assert.equal(h.sim.requests.length, 3);
      assert.equal((await catchAsync(h.client.uploadMedia(h.signed, file('no-app.pdf', 10), 'file'))).code, 'needsAppCredentials');
    });

    it('a send while an upload holds the connection does not wait for it: it takes a second one', async () => {
      await h.client.uploadMedia(h.webhook, file('warm.pdf', 10), 'file');
      // The upload is never answered: a send that queued behind it would never finish.
      h.sim.inject({ kind: 'hang', path: '/media/upload' });
      const abort = new AbortController();
      const uploading = catchAsync(h.client.uploadMedia(h.webhook, file('held.pdf', 300_000), 'file', { signal: abort.signal }));
      while (!h.sim.requests.some((r, i) => i > 1 && r.path === '/media/upload')) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await h.client.sendText(h.webhook, 'during the upload');
      assert.equal(h.sim.messages.length, 1);
      // Counted before the abort, which destroys the upload's socket: what is counted after it would
      // depend on when the simulator sees that close.
      assert.equal(h.sim.connections, 2, 'the upload\'s connection and the send\'s');
      abort.abort();
      assert.equal((await uploading).code, 'cancelled');
      const [, upload, send] = h.sim.requests.filter((r) => r.path !== '/gettoken');
      assert.equal(upload.path, '/media/upload');
      assert.equal(upload.status, 0, 'the held upload was never answered');
      assert.equal(send.path, '/robot/send');
      assert.notEqual(send.connectionId, upload.connectionId);
    });
  });

  describe('connections below HTTP', () => {
    const servers: Array<net.Server | http.Server | https.Server> = [];
    const sockets = new Set<Socket>();

    async function listen<T extends net.Server | http.Server | https.Server>(server: T): Promise<{ server: T; port: number }> {
      servers.push(server);
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      return { server, port: (server.address() as AddressInfo).port };
    }

    afterEach(async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    });

    /** Accepts TCP connections and never says a word: no TLS handshake, no CONNECT answer. */
    const silent = (): Promise<{ server: net.Server; port: number }> => listen(net.createServer(() => undefined));

    it('a TLS handshake that never completes is connectFailed after the connect timeout: nothing was sent', async () => {
      const { port } = await silent();
      const transport = new Transport({ connectTimeoutMs: 200, requestTimeoutMs: 60_000 }, silentLogger);
      try {
        const error = await catchAsync(transport.send({ method: 'POST', url: `https://127.0.0.1:${port}/robot/send`, body: '{}' }));
        assert.equal(error.code, 'connectFailed');
        assert.equal(error.detail, 'CONNECT_TIMEOUT');
        assert.equal(error.mayHaveArrived, false);
      } finally {
        await transport.close();
      }
    });

    /** An https server whose certificate nobody signed, made with openssl for the test. */
    async function untrusted(): Promise<{ port: number; hits: () => number }> {
      const dir = mkdtempSync(join(tmpdir(), 'untrusted-'));
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
        let hits = 0;
        const server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
          hits += 1;
          res.end('{"errcode":0}');
        });
        const { port } = await listen(server);
        return { port, hits: () => hits };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it('a certificate the system does not trust is connectFailed, naming the TLS error: nothing was sent', async () => {
      const server = await untrusted();
      const transport = new Transport({}, silentLogger);
      try {
        const error = await catchAsync(transport.send({ method: 'POST', url: `https://127.0.0.1:${server.port}/v1.0/robot/groupMessages/send`, body: '{}' }));
        assert.equal(error.code, 'connectFailed');
        assert.equal(error.detail, 'DEPTH_ZERO_SELF_SIGNED_CERT');
        assert.equal(neverSent(error), true);
        assert.equal(server.hits(), 0);
      } finally {
        await transport.close();
      }
    });

    it('a proxy that never answers CONNECT is connectFailed after the connect timeout', async () => {
      const { port } = await silent();
      const transport = new Transport({ proxy: `http://127.0.0.1:${port}`, connectTimeoutMs: 200, requestTimeoutMs: 60_000 }, silentLogger);
      try {
        const error = await catchAsync(transport.send({ method: 'GET', url: `${h.sim.origin}/gettoken` }));
        assert.equal(error.code, 'connectFailed');
        assert.equal(error.detail, 'CONNECT_TIMEOUT');
        assert.equal(h.sim.requests.length, 0);
      } finally {
        await transport.close();
      }
    });

    it('an answer that comes before the upload has all been sent frees the connection for the next request', async () => {
      const { port } = await listen(
        http.createServer((req, res) => {
          if (req.url === '/media/upload') {
            res.writeHead(413).end('too large');
          } else {
            req.resume();
            req.on('end', () => res.end('ok'));
          }
        }),
      );
      const transport = new Transport({}, silentLogger);
      try {
        async function* body(): AsyncGenerator<Buffer> {
          for (let i = 0; i < 8; i += 1) {
            yield Buffer.alloc(1024 * 1024, i);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        }
        const upload = await transport.send({ method: 'POST', url: `http://127.0.0.1:${port}/media/upload`, headers: { 'content-length': String(8 * 1024 * 1024) }, body: body() });
        assert.deepEqual(upload, { status: 413, text: 'too large' });
        const next = await transport.send({ method: 'POST', url: `http://127.0.0.1:${port}/robot/send`, body: '{}' });
        assert.deepEqual(next, { status: 200, text: 'ok' });
      } finally {
        await transport.close();
      }
    });

    it('close() lets a request under way finish before it closes the connections', async () => {
      const transport = new Transport({}, silentLogger);
      h.sim.inject({ kind: 'latency', path: '/gettoken', ms: 200 });
      const asking = transport.send({ method: 'GET', url: `${h.sim.origin}/gettoken?appkey=${FAKE.appKey}&appsecret=${FAKE.appSecret}` });
      while (!h.sim.requests.some((r) => r.path === '/gettoken')) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await transport.close();
      const answer = await asking;
      assert.equal(answer.status, 200);
      assert.equal((JSON.parse(answer.text) as { errcode: number }).errcode, 0);
    });
  });

  describe('User-Agent', () => {
    const core = `dingtalk-sender-core/${version}`;

    it(`names the core and its version (${core}) on every request`, async () => {
      await h.client.sendText(h.webhook, 'hello');
      await h.client.sendText(h.app, 'hello'); // oauth2 token + group send
      assert.deepEqual(
        h.sim.requests.map((r) => r.path),
        ['/robot/send', '/v1.0/oauth2/accessToken', '/v1.0/robot/groupMessages/send'],
      );
      for (const request of h.sim.requests) {
        assert.equal(request.headers['user-agent'], core, `${request.path}`);
      }
    });

    it('puts the host\'s name first when the host gives one', async () => {
      const client = h.newClient({ transport: { userAgent: 'vscode-dingtalk-sender/0.1.0' } });
      await client.sendText(h.webhook, 'hello');
      await client.sendText(h.app, 'hello');
      assert.equal(h.sim.requests.length, 3);
      for (const request of h.sim.requests) {
        assert.equal(request.headers['user-agent'], `vscode-dingtalk-sender/0.1.0 ${core}`, `${request.path}`);
      }
    });
  });

  describe('timeouts and connection failures', () => {
    it('a request that gets no answer times out and is retried: the message arrives once', async () => {
      const client = h.newClient({ transport: { requestTimeoutMs: 300 } });
      h.sim.inject({ kind: 'hang', path: '/robot/send' });
      const result = await client.sendText(h.webhook, 'hello after a hang');
      assert.equal(result.parts, 1);
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.messages[0].body.text.content, 'hello after a hang');
      const sends = h.sim.requests.filter((r) => r.path === '/robot/send');
      assert.equal(sends.length, 2);
      assert.equal(sends[0].status, 0, 'the first try was never answered');
      assert.equal(sends[1].status, 200);
      assert.equal(sends[0].bodyText, sends[1].bodyText, 'the retry carries the same body (and msgUuid)');
    });

    it('without retries, the timeout is a network error that says what to check', async () => {
      const client = h.newClient({ transport: { requestTimeoutMs: 300 }, retry: { attempts: 1 } });
      h.sim.inject({ kind: 'hang', path: '/robot/send' });
      const error = await catchAsync(client.sendText(h.webhook, 'hello'));
      assert.equal(error.category, 'network');
      assert.equal(error.code, 'timeout');
      assert.equal(error.retryable, true);
      assert.ok(error.message.includes(new URL(h.sim.origin).host), error.message);
      assert.match(error.message, /network or proxy/);
      assert.match(error.messageZh, /网络或代理/);
      assert.equal(h.sim.messages.length, 0);
    });

    it('a refused connection is connectFailed, naming the host and the network/proxy to check', async () => {
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const robot: WebhookRobot = { kind: 'webhook', webhook: `http://127.0.0.1:${port}/robot/send?access_token=${FAKE.token}` };

      const error = await catchAsync(h.client.sendText(robot, 'hello'));
      assert.equal(error.code, 'connectFailed');
      assert.equal(error.category, 'network');
      assert.equal(error.detail, 'ECONNREFUSED');
      assert.ok(error.message.includes(`127.0.0.1:${port}`), error.message);
      assert.match(error.message, /network/);
      assert.match(error.message, /proxy/);
      assert.ok(error.messageZh.includes(`127.0.0.1:${port}`), error.messageZh);
      assert.match(error.messageZh, /代理/);
    });
  });

  describe('proxy', () => {
    let proxy: TestProxy;
    const simHost = (): string => new URL(h.sim.origin).host;

    beforeEach(async () => {
      proxy = await TestProxy.start();
    });

    afterEach(async () => {
      await proxy.stop();
    });

    /** Every connection the simulator accepted came from the proxy, and the proxy only went to the simulator. */
    function assertAllThroughProxy(): void {
      assert.ok(proxy.requestsSeen > 0, 'the proxy saw no traffic');
      for (const target of [...proxy.tunnels, ...proxy.forwarded.map((u) => new URL(u).host)]) {
        assert.equal(target, simHost());
      }
      assert.equal(h.sim.connections, proxy.upstreamConnections, 'every connection to the simulator was opened by the proxy');
    }

    it('sends through an explicit proxy (transport.proxy)', async () => {
      const client = h.newClient({ transport: { proxy: proxy.url } });
      await client.sendText(h.webhook, 'via proxy');
      await client.sendText(h.app, 'via proxy too');
      assert.equal(h.sim.messages.length, 2);
      assertAllThroughProxy();
      // The transport tunnels plain-http targets with CONNECT too; the proxy would forward either way.
      assert.ok(proxy.tunnels.length >= 1, `expected CONNECT tunnels, saw ${proxy.tunnels.length} tunnels and ${proxy.forwarded.length} forwarded requests`);
    });

    it('sequential sends through a proxy take turns on one tunnel', async () => {
      const client = h.newClient({ transport: { proxy: proxy.url } });
      for (let i = 1; i <= 10; i += 1) {
        await client.sendText(h.webhook, `via proxy ${i}`);
      }
      assert.equal(h.sim.messages.length, 10);
      assertAllThroughProxy();
      assert.equal(proxy.tunnels.length, 1);
      assert.equal(h.sim.connections, 1);
    });

    it('an upload through the proxy arrives byte for byte, on the tunnel the sends use', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dingtalk-transport-test-'));
      try {
        // Several read chunks and an odd tail, so every buffer the upload reuses is checked.
        const bytes = randomBytes(3 * 1024 * 1024 + 12_345);
        const path = join(dir, 'through-proxy.pdf');
        writeFileSync(path, bytes);
        const client = h.newClient({ transport: { proxy: proxy.url } });
        await client.sendText(h.webhook, 'before the file');
        await client.sendFile(h.webhook, path);
        assert.equal(h.sim.uploads.length, 1);
        assert.equal(h.sim.uploads[0].size, bytes.length);
        assert.equal(h.sim.uploads[0].sha256, createHash('sha256').update(bytes).digest('hex'));
        assertAllThroughProxy();
        assert.equal(proxy.tunnels.length, 1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('takes HTTPS_PROXY / HTTP_PROXY from the environment', async () => {
      process.env.HTTPS_PROXY = proxy.url;
      process.env.HTTP_PROXY = proxy.url;
      const client = h.newClient();
      await client.sendText(h.webhook, 'via the environment\'s proxy');
      assert.equal(h.sim.messages.length, 1);
      assertAllThroughProxy();
    });

    it('bypasses the environment\'s proxy for hosts in NO_PROXY', async () => {
      process.env.HTTPS_PROXY = proxy.url;
      process.env.HTTP_PROXY = proxy.url;
      process.env.NO_PROXY = '127.0.0.1';
      const client = h.newClient();
      await client.sendText(h.webhook, 'direct');
      assert.equal(h.sim.messages.length, 1);
      assert.equal(proxy.requestsSeen, 0);
      assert.equal(proxy.upstreamConnections, 0);
    });

    it('bypasses the proxy for hosts in the noProxy option', async () => {
      process.env.HTTPS_PROXY = proxy.url;
      process.env.HTTP_PROXY = proxy.url;
      const client = h.newClient({ transport: { noProxy: '127.0.0.1' } });
      await client.sendText(h.webhook, 'direct');
      const explicit = h.newClient({ transport: { proxy: proxy.url, noProxy: `localhost,${simHost()}` } });
      await explicit.sendText(h.webhook, 'direct as well');
      assert.equal(h.sim.messages.length, 2);
      assert.equal(proxy.requestsSeen, 0);
    });

    it('refuses a proxy URL that is not http(s) with invalidProxy', () => {
      for (const bad of ['ftp://x', 'socks5://127.0.0.1:1080', 'not a url']) {
        const error = catchSync(() => h.newClient({ transport: { proxy: bad } }));
        assert.equal(error.code, 'invalidProxy', bad);
        assert.equal(error.category, 'input');
        assert.match(error.message, /http:\/\/ or https:\/\//);
        assert.match(error.messageZh, /代理/);
      }
      assert.equal(proxy.requestsSeen, 0);
      assert.equal(h.sim.requests.length, 0);
    });

    it('reads a proxy variable without a scheme as http, as curl does', async () => {
      process.env.HTTPS_PROXY = proxy.url.replace(/^http:\/\//, '');
      process.env.HTTP_PROXY = process.env.HTTPS_PROXY;
      const client = h.newClient();
      await client.sendText(h.webhook, 'via a scheme-less proxy variable');
      assert.equal(h.sim.messages.length, 1);
      assertAllThroughProxy();
    });

    it('names the environment variable when HTTPS_PROXY is malformed', () => {
      process.env.HTTPS_PROXY = 'not a url';
      const error = catchSync(() => h.newClient());
      assert.equal(error.code, 'invalidProxy');
      assert.match(error.message, /HTTPS_PROXY/);
      assert.match(error.messageZh, /HTTPS_PROXY/);
    });
  });

  describe('https only, except to this machine', () => {
    it('refuses a plain-http webhook to another host before any traffic', async () => {
      const proxy = await TestProxy.start();
      try {
        // Every request this client made would pass the proxy: none may.
        const client = h.newClient({ transport: { proxy: proxy.url } });
        const robot: WebhookRobot = { kind: 'webhook', webhook: `http://example.com/robot/send?access_token=${FAKE.token}` };
        const error = await catchAsync(client.sendText(robot, 'hello'));
        assert.equal(error.code, 'insecureUrl');
        assert.equal(error.category, 'input');
        assert.match(error.message, /example\.com/);
        assert.match(error.message, /only https/);
        assert.match(error.messageZh, /https/);
        assert.equal(proxy.requestsSeen, 0);
        assert.equal(h.sim.requests.length, 0);
        assert.ok(!h.log.lines.some((line) => line.startsWith('→')), 'nothing was sent');
      } finally {
        await proxy.stop();
      }
    });

    it('refuses plain-http upload and app API endpoints to other hosts', async () => {
      const webhook: WebhookRobot = { ...h.webhook, oapiBaseUrl: 'http://10.1.2.3:8080' };
      const app: AppRobot = { ...h.app, apiBaseUrl: 'http://api.example.com' };
      for (const [robot, host] of [
        [webhook, '10.1.2.3'],
        [app, 'api.example.com'],
      ] as const) {
        const error = catchSync(() => validateRobot(robot));
        assert.equal(error.code, 'insecureUrl');
        assert.ok(error.message.includes(host), error.message);
        assert.equal((await catchAsync(h.client.sendText(robot, 'hello'))).code, 'insecureUrl');
      }
      assert.equal(h.sim.requests.length, 0);
    });

    it('checkEndpoint: https anywhere, http only to loopback', () => {
      for (const ok of ['https://oapi.dingtalk.com', 'http://127.0.0.1:1234/x', 'http://localhost:80', 'http://[::1]:9/', 'http://127.9.8.7']) {
        checkEndpoint(ok, 'The endpoint');
      }
      for (const bad of ['http://example.com', 'http://localhost.example.com', 'http://127.0.0.1.example.com', 'http://192.168.1.1', 'http://[::2]/']) {
        const error = catchSync(() => checkEndpoint(bad, 'The endpoint'));
        assert.equal(error.code, 'insecureUrl', bad);
        assert.equal(error.category, 'input');
      }
      for (const bad of ['ftp://example.com', 'example.com/robot/send', '']) {
        assert.equal(catchSync(() => checkEndpoint(bad, 'The endpoint')).code, 'invalidUrl', bad);
      }
    });
  });
});
