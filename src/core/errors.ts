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
}

/** Codes of a request that left without an answer coming back (transport.ts makes them). */
const UNANSWERED = new Set(['timeout', 'networkError']);

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
   * The request went out and no answer came (a timeout, a connection lost midway): DingTalk may have
   * taken it. A send that failed this way may be in the group already.
   */
  readonly mayHaveArrived: boolean;
  /** For a message sent in parts: the parts already in the group when this one failed. */
  partial?: PartialDelivery;

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
    this.mayHaveArrived = UNANSWERED.has(String(init.code));
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

/** DingTalk's "this robot sends too fast" (its 20 a minute), which throttles the robot for minutes. */
export function isRateLimited(error: unknown): boolean {
  return error instanceof DingTalkError && ['130101', '410100'].includes(String(error.code));
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
