import { codeInfo } from './dingtalkCodes';
import { localize, type ErrorText } from './language';
import { reasonOf, type ErrorCategory, type ErrorReason } from './reasons';

export { localize, type ErrorText } from './language';
export type { ErrorCategory, ErrorReason } from './reasons';

/** How far a message sent in parts got: `sent` of `total` parts arrived, with these ids. */
export interface PartialDelivery {
  sent: number;
  total: number;
  ids: string[];
  /** Set when the error `mayHaveArrived`: the part (0-based, the one after the `sent` ones) that may be in the group too. */
  uncertainPart?: number;
}

export interface DingTalkErrorInit {
  code: number | string;
  category: ErrorCategory;
  text: ErrorText;
  /** Defaults to what the code (and the HTTP status) says: see `reasonOf`. */
  reason?: ErrorReason;
  retryable?: boolean;
  httpStatus?: number;
  /** What the server said (already redacted), for the log and a "details" view. */
  detail?: string;
  /** A signature refused because this computer's clock is off, not because the secret is wrong. */
  clockSkew?: boolean;
  /** The send may be in the group although it failed: see `mayHaveArrived`. */
  mayHaveArrived?: boolean;
  /** Only with `mayHaveArrived`: true when sending again may post a second copy (app robots have no idempotency key). */
  retryMayDuplicate?: boolean;
  /** A throttle answer that says (or implies) how long it lasts, in ms: see `waitMs`. */
  waitMs?: number;
}


/**
 * The one error the core throws. `message` is English and says what to do;
 * `messageZh` says the same in Chinese. Neither ever contains a credential.
 */
export class DingTalkError extends Error {
  readonly code: number | string;
  /** What went wrong, for a host to switch on (never on `code`). */
  readonly reason: ErrorReason;
  readonly category: ErrorCategory;
  readonly messageZh: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly detail?: string;
  /** A signature refused because this computer's clock is off, not because the secret is wrong. */
  readonly clockSkew: boolean;
  /**
   * A send's request went out and no definite answer came back (a timeout, a connection lost midway,
   * "busy" or a 5xx that DingTalk may give after processing): the message may be in the group. Hosts
   * say "may have arrived", not "failed"; `reason` says why the answer was lost.
   */
  readonly mayHaveArrived: boolean;
  /**
   * With `mayHaveArrived`: whether a Retry may post the message twice. False for a webhook robot, whose
   * Retry hands `msgUuids` back (`SendOptions.msgUuids`) so DingTalk drops a copy; true for an app robot.
   */
  readonly retryMayDuplicate: boolean;
  /**
   * A throttle (`reason === 'throttled'`) whose answer says how long it lasts, in ms (DingTalk's
   * gateway does); otherwise the core times it by its code.
   */
  readonly waitMs?: number;
  /** For a message sent in parts: the parts already in the group when this one failed. */
  partial?: PartialDelivery;
  /**
   * Webhook sends: the msgUuid of every part of this send, in part order (sent or not). A host keeps
   * them and passes them back as `SendOptions.msgUuids` on Retry, so a part that did arrive is not posted again.
   */
  msgUuids?: string[];

  constructor(init: DingTalkErrorInit) {
    super(init.text.en);
    this.name = 'DingTalkError';
    this.code = init.code;
    this.category = init.category;
    this.reason = init.reason ?? reasonOf(init.code, init.category, init.httpStatus);
    this.messageZh = init.text.zh;
    this.retryable = init.retryable ?? false;
    this.httpStatus = init.httpStatus;
    this.detail = init.detail;
    this.clockSkew = init.clockSkew ?? false;
    this.mayHaveArrived = init.mayHaveArrived ?? false;
    this.retryMayDuplicate = this.mayHaveArrived && (init.retryMayDuplicate ?? false);
    this.waitMs = init.waitMs;
  }

  /** The human message in the user's language (see `textLanguage`). */
  localized(locale: string): string {
    return localize({ en: this.message, zh: this.messageZh }, locale);
  }
}

export function inputError(code: string, en: string, zh: string): DingTalkError {
  return new DingTalkError({ code, category: 'input', text: { en, zh } });
}

/** Maps what a DingTalk server answered to the error the user sees. `errmsg` must already be redacted. */
export function errorFromServer(code: number | string, errmsg: string, httpStatus?: number): DingTalkError {
  return new DingTalkError({ code, ...codeInfo(String(code), errmsg, httpStatus), httpStatus, detail: errmsg });
}

export function isTokenRejected(error: unknown): boolean {
  return error instanceof DingTalkError && error.reason === 'accessTokenRefused';
}

/** DingTalk says too many sends or calls: the webhook's 20 a minute, or the app API's throttles. */
export function isRateLimited(error: unknown): error is DingTalkError {
  return error instanceof DingTalkError && error.reason === 'throttled';
}

export function cancelledError(): DingTalkError {
  return new DingTalkError({ code: 'cancelled', category: 'input', text: { en: 'The send was cancelled.', zh: '发送已取消。' } });
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}

/** The message of anything thrown, for a log line or a last-resort error text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
