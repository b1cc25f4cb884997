import type { RetryOptions } from './clientTypes';
import type { ClientContext } from './context';
import { cancelledError, DingTalkError, isAbort, isRateLimited } from './errors';
import type { RateLimiter } from './rateLimiter';

/** Waits after DingTalk says "too fast"; it throttles a robot for 10 minutes, so the last wait covers that. */
const RATE_BACKOFF_MS = [60_000, 120_000, 240_000, 600_000];

/** When to try again: transient failures with exponential backoff, "too fast" after DingTalk's throttle. */
export class Retry {
  private readonly options: Required<RetryOptions>;

  constructor(
    private readonly context: ClientContext,
    options: RetryOptions | undefined,
    private readonly limiter: RateLimiter | undefined,
  ) {
    this.options = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, ...options };
  }

  /** Runs `task`, repeating it after a retryable failure that `mayRepeat` allows, up to the attempts set. */
  async transient<T>(signal: AbortSignal | undefined, mayRepeat: (error: DingTalkError) => boolean, task: () => Promise<T>): Promise<T> {
    const { attempts, baseDelayMs, maxDelayMs } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await task();
      } catch (error) {
        const retry = error instanceof DingTalkError && error.retryable && mayRepeat(error) && attempt < attempts;
        if (!retry) {
          throw error;
        }
        const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
        this.context.logger.info(`retrying after ${error.code} in ${Math.round(delayMs)} ms (attempt ${attempt + 1} of ${attempts})`);
        this.context.emit({ type: 'retrying', attempt: attempt + 1, delayMs, reason: String(error.code) });
        await this.sleep(delayMs, signal);
      }
    }
  }

  /**
   * One request in a rate-limit slot of its own (a retry is a request DingTalk counts too); when
   * DingTalk still says "too fast", backs off and tries again.
   */
  async rateLimited<T>(key: string, signal: AbortSignal | undefined, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const release = await this.limiter?.acquire(key, signal);
      try {
        return await send();
      } catch (error) {
        if (!isRateLimited(error) || attempt >= RATE_BACKOFF_MS.length) {
          throw error;
        }
        const resumeAt = this.context.clock.now() + RATE_BACKOFF_MS[attempt];
        this.context.logger.warn(`DingTalk throttles ${key.split(':')[0]} robot: waiting ${RATE_BACKOFF_MS[attempt] / 1000} s`);
        this.context.emit({ type: 'rateLimited', robot: key, code: String((error as DingTalkError).code), resumeAt });
        if (this.limiter) {
          this.limiter.pause(key, resumeAt);
        } else {
          await this.sleep(RATE_BACKOFF_MS[attempt], signal);
        }
      } finally {
        release?.();
      }
    }
  }

  private async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await this.context.clock.sleep(ms, signal);
    } catch (error) {
      throw isAbort(error) ? cancelledError() : error;
    }
  }
}
