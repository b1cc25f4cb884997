import type { Answers } from '../answers';
import type { Clock } from '../clock';
import type { DingTalkError } from '../errors';
import type { Redactor } from '../redact';
import { apiBase, robotKey, validateRobot, type AppRobot, type Robot } from '../robot';
import type { AppCredentials } from '../tokens';
import { neverSent, type HttpRequest, type HttpResponse } from '../transport';
import { recallApiError, webhookCannotRecall } from './errors';

/**
 * What these calls share with a DingTalk client's sends: its clock, redactor, transport and answer
 * reader, and its token and retry rules, so that the client's token cache and retry policy are the
 * ones used (the client builds this object once).
 */
export interface AppApiPorts {
  clock: Clock;
  redactor: Redactor;
  transport: { send(request: HttpRequest): Promise<HttpResponse> };
  answers: Pick<Answers, 'api'>;
  /**
   * Runs `task` with the app's cached /v1.0 token; fetches a new one once if DingTalk refuses it. A
   * pause of the robot already known is waited out first; the fetch's throttles and retries are
   * waited out and told under the robot's queue key `key`.
   */
  withToken<T>(key: string, signal: AbortSignal | undefined, base: string, app: AppCredentials, task: (token: string) => Promise<T>): Promise<T>;
  /**
   * Runs `task` for the robot whose queue key is `key`, repeating it after a retryable failure
   * `mayRepeat` allows, with the client's backoff, and after a throttle once it ends, as sends do.
   */
  withRetry<T>(key: string, signal: AbortSignal | undefined, mayRepeat: (error: DingTalkError) => boolean, task: () => Promise<T>): Promise<T>;
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

/** Repeating a change is safe only when it certainly never arrived or DingTalk said it was busy. */
function mayRepeatChange(error: DingTalkError): boolean {
  return neverSent(error) || error.code === 'ServiceUnavailable';
}

/**
 * One call to the app API with the client's cached token, retried on transient failures as sends
 * are, answered as a JSON object or a DingTalkError.
 */
export function callAppApi(ports: AppApiPorts, robot: AppRobot, call: AppCall): Promise<Record<string, unknown>> {
  const app = prepareAppRobot(ports, robot);
  const base = apiBase(robot);
  const key = robotKey(robot);
  return ports.withToken(key, call.signal, base, app, (token) =>
    ports.withRetry(key, call.signal, call.repeat === 'always' ? () => true : mayRepeatChange, async () => {
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
    }),
  );
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A refusal with a `{code, message}` is read with these routes' meanings (and, when a permission is
 * missing, the scopes it needs); everything else as the client reads any app API answer.
 */
function readAnswer(ports: AppApiPorts, response: HttpResponse): Record<string, unknown> {
  const answer = parseJson(response.text);
  const refused = response.status < 200 || response.status >= 300;
  if (refused && answer && typeof answer.code === 'string') {
    const detail = answer.accessdenieddetail as { requiredScopes?: unknown } | undefined;
    const scopes = Array.isArray(detail?.requiredScopes) ? detail.requiredScopes.filter((s): s is string => typeof s === 'string') : [];
    throw recallApiError(answer.code, ports.redactor.redact(String(answer.message ?? '')), response.status, scopes);
  }
  return ports.answers.api(response);
}
