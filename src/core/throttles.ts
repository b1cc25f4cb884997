import type { DingTalkError } from './errors';

/** A webhook robot over its 20 a minute is throttled for 10 minutes from the first refusal (docs/dingtalk-api.md §8.2). */
export const WEBHOOK_THROTTLE_MS = 10 * 60_000;
/** DingTalk's gateway blocks an address that made 10,000 calls in 20 s for 5 minutes (§8.3). */
export const GATEWAY_BLOCK_MS = 5 * 60_000;
/** The app API's per-second limit: DingTalk says to wait a second and go on (§8.3); two leave a margin. */
const QPS_THROTTLE_MS = 2_000;
/** A per-minute limit, HTTP 429 and throttles no source times: one window of a minute. */
const MINUTE_THROTTLE_MS = 60_000;

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
