import type { Answers } from './answers';
import type { ClientContext } from './context';
import { appTokenUrl, JSON_HEADERS, oapiTokenUrl } from './endpoints';
import { inputError, isTokenRejected, type DingTalkError } from './errors';
import type { Retry } from './retry';
import type { Robot } from './robot';
import { TokenCache, type AppCredentials, type IssuedToken, type TokenKind } from './tokens';

export function needsApp(): DingTalkError {
  return inputError(
    'needsAppCredentials',
    'Sending files and images through a webhook robot needs an app\'s AppKey and AppSecret (to upload). Add them to the robot, or use an enterprise app robot.',
    '通过 Webhook 机器人发送文件和图片需要应用的 AppKey 与 AppSecret（用于上传）。请为机器人补充，或改用企业内部应用机器人。',
  );
}

export function appCredentials(robot: Robot): AppCredentials {
  if (!robot.appKey || !robot.appSecret) {
    throw needsApp();
  }
  return { appKey: robot.appKey, appSecret: robot.appSecret };
}

/** The app's access tokens (both kinds): fetched from DingTalk, cached, and renewed when DingTalk refuses one. */
export class AppTokens {
  private readonly cache: TokenCache;

  constructor(
    private readonly context: ClientContext,
    private readonly answers: Answers,
    private readonly retry: Retry,
  ) {
    this.cache = new TokenCache((kind, base, app, robot) => this.fetch(kind, base, app, robot), context.clock);
  }

  /**
   * Runs `task` with a cached token; when DingTalk refuses the token, fetches a new one and tries once
   * more. `forSend.robot` names the send a fetch is for (its retries are told under that robot). With
   * `outsideQueue` (an upload, say), a throttle answer to the fetch is waited out on that robot's
   * queue; inside a send of the queue, the queue waits it out itself.
   */
  async withToken<T>(
    kind: TokenKind,
    base: string,
    app: AppCredentials,
    task: (token: string) => Promise<T>,
    forSend?: { robot: string; signal?: AbortSignal; outsideQueue?: boolean },
  ): Promise<T> {
    const fetched = (): Promise<string> => this.cache.get(kind, base, app, forSend?.robot);
    const get = (): Promise<string> =>
      forSend?.outsideQueue ? this.retry.transient({ signal: forSend.signal, mayRepeat: () => false, throttleKey: forSend.robot }, fetched) : fetched();
    const token = await get();
    try {
      return await task(token);
    } catch (error) {
      if (!isTokenRejected(error)) {
        throw error;
      }
      this.context.logger.info(`${kind} token refused; fetching a new one`);
      this.cache.invalidate(kind, base, app, token);
      return task(await get());
    }
  }

  private async fetch(kind: TokenKind, base: string, app: AppCredentials, robot?: string): Promise<IssuedToken> {
    const { transport } = this.context;
    const issued = await this.retry.transient({ mayRepeat: () => true, robot }, async (timeoutMs): Promise<IssuedToken> => {
      if (kind === 'oapi') {
        const response = await transport.send({ method: 'GET', url: oapiTokenUrl(base, app), timeoutMs });
        const answer = this.answers.oapi(response);
        if (typeof answer.access_token !== 'string') {
          throw this.answers.unexpected(response);
        }
        return { token: answer.access_token, expiresInSeconds: Number(answer.expires_in ?? 7200) };
      }
      const response = await transport.send({
        method: 'POST',
        url: appTokenUrl(base),
        headers: { ...JSON_HEADERS },
        body: JSON.stringify({ appKey: app.appKey, appSecret: app.appSecret }),
        timeoutMs,
      });
      const answer = this.answers.api(response);
      if (typeof answer.accessToken !== 'string') {
        throw this.answers.unexpected(response);
      }
      return { token: answer.accessToken, expiresInSeconds: Number(answer.expireIn ?? 7200) };
    });
    this.context.redactor.add(issued.token);
    this.context.logger.info(`fetched a new ${kind} token, valid ${issued.expiresInSeconds} s`);
    return issued;
  }
}
