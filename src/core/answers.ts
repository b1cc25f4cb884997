import { DingTalkError, errorFromServer } from './errors';
import type { Redactor } from './redact';
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

/** Reads DingTalk's answers into results or the core's errors, with the client's credentials removed. */
export class Answers {
  constructor(private readonly redactor: Redactor) {}

  /** An oapi answer: always check errcode, whatever the HTTP status says. */
  oapi(response: HttpResponse): OapiAnswer {
    const answer = parseJson(response) as OapiAnswer | undefined;
    if (answer && typeof answer.errcode === 'number') {
      if (answer.errcode !== 0) {
        throw errorFromServer(answer.errcode, this.redactor.redact(String(answer.errmsg ?? '')), response.status);
      }
      return answer;
    }
    throw response.status === 200 ? this.unexpected(response) : httpError(response);
  }

  /** An app API answer: 2xx is success, 4xx/5xx carry `{code, message}`. */
  api(response: HttpResponse): Record<string, unknown> {
    const answer = parseJson(response);
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
