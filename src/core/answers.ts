import { DingTalkError, errorFromServer } from './errors';
import type { Redactor } from './redact';
import { GATEWAY_BLOCK_MS, WEBHOOK_THROTTLE_MS } from './throttles';
import type { HttpResponse } from './transport';

export interface OapiAnswer {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function parseJson(response: HttpResponse): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(response.text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function httpError(response: HttpResponse): DingTalkError {
  if (response.status === 429) {
    return new DingTalkError({
      code: 'HTTP 429',
      category: 'rate',
      httpStatus: 429,
      text: {
        en: 'DingTalk says there were too many requests (HTTP 429). Wait a minute, then send again.',
        zh: '钉钉提示请求过于频繁（HTTP 429）。请稍等一分钟后重新发送。',
      },
    });
  }
  const server = response.status >= 500;
  return new DingTalkError({
    code: `HTTP ${response.status}`,
    category: server ? 'server' : 'content',
    retryable: server,
    httpStatus: response.status,
    text: server
      ? { en: `DingTalk answered with a server error (HTTP ${response.status}). Try again in a moment.`, zh: `钉钉返回服务器错误（HTTP ${response.status}），请稍后重试。` }
      : { en: `DingTalk answered HTTP ${response.status} unexpectedly. Check the robot's URL and the endpoint settings.`, zh: `钉钉意外返回 HTTP ${response.status}。请检查机器人地址与接口地址设置。` },
  });
}

/** Longest wait a gateway answer is taken at its word for. */
const MAX_STATED_WAIT_MS = 60 * 60_000;

/**
 * DingTalk's gateway answering instead of the API while it throttles a robot or blocks an address
 * (docs/dingtalk-api.md §8.2, §8.3): HTTP 302, an HTML page, or its own JSON
 * `{"status":1111,"wait":5,"punish":"deny"}`, with or without an errcode. A throttle, lasting what
 * `wait` says (in minutes: the documented example of the 5-minute block says 5), else `blockMs`.
 */
function gatewayRefusal(response: HttpResponse, answer: Record<string, unknown> | undefined, blockMs: number, redactor: Redactor): DingTalkError | undefined {
  const denied = answer !== undefined && (answer.punish === 'deny' || answer.status === 1111);
  // A 5xx page is a proxy's or load balancer's error (nginx's "502 Bad Gateway"), which may come after
  // DingTalk took the message: a server error, never a throttle to wait out and send into again.
  const page = answer === undefined && response.status < 500 && /^\s*<(!doctype\s+html|html)\b/i.test(response.text);
  if (!denied && !page && response.status !== 302) {
    return undefined;
  }
  const wait = Number(answer?.wait);
  const waitMs = denied && wait > 0 ? Math.min(wait * 60_000, MAX_STATED_WAIT_MS) : blockMs;
  const errcode = typeof answer?.errcode === 'number' && answer.errcode !== 0 ? answer.errcode : undefined;
  const minutes = Math.ceil(waitMs / 60_000);
  return new DingTalkError({
    // `gatewayPage`: a 302 or a page, which a proxy's login page looks like too (`retry.ts` waits it out once).
    code: errcode ?? (denied ? 'gatewayRefused' : 'gatewayPage'),
    category: 'rate',
    reason: 'throttled',
    httpStatus: response.status,
    waitMs,
    detail: redactor.redact(response.text.slice(0, 200)),
    text: {
      en: `DingTalk's gateway refused the request (HTTP ${response.status}), as it does for about ${minutes} minutes while it throttles a robot over its limit or an address that called too often. Send again later; if this keeps happening, check the proxy and the endpoint settings.`,
      zh: `钉钉网关拒绝了请求（HTTP ${response.status}）：机器人超出频率限制或地址调用过于频繁时，网关会限流约 ${minutes} 分钟。请稍后重新发送；如果持续出现，请检查代理与接口地址设置。`,
    },
  });
}

/** Reads DingTalk's answers into results or the core's errors, with the client's credentials removed. */
export class Answers {
  constructor(private readonly redactor: Redactor) {}

  /**
   * An oapi answer: always check errcode, whatever the HTTP status says. The gateway's refusal is a
   * throttle lasting `blockMs` when it does not say.
   */
  oapi(response: HttpResponse, blockMs = GATEWAY_BLOCK_MS): OapiAnswer {
    const answer = parseJson(response) as OapiAnswer | undefined;
    const refused = gatewayRefusal(response, answer, blockMs, this.redactor);
    if (refused) {
      throw refused;
    }
    if (answer && typeof answer.errcode === 'number') {
      if (answer.errcode !== 0) {
        throw errorFromServer(answer.errcode, this.redactor.redact(String(answer.errmsg ?? '')), response.status);
      }
      return answer;
    }
    throw response.status === 200 ? this.unexpected(response) : httpError(response);
  }

  /** A webhook send's answer: an oapi answer, where the gateway's refusal lasts the robot's throttle (a 302 is reported for all of it). */
  webhook(response: HttpResponse): OapiAnswer {
    return this.oapi(response, WEBHOOK_THROTTLE_MS);
  }

  /** An app API answer: 2xx is success, 4xx/5xx carry `{code, message}`. */
  api(response: HttpResponse): Record<string, unknown> {
    const answer = parseJson(response);
    const refused = gatewayRefusal(response, answer, GATEWAY_BLOCK_MS, this.redactor);
    if (refused) {
      throw refused;
    }
    if (response.status >= 200 && response.status < 300) {
      if (!answer) {
        throw this.unexpected(response);
      }
      return answer;
    }
    if (answer && typeof answer.code === 'string') {
      throw errorFromServer(answer.code, this.redactor.redact(String(answer.message ?? '')), response.status);
    }
    throw httpError(response);
  }

  /** An answer that parsed but lacks what it should carry, or is not DingTalk's at all. */
  unexpected(response: HttpResponse): DingTalkError {
    return new DingTalkError({
      code: 'unexpectedAnswer',
      category: 'server',
      httpStatus: response.status,
      detail: this.redactor.redact(response.text.slice(0, 200)),
      text: {
        en: 'DingTalk gave an answer DingTalk Sender does not understand. Check the endpoint settings (a proxy or gateway may be in the way).',
        zh: '钉钉返回了无法识别的响应。请检查接口地址设置（可能被代理或网关拦截）。',
      },
    });
  }
}
