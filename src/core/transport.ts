import http from 'node:http';
import https from 'node:https';
import { version } from '../../package.json';
import { cancelledError, DingTalkError, isAbort } from './errors';
import { exchange, ExchangeError, NotSentError } from './httpExchange';
import { proxyAgent, ProxyChoice } from './httpProxy';
import type { Logger } from './logger';

export interface TransportOptions {
  /** An explicit proxy for all requests; otherwise HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply. */
  proxy?: string;
  /** Hosts that bypass the proxy (NO_PROXY syntax); defaults to the NO_PROXY environment variable. */
  noProxy?: string;
  connectTimeoutMs?: number;
  /** Longest wait for response headers, and between body chunks. */
  requestTimeoutMs?: number;
  /** The same for uploads, which DingTalk may take a while to answer; defaults to 5 minutes. */
  uploadTimeoutMs?: number;
  /** Names the program on whose behalf the core sends; the core's own name and version follow it. */
  userAgent?: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** A string, or bytes streamed as the transport asks for them (uploads). */
  body?: string | AsyncIterable<Buffer>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  text: string;
}

const LOGGED_BODY_CHARS = 500;

function errorCode(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}

/** Turns a failure below HTTP into the core's error, saying whether the request may have arrived. */
function networkError(error: unknown, host: string): DingTalkError {
  if (error instanceof DingTalkError) {
    return error;
  }
  if (isAbort(error)) {
    return cancelledError();
  }
  const code = errorCode(error);
  if (code === 'CONTENT_LENGTH_MISMATCH') {
    return new DingTalkError({
      code: 'fileChanged',
      category: 'input',
      text: {
        en: 'The file changed while it was being sent. Wait until it is saved, then send it again.',
        zh: '文件在发送过程中发生了变化。请等待保存完成后重新发送。',
      },
    });
  }
  const timeout = error instanceof ExchangeError && (code === 'HEADERS_TIMEOUT' || code === 'BODY_TIMEOUT');
  if (timeout) {
    return new DingTalkError({
      code: 'timeout',
      category: 'network',
      retryable: true,
      detail: code,
      text: {
        en: `${host} did not answer in time. Check the network or proxy, then try again.`,
        zh: `${host} 未及时响应。请检查网络或代理后重试。`,
      },
    });
  }
  return new DingTalkError({
    code: error instanceof NotSentError || code === 'CONNECT_TIMEOUT' ? 'connectFailed' : 'networkError',
    category: 'network',
    retryable: true,
    detail: code,
    text: {
      en: `Could not reach ${host} (${code}). Check the network, the proxy setting and the robot's URL, then try again.`,
      zh: `无法连接 ${host}（${code}）。请检查网络、代理设置与机器人地址后重试。`,
    },
  });
}

/** True when the request certainly never reached the server, so even a non-idempotent send may be repeated. */
export function neverSent(error: unknown): boolean {
  return error instanceof DingTalkError && error.code === 'connectFailed';
}

/** How many requests to one origin are on its shared connection, and how many of them are uploads. */
interface OriginUse {
  requests: number;
  uploads: number;
}

/** Idle kept-alive connections close after this (sooner when the server's Keep-Alive header says so). */
const KEEP_ALIVE_MS = 30_000;

/**
 * HTTP for the core: Node's own http/https clients with keep-alive, timeouts, proxy support and a
 * User-Agent (why not undici: docs/architecture.md, "The HTTP stack").
 *
 * Requests to one origin take turns on one kept-alive connection: the shared agents allow one socket
 * per origin, and a request that comes while it is busy waits for it. An upload may hold a connection
 * for minutes, so it takes the shared one only when that is idle, and whatever comes while an upload
 * holds it goes through the spare agents, which open what they need.
 */
export class Transport {
  private readonly proxies: ProxyChoice;
  private readonly agents = new Map<string, http.Agent>();
  private readonly use = new Map<string, OriginUse>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly userAgent: string;
  private readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly uploadTimeoutMs: number;

  constructor(
    options: TransportOptions,
    private readonly logger: Logger,
  ) {
    this.proxies = new ProxyChoice(options);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? 300_000;
    const core = `dingtalk-sender-core/${version}`;
    this.userAgent = options.userAgent ? `${options.userAgent} ${core}` : core;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const started = Date.now();
    this.logger.info(`→ ${req.method} ${url.toString()}`);
    const upload = req.body !== undefined && typeof req.body !== 'string';
    const use = this.use.get(url.origin) ?? { requests: 0, uploads: 0 };
    const onShared = use.uploads === 0 && !(upload && use.requests > 0);
    if (onShared) {
      use.requests += 1;
      use.uploads += upload ? 1 : 0;
      this.use.set(url.origin, use);
    }
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
    if (typeof req.body === 'string') {
      headers['content-length'] = String(Buffer.byteLength(req.body));
    }
    const answer = exchange({
      url,
      method: req.method,
      headers,
      body: req.body,
      agent: this.agent(url, onShared),
      signal: req.signal,
      connectTimeoutMs: this.connectTimeoutMs,
      idleTimeoutMs: req.timeoutMs ?? this.requestTimeoutMs,
    });
    this.inFlight.add(answer);
    try {
      const { status, text } = await answer;
      this.logger.info(`← ${status} ${req.method} ${url.pathname} in ${Date.now() - started} ms: ${text.slice(0, LOGGED_BODY_CHARS)}`);
      return { status, text };
    } catch (error) {
      const failure = networkError(error, url.host);
      this.logger.warn(`✕ ${req.method} ${url.pathname} after ${Date.now() - started} ms: ${failure.detail ?? failure.code}`);
      throw failure;
    } finally {
      this.inFlight.delete(answer);
      if (onShared) {
        use.requests -= 1;
        use.uploads -= upload ? 1 : 0;
        if (use.requests === 0) {
          this.use.delete(url.origin);
        }
      }
    }
  }

  /** Lets the requests under way finish, then closes every connection. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    for (const agent of this.agents.values()) {
      agent.destroy();
    }
    this.agents.clear();
  }

  /** The shared or spare agent for this URL's scheme and proxy; agents pool connections per origin. */
  private agent(url: URL, shared: boolean): http.Agent {
    const proxy = this.proxies.for(url);
    const key = `${shared ? 'shared' : 'spare'} ${url.protocol} ${proxy ?? 'direct'}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const options: http.AgentOptions = { keepAlive: true, timeout: KEEP_ALIVE_MS, maxSockets: shared ? 1 : Infinity };
      agent = proxy ? proxyAgent(proxy, options, this.connectTimeoutMs) : new (url.protocol === 'https:' ? https.Agent : http.Agent)(options);
      this.agents.set(key, agent);
    }
    return agent;
  }
}
