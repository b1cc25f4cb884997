import type { RetryOptions } from './clientTypes';
import type { ClientContext } from './context';
import { cancelledError, DingTalkError, isAbort, isRateLimited } from './errors';
import type { RateLimiter, Release } from './rateLimiter';
import { THROTTLE_PATIENCE_MS, throttleMs, throttleTooLong } from './throttles';

/**
 * Throttles one send waits out before it fails with the throttle's error: DingTalk keeps refusing.
 * Their time together is bounded too, by `THROTTLE_PATIENCE_MS`.
 */
const MAX_THROTTLES = 3;

/**
 * A refusal that says nothing (an HTTP 302 or an HTML page, `answers.ts`) is waited out once: met
 * again after the whole wait it is more likely a proxy's login page than a throttle, and waiting
 * twice more would hide that for another 20 minutes.
 */
function throttlesAllowed(error: DingTalkError): number {
  return error.code === 'gatewayPage' ? 1 : MAX_THROTTLES;
}
/** An upload's budget grows by a second per this many bytes: a slow uplink of 64 KiB/s still fits. */
const UPLOAD_BYTES_PER_SECOND = 64 * 1024;

/** What one run of tries may do. */
export interface TryPlan {
  signal?: AbortSignal;
  /** Whether a retryable failure may be repeated (an app robot's send only when it certainly never arrived). */
  mayRepeat: (error: DingTalkError) => boolean;
  /** Longest wait for one try's answer. */
  attemptTimeoutMs?: number;
  /** Longest time the tries may take in all (waits in the queue and throttles not counted). */
  budgetMs?: number;
  /**
   * For a task outside the queue (a token fetch, an upload) made for a send to this robot: a throttle
   * answer pauses the robot's queue and is waited out as a send's is, instead of failing the send.
   */
  throttleKey?: string;
  /** The robot whose send this is for, when not `throttleKey` (a token fetch inside a send): its retries are told under it. */
  robot?: string;
}

/** The time a send may take, stopped while it waits in the queue or out a throttle. */
class Budget {
  private deadline: number;
  private pausedAt = 0;

  constructor(
    private readonly now: () => number,
    readonly totalMs: number,
  ) {
    this.deadline = now() + totalMs;
  }

  left(): number {
    return this.deadline - this.now();
  }

  pause(): void {
    this.pausedAt = this.now();
  }

  resume(): void {
    this.deadline += this.now() - this.pausedAt;
  }
}

function timedOut(budget: Budget, tries: number, last: DingTalkError): DingTalkError {
  const seconds = Math.round(budget.totalMs / 1000);
  return new DingTalkError({
    code: 'timeout',
    category: 'network',
    reason: 'timeout',
    retryable: true,
    detail: `${String(last.code)}: ${last.detail ?? last.message}`,
    text: {
      en: `DingTalk did not take the send within ${seconds} s (${tries} tries; last: ${last.message}) Check the network or proxy, then try again.`,
      zh: `钉钉在 ${seconds} 秒内未能完成发送（尝试 ${tries} 次；最后一次：${last.messageZh}）请检查网络或代理后重试。`,
    },
  });
}

/**
 * When to try again. Transient failures get jittered exponential backoff within a time budget; when
 * DingTalk throttles a robot, its queue pauses (in every window sharing the ledger) until the throttle
 * ends, and the send goes again keeping its place. The host hears "retrying" and "throttled" as events.
 */
export class Retry {
  private readonly options: Required<RetryOptions>;

  constructor(
    private readonly context: ClientContext,
    options: RetryOptions | undefined,
    private readonly limiter: RateLimiter | undefined,
  ) {
    this.options = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, attemptTimeoutMs: 15_000, sendBudgetMs: 60_000, ...options };
  }

  /** The budget of an upload of `bytes`: a message's, plus a second per 64 KiB. */
  uploadBudgetMs(bytes: number): number {
    return this.options.sendBudgetMs + Math.ceil(bytes / UPLOAD_BYTES_PER_SECOND) * 1000;
  }

  /**
   * Runs `task` (token fetches, uploads: nothing the queue counts), repeating it after a retryable
   * failure the plan allows, and after a throttle when the plan names the robot it is for.
   */
  transient<T>(plan: TryPlan, task: (timeoutMs: number) => Promise<T>): Promise<T> {
    return this.tries(plan.throttleKey, undefined, plan, task);
  }

  /**
   * One message to the robot `key`, in its place in the robot's queue: every try (a retry is a request
   * DingTalk counts too) takes a slot of its own, and the sends queued behind wait until it is over.
   */
  async queued<T>(key: string, plan: TryPlan, task: (timeoutMs: number) => Promise<T>): Promise<T> {
    const slot = await this.limiter?.acquire(key, plan.signal);
    try {
      return await this.tries(key, slot, plan, task);
    } finally {
      slot?.();
    }
  }

  private async tries<T>(key: string | undefined, slot: Release | undefined, plan: TryPlan, task: (timeoutMs: number) => Promise<T>): Promise<T> {
    const { attempts, baseDelayMs, maxDelayMs } = this.options;
    const budget = new Budget(() => this.context.clock.now(), plan.budgetMs ?? this.options.sendBudgetMs);
    const attemptTimeoutMs = plan.attemptTimeoutMs ?? Math.min(this.options.attemptTimeoutMs, this.context.transport.requestTimeoutMs);
    let throttles = 0;
    let throttledMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await task(Math.max(1, Math.min(attemptTimeoutMs, budget.left())));
      } catch (error) {
        if (key !== undefined && isRateLimited(error) && throttles < throttlesAllowed(error)) {
          const now = this.context.clock.now();
          const until = this.throttleEnd(key, error, now);
          if (throttledMs + (until - now) > THROTTLE_PATIENCE_MS) {
            throw this.beyondPatience(key, error, until, now);
          }
          throttles += 1;
          throttledMs += until - now;
          attempt -= 1;
          budget.pause();
          await this.waitOutThrottle(key, error, until, slot, plan.signal);
          budget.resume();
          continue;
        }
        if (!(error instanceof DingTalkError && error.retryable && plan.mayRepeat(error) && attempt < attempts)) {
          throw error;
        }
        const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
        if (delayMs >= budget.left()) {
          throw timedOut(budget, attempt, error);
        }
        this.context.logger.info(`retrying after ${error.code} in ${Math.round(delayMs)} ms (attempt ${attempt + 1} of ${attempts})`);
        this.context.emit({ type: 'retrying', robot: key ?? plan.robot, attempt: attempt + 1, delayMs, reason: error.reason, code: String(error.code) });
        await this.sleep(delayMs, plan.signal);
        budget.pause();
        await slot?.renew(plan.signal);
        budget.resume();
      }
    }
  }

  /** When the throttle `error` ends: a pause already known is not stretched (the first refusal started it). */
  private throttleEnd(key: string, error: DingTalkError, now: number): number {
    const known = this.limiter?.stats(key).pausedUntil;
    return known !== undefined && known > now ? known : now + throttleMs(error);
  }

  /**
   * DingTalk refused for a throttle: the robot's queue pauses in the ledger until `until`, the host
   * hears it once, and the send waits for a slot after that, keeping its place.
   */
  private async waitOutThrottle(key: string, error: DingTalkError, until: number, slot: Release | undefined, signal?: AbortSignal): Promise<void> {
    const now = this.context.clock.now();
    if (until !== this.limiter?.stats(key).pausedUntil) {
      this.context.logger.warn(`DingTalk throttles ${key.split(':')[0]} robot (${String(error.code)}): sending resumes in ${Math.round((until - now) / 1000)} s`);
      this.context.emit({ type: 'rateLimited', robot: key, code: String(error.code), resumeAt: until, httpStatus: error.httpStatus });
      this.limiter?.pause(key, until);
    }
    if (slot) {
      await slot.renew(signal);
    } else {
      await this.sleep(until - now, signal);
    }
  }

  /**
   * A throttle longer than the send waits by itself: it fails now. The robot's queue still pauses, in
   * every window, for as long as a send would have waited (`THROTTLE_PATIENCE_MS`), so nothing is
   * sent into the throttle meanwhile, but a stated wait that is wrong (its unit is inferred, §9.3)
   * cannot hold every send for an hour; a send after that learns from DingTalk whether it still holds.
   */
  private beyondPatience(key: string, error: DingTalkError, until: number, now: number): DingTalkError {
    this.hold(key, until, now);
    this.context.logger.warn(`DingTalk throttles ${key.split(':')[0]} robot (${String(error.code)}) for ${Math.round((until - now) / 1000)} s more, beyond the ${THROTTLE_PATIENCE_MS / 1000} s a send waits: not sent`);
    return throttleTooLong(error, until - now);
  }

  /** Pauses the robot's queue, in every window, until `until`, but never past a send's patience. */
  private hold(key: string, until: number, now: number): void {
    const hold = Math.min(until, now + THROTTLE_PATIENCE_MS);
    if (hold > (this.limiter?.stats(key).pausedUntil ?? 0)) {
      this.limiter?.pause(key, hold);
    }
  }

  /**
   * A request made ahead of need (`prepareUpload`) met the throttle `error`: the robot's queue pauses
   * as for a send's, so nothing more goes into the throttle, but nobody waits and the host hears
   * nothing yet: the send that needs the request waits the pause out (`afterKnownThrottle`) and says so.
   */
  holdAhead(key: string, error: DingTalkError): void {
    const now = this.context.clock.now();
    this.hold(key, this.throttleEnd(key, error, now), now);
    const resumeAt = this.limiter?.stats(key).pausedUntil ?? now;
    this.context.logger.warn(`DingTalk throttles ${key.split(':')[0]} robot (${String(error.code)}) ahead of its upload: sending resumes in ${Math.round((resumeAt - now) / 1000)} s`);
  }

  /** Whether the robot's queue is paused for a throttle, in this window or another sharing the ledger. */
  async paused(key: string): Promise<boolean> {
    await this.limiter?.refresh(key);
    return this.limiter?.stats(key).pausedUntil !== undefined;
  }

  /**
   * Before an app API call outside the queue (recall, read status): a throttle of the robot already
   * known, in this window or another sharing the ledger, is waited out first, as a queued send would
   * wait it, and told (its pauses never outlast `THROTTLE_PATIENCE_MS`, see `beyondPatience`).
   */
  async afterKnownThrottle(key: string, signal?: AbortSignal): Promise<void> {
    // What this window last saw of the ledger may be old: another window's pause is read first.
    await this.limiter?.refresh(key);
    const now = this.context.clock.now();
    const until = this.limiter?.stats(key).pausedUntil;
    if (until !== undefined && until > now) {
      this.context.emit({ type: 'rateLimited', robot: key, code: 'paused', resumeAt: until });
      await this.sleep(until - now, signal);
    }
  }

  private async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await this.context.clock.sleep(ms, signal);
    } catch (error) {
      throw isAbort(error) || signal?.aborted ? cancelledError() : error;
    }
  }
}
