import { DingTalkError } from './errors';

/** A webhook robot over its 20 a minute is throttled for 10 minutes from the first refusal (docs/dingtalk-api.md §8.2). */
export const WEBHOOK_THROTTLE_MS = 10 * 60_000;
/** DingTalk's gateway blocks an address that made 10,000 calls in 20 s for 5 minutes (§8.3). */
export const GATEWAY_BLOCK_MS = 5 * 60_000;
/** The app API's per-second limit: DingTalk says to wait a second and go on (§8.3); two leave a margin. */
const QPS_THROTTLE_MS = 2_000;
/** A per-minute limit, HTTP 429 and throttles no source times: one window of a minute. */
const MINUTE_THROTTLE_MS = 60_000;

/**
 * The longest one send (or recall, or read-status call) waits out DingTalk's throttles by itself, all
 * its throttles together: DingTalk's own robot throttle, once (§8.4, our choice). A longer stated
 * wait, or a second long one, fails with `throttleTooLong` instead: a person waits ten minutes for a
 * send under a progress notification, not an hour.
 */
export const THROTTLE_PATIENCE_MS = WEBHOOK_THROTTLE_MS;

/** How long DingTalk refuses sends after this throttle answer (`reason === 'throttled'`): what it says, or what its code means, whichever is longer. */
export function throttleMs(error: DingTalkError): number {
  return Math.max(error.waitMs ?? 0, codeThrottleMs(String(error.code)));
}

function codeThrottleMs(code: string): number {
  if (code === '130101' || code === '410100') {
    return WEBHOOK_THROTTLE_MS;
  }
  if (/qpslimit/i.test(code) || code === '90018' || code === '90002') {
    return QPS_THROTTLE_MS;
  }
  return MINUTE_THROTTLE_MS;
}

/** The throttle `error` would hold the send `waitMs` more, past `THROTTLE_PATIENCE_MS`: it stops here. */
export function throttleTooLong(error: DingTalkError, waitMs: number): DingTalkError {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  const patience = THROTTLE_PATIENCE_MS / 60_000;
  return new DingTalkError({
    code: error.code,
    category: 'rate',
    reason: 'throttleTooLong',
    httpStatus: error.httpStatus,
    waitMs,
    detail: `${String(error.code)}: ${error.detail ?? error.message}`,
    text: {
      en: `DingTalk asks to wait ${minutes} minute${minutes === 1 ? '' : 's'} before this robot can send or be asked again. That is longer than DingTalk Sender waits by itself (${patience} minutes in all), so it stopped: nothing more was sent. Try again later.`,
      zh: `钉钉要求等待 ${minutes} 分钟后才能再次通过该机器人发送或查询，超过 DingTalk Sender 自动等待的时间（共 ${patience} 分钟），因此已停止，未再发送任何内容。请稍后重试。`,
    },
  });
}
