import { Agent, EnvHttpProxyAgent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { version } from '../../package.json';
import { cancelledError, DingTalkError, isAbort, type ErrorText } from './errors';
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

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
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
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') {
    return new DingTalkError({
      code: 'fileChanged',
      category: 'input',
      text: {
        en: 'The file changed while it was being sent. Wait until it is saved, then send it again.',
        zh: '文件在发送过程中发生了变化。请等待保存完成后重新发送。',
      },
    });
  }
  const timeout = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
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
    code: CONNECT_FAILURES.has(code) ? 'connectFailed' : 'networkError',
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

/**
 * HTTP for the core: undici with keep-alive, timeouts, proxy support and a User-Agent.
 *
 * Requests to one origin take turns on one kept-alive connection. A pool that may open several would
 * open a second one for sequential sends: undici waits a full event-loop turn before it counts a
 * connection free again (to see whether the server closes it), and a send that starts straight after
 * the previous answer finds it still busy. An upload may hold a connection for minutes, so it takes
 * the shared one only when that is idle, and whatever comes while an upload holds it goes on a spare one.
 */
export class Transport {
  private readonly shared: Dispatcher;
  private readonly spare: Dispatcher;
  private readonly use = new Map<string, OriginUse>();
  private readonly userAgent: string;
  readonly requestTimeoutMs: number;
  readonly uploadTimeoutMs: number;

  constructor(
    options: TransportOptions,
    private readonly logger: Logger,
  ) {
    const proxy = options.proxy ? checkProxy(options.proxy, { en: 'The proxy setting', zh: '代理设置' }) : undefined;
    const env = process.env;
    const httpProxy = proxy ?? envProxy('HTTP_PROXY', env.HTTP_PROXY ?? env.http_proxy);
    const httpsProxy = proxy ?? envProxy('HTTPS_PROXY', env.HTTPS_PROXY ?? env.https_proxy);
    const agent = (connections?: number): Dispatcher => {
      const settings = { connect: { timeout: options.connectTimeoutMs ?? 10_000 }, keepAliveTimeout: 30_000, connections };
      return httpProxy || httpsProxy ? new EnvHttpProxyAgent({ ...settings, httpProxy, httpsProxy, noProxy: options.noProxy }) : new Agent(settings);
    };
    this.shared = agent(1);
    this.spare = agent();
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? 300_000;
    const core = `dingtalk-sender-core/${version}`;
    this.userAgent = options.userAgent ? `${options.userAgent} ${core}` : core;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    const started = Date.now();
    this.logger.info(`→ ${req.method} ${url.toString()}`);
    const timeout = req.timeoutMs ?? this.requestTimeoutMs;
    const upload = req.body !== undefined && typeof req.body !== 'string';
    const use = this.use.get(url.origin) ?? { requests: 0, uploads: 0 };
    const onShared = use.uploads === 0 && !(upload && use.requests > 0);
    if (onShared) {
      use.requests += 1;
      use.uploads += upload ? 1 : 0;
      this.use.set(url.origin, use);
    }
    try {
      const response = await request(url, {
        method: req.method,
        headers: { 'user-agent': this.userAgent, ...req.headers },
        // undici documents AsyncIterable bodies (docs/api/Dispatcher.md); its type declarations omit them.
        body: req.body as Dispatcher.DispatchOptions['body'],
        signal: req.signal,
        dispatcher: onShared ? this.shared : this.spare,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const text = await response.body.text();
      this.logger.info(`← ${response.statusCode} ${req.method} ${url.pathname} in ${Date.now() - started} ms: ${text.slice(0, LOGGED_BODY_CHARS)}`);
      return { status: response.statusCode, text };
    } catch (error) {
      const failure = networkError(error, url.host);
      this.logger.warn(`✕ ${req.method} ${url.pathname} after ${Date.now() - started} ms: ${failure.detail ?? failure.code}`);
      throw failure;
    } finally {
      if (onShared) {
        use.requests -= 1;
        use.uploads -= upload ? 1 : 0;
        if (use.requests === 0) {
          this.use.delete(url.origin);
        }
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.shared.close(), this.spare.close()]);
  }
}

function checkProxy(proxy: string, where: ErrorText): string {
  // "proxy.example.com:3128" is common in proxy variables and means http, as curl reads it.
  const value = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new DingTalkError({
      code: 'invalidProxy',
      category: 'input',
      text: {
        en: `${where.en} must be an http:// or https:// URL.`,
        zh: `${where.zh}必须是 http:// 或 https:// 地址。`,
      },
    });
  }
  return url.toString();
}

/** A proxy from the environment, checked so that a malformed value gets a clear error. */
function envProxy(name: string, value: string | undefined): string | undefined {
  return value ? checkProxy(value, { en: `The ${name} environment variable`, zh: `环境变量 ${name} ` }) : undefined;
}
