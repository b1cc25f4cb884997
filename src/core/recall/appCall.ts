import type { Clock } from '../clock';
import { cancelledError, DingTalkError, isAbort, isTokenRejected } from '../errors';
import type { Logger } from '../logger';
import type { Redactor } from '../redact';
import { apiBase, validateRobot, type AppRobot, type Robot } from '../robot';
import type { AppCredentials, TokenCache } from '../tokens';
import { neverSent, type HttpRequest, type HttpResponse } from '../transport';
import { recallApiError, unexpectedAnswer, webhookCannotRecall } from './errors';

/** The parts of a DingTalk client these calls share with sends. A client builds this once and hands it in. */
export interface AppApiPorts {
  clock: Clock;
  /** Already redacting: what it is given never carries a credential. */
  logger: Logger;
  redactor: Redactor;
  transport: { send(request: HttpRequest): Promise<HttpResponse> };
  tokens: Pick<TokenCache, 'get' | 'invalidate'>;
  retry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
}

export interface AppCall {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/v1.0/robot/groupMessages/recall`. */
  path: string;
  body?: object;
  /**
   * `always`: a read, safe to repeat after any transient failure. `ifNotArrived`: a change, repeated
   * only when the request certainly never arrived or DingTalk said it was busy, as app-robot sends are.
   */
  repeat: 'always' | 'ifNotArrived';
  signal?: AbortSignal;
}

/** Only enterprise app robots can recall or report reads; a webhook robot gets an error that says so. */
export function appRobotOf(robot: Robot): AppRobot {
  if (robot.kind !== 'app') {
    throw webhookCannotRecall();
  }
  return robot;
}

/** The robot, checked, with its app credentials known to the redactor. */
export function prepareAppRobot(ports: AppApiPorts, robot: AppRobot): AppCredentials {
  validateRobot(robot);
  ports.redactor.add(robot.appSecret);
  return { appKey: robot.appKey, appSecret: robot.appSecret };
}

/**
 * One call to the app API with a cached token (fetched again once if DingTalk refuses it),
 * retried on transient failures as sends are, answered as a JSON object or a DingTalkError.
 */
export async function callAppApi(ports: AppApiPorts, robot: AppRobot, call: AppCall): Promise<Record<string, unknown>> {
  const app = prepareAppRobot(ports, robot);
  const base = apiBase(robot);
  const attempt = (token: string): Promise<Record<string, unknown>> =>
    withRetry(ports, call, async () => {
      const response = await ports.transport.send({
        method: call.method,
        url: `${base}${call.path}`,
        headers: {
          'x-acs-dingtalk-access-token': token,
          ...(call.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: call.signal,
      });
      return readAnswer(ports, response);
    });
  const token = await ports.tokens.get('oauth2', base, app);
  try {
    return await attempt(token);
  } catch (error) {
    if (!isTokenRejected(error)) {
      throw error;
    }
    ports.logger.info('oauth2 token refused; fetching a new one');
    ports.tokens.invalidate('oauth2', base, app, token);
    return attempt(await ports.tokens.get('oauth2', base, app));
  }
}

async function withRetry<T>(ports: AppApiPorts, call: AppCall, task: () => Promise<T>): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs } = ports.retry;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await task();
    } catch (error) {
      const mayRepeat = call.repeat === 'always' || neverSent(error) || (error instanceof DingTalkError && error.code === 'ServiceUnavailable');
      if (!(error instanceof DingTalkError && error.retryable && mayRepeat && attempt < attempts)) {
        throw error;
      }
      const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      ports.logger.info(`retrying after ${error.code} in ${Math.round(delayMs)} ms (attempt ${attempt + 1} of ${attempts})`);
      try {
        await ports.clock.sleep(delayMs, call.signal);
      } catch (sleepError) {
        throw isAbort(sleepError) ? cancelledError() : sleepError;
      }
    }
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** 2xx is success; 4xx/5xx carry `{code, message}` (and, when a permission is missing, the scopes it needs). */
function readAnswer(ports: AppApiPorts, response: HttpResponse): Record<string, unknown> {
  const answer = parseJson(response.text);
  if (response.status >= 200 && response.status < 300 && answer) {
    return answer;
  }
  if (answer && typeof answer.code === 'string') {
    const detail = answer.accessdenieddetail as { requiredScopes?: unknown } | undefined;
    const scopes = Array.isArray(detail?.requiredScopes) ? detail.requiredScopes.filter((s): s is string => typeof s === 'string') : [];
    throw recallApiError(answer.code, ports.redactor.redact(String(answer.message ?? '')), response.status, scopes);
  }
  throw unexpectedAnswer(response.status, ports.redactor.redact(response.text.slice(0, 200)));
}
