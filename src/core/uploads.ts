import type { Answers } from './answers';
import { appCredentials, type AppTokens } from './appTokens';
import type { ClientContext } from './context';
import { uploadUrl } from './endpoints';
import { isRateLimited } from './errors';
import { multipartBody, validateMedia, type MediaType } from './media';
import type { Retry } from './retry';
import { oapiBase, robotKey, type Robot } from './robot';

/** A file on disk, with the name the group sees and the size measured before sending. */
export interface UploadSource {
  path: string;
  name: string;
  size: number;
}

/** Puts files into DingTalk's media store, streamed from disk, for a message to point at. */
export class Uploads {
  constructor(
    private readonly context: ClientContext,
    private readonly answers: Answers,
    private readonly retry: Retry,
    private readonly tokens: AppTokens,
  ) {}

  /**
   * Fetches the token an upload for this robot takes, unless it is cached, which also opens the
   * connection the upload will use. An upload that starts meanwhile waits for the same fetch. Nothing
   * is asked of DingTalk while the robot is paused, and a throttle answer pauses it without waiting:
   * the upload waits, when there is one.
   */
  async prepare(robot: Robot): Promise<void> {
    const app = appCredentials(robot);
    const key = robotKey(robot);
    if (await this.retry.paused(key)) {
      return;
    }
    try {
      await this.tokens.withToken('oapi', oapiBase(robot), app, () => Promise.resolve(), { robot: key });
    } catch (error) {
      if (isRateLimited(error)) {
        this.retry.holdAhead(key, error);
      }
      throw error;
    }
  }

  /**
   * Uploads the file as it is (its type and size checked first) and returns its media_id. A pause of
   * the robot already known (a throttle met by `prepare`, or in another window) is waited out first, and told.
   */
  async upload(robot: Robot, file: UploadSource, type: MediaType, signal?: AbortSignal): Promise<string> {
    const app = appCredentials(robot);
    validateMedia(type, file.name, file.size);
    const base = oapiBase(robot);
    const { transport } = this.context;
    // Outside the robot's queue, but a throttle answer holds it as it holds the robot's sends.
    const throttleKey = robotKey(robot);
    await this.retry.afterKnownThrottle(throttleKey, signal);
    return this.tokens.withToken(
      'oapi',
      base,
      app,
      (token) =>
      // A repeated upload only stores the file twice: any failure may be tried again.
      this.retry.transient({ signal, mayRepeat: () => true, attemptTimeoutMs: transport.uploadTimeoutMs, budgetMs: this.retry.uploadBudgetMs(file.size), throttleKey }, async () => {
        const multipart = multipartBody(file.path, file.name, type, file.size);
        const response = await transport
          .send({
            method: 'POST',
            url: uploadUrl(base, token, type),
            headers: multipart.headers,
            body: multipart.body,
            signal,
            timeoutMs: transport.uploadTimeoutMs,
          })
          .finally(multipart.dispose);
        const answer = this.answers.oapi(response);
        if (typeof answer.media_id !== 'string') {
          throw this.answers.unexpected(response);
        }
        return answer.media_id;
      }),
      { robot: throttleKey, signal, outsideQueue: true },
    );
  }
}
