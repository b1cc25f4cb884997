import type http from 'node:http';
import type { Socket } from 'node:net';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { DingTalkError, type ErrorText } from './errors';
import { ExchangeError } from './httpExchange';

/** The proxy settings a transport was made with: an explicit proxy, else the environment's. */
export interface ProxySettings {
  proxy?: string;
  noProxy?: string;
}

/**
 * Which proxy a URL goes through, if any: the explicit proxy for every scheme, else HTTPS_PROXY for
 * https and HTTP_PROXY for http; never for a host NO_PROXY (or the noProxy option) names.
 */
export class ProxyChoice {
  private readonly httpProxy?: string;
  private readonly httpsProxy?: string;
  private readonly bypass: (hostname: string, port: string) => boolean;

  constructor(settings: ProxySettings, env: NodeJS.ProcessEnv = process.env) {
    const proxy = settings.proxy ? checkProxy(settings.proxy, { en: 'The proxy setting', zh: '代理设置' }) : undefined;
    this.httpProxy = proxy ?? envProxy('HTTP_PROXY', env.HTTP_PROXY ?? env.http_proxy);
    this.httpsProxy = proxy ?? envProxy('HTTPS_PROXY', env.HTTPS_PROXY ?? env.https_proxy);
    this.bypass = noProxyMatcher(settings.noProxy ?? env.NO_PROXY ?? env.no_proxy ?? '');
  }

  /** The proxy URL for this request's URL, or undefined to go direct. */
  for(url: URL): string | undefined {
    const proxy = url.protocol === 'https:' ? this.httpsProxy : this.httpProxy;
    if (!proxy) {
      return undefined;
    }
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return this.bypass(url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(), port) ? undefined : proxy;
  }
}

/**
 * NO_PROXY as curl reads it: entries split by commas or spaces, `*` for every host, a name for that
 * host and its subdomains (a leading `.` or `*.` changes nothing), `host:port` for one port only.
 */
function noProxyMatcher(value: string): (hostname: string, port: string) => boolean {
  const entries = value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const withPort = /^(.+):(\d+)$/.exec(entry);
      const name = (withPort ? withPort[1] : entry).replace(/^\[(.*)\]$/, '$1').replace(/^\*?\./, '').toLowerCase();
      return { name, port: withPort?.[2] };
    });
  return (hostname, port) =>
    entries.some(({ name, port: only }) => (name === '*' || hostname === name || hostname.endsWith(`.${name}`)) && (only === undefined || only === port));
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

/**
 * An agent that tunnels every request, http and https alike, through the proxy with CONNECT, keeping
 * tunnels alive as the direct agents keep connections. Opening the
 * tunnel (connecting to the proxy and its CONNECT answer) is the connection: it gets the connect timeout.
 */
export function proxyAgent(proxy: string, options: http.AgentOptions, connectTimeoutMs: number): http.Agent {
  class TimedTunnel extends HttpsProxyAgent<string> {
    override async connect(...args: Parameters<HttpsProxyAgent<string>['connect']>): Promise<Socket> {
      const opening = super.connect(...args);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ExchangeError('CONNECT_TIMEOUT')), connectTimeoutMs);
      });
      try {
        return await Promise.race([opening, late]);
      } catch (error) {
        opening.then((socket) => socket.destroy(), () => undefined);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    }
  }
  return new TimedTunnel(proxy, options);
}
