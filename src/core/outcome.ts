import { DingTalkError } from './errors';
import type { ErrorReason } from './reasons';
import { neverSent } from './transport';

/**
 * Whether a request that failed this way may still have reached DingTalk and been processed: its
 * answer was lost (a timeout, a connection broken midway, a send cancelled under way) or was an
 * error DingTalk may give after processing (busy, 5xx, an answer that is not DingTalk's).
 */
export function mayHaveReached(error: unknown): boolean {
  if (!(error instanceof DingTalkError) || neverSent(error)) {
    return false;
  }
  return ['timeout', 'network', 'cancelled', 'serverBusy', 'unexpectedAnswer'].includes(error.reason);
}

const LOST_ANSWER: Partial<Record<ErrorReason, { en: string; zh: string }>> = {
  timeout: { en: 'no answer came in time', zh: '未及时收到应答' },
  network: { en: 'the connection broke before the answer came', zh: '应答返回前连接中断' },
  cancelled: { en: 'the send was cancelled while under way', zh: '发送过程中被取消' },
  serverBusy: { en: 'DingTalk answered that it was busy, which it may say after taking the message', zh: '钉钉应答繁忙，而它可能已收下消息' },
  unexpectedAnswer: { en: 'the answer was not DingTalk\'s', zh: '收到的应答并非来自钉钉' },
};

/** The error a send ends with when one of its tries may have reached the group. */
export function mayHaveArrivedError(cause: DingTalkError, retryMayDuplicate: boolean): DingTalkError {
  const lost = LOST_ANSWER[cause.reason] ?? { en: 'its answer was lost', zh: '应答丢失' };
  const retry = retryMayDuplicate
    ? { en: 'Check the group before sending it again: sending again may post it twice.', zh: '再次发送前请先查看群消息：重发可能导致重复。' }
    : { en: 'Retry is safe: it reuses the message\'s id, so DingTalk drops a second copy.', zh: '可以放心重试：重试沿用消息 ID，钉钉会丢弃重复的一条。' };
  return new DingTalkError({
    code: cause.code,
    category: cause.category,
    reason: cause.reason,
    retryable: cause.retryable,
    httpStatus: cause.httpStatus,
    detail: cause.detail ?? cause.message,
    mayHaveArrived: true,
    retryMayDuplicate,
    text: {
      en: `The message may have reached the group: ${lost.en}. ${retry.en} (${cause.message})`,
      zh: `消息可能已送达群聊：${lost.zh}。${retry.zh}（${cause.messageZh}）`,
    },
  });
}

/** Watches the tries of one send: once one may have reached DingTalk, the send's failure says so. */
export class ArrivalDoubt {
  private seen = false;
  private last: unknown;

  /** Runs one request of the send (its token fetch stays outside), noting a failure that may have reached DingTalk. */
  async watch<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      this.seen ||= mayHaveReached(error);
      this.last = error;
      throw error;
    }
  }

  /** Whether `error` came from the send's own request, not from what it needed first (a token, retried on its own). */
  cameFromRequest(error: unknown): boolean {
    return error === this.last;
  }

  /** The send's final error: "may have arrived" when any try may have reached DingTalk. */
  settle(error: unknown, retryMayDuplicate: boolean): unknown {
    return this.seen && error instanceof DingTalkError ? mayHaveArrivedError(error, retryMayDuplicate) : error;
  }
}
