import type { Clock } from './clock';
import type { ErrorText } from './language';
import type { Logger } from './logger';
import type { Mentions } from './messages';
import type { QueueStats, RateLimitOptions } from './rateLimiter';
import type { ErrorReason } from './reasons';
import type { TransportOptions } from './transport';

export type ClientEvent =
  | { type: 'queue'; robot: string; stats: QueueStats }
  /** DingTalk throttles the robot: its queue pauses until `resumeAt` (epoch ms), then goes on by itself. Once per throttle. */
  | { type: 'rateLimited'; robot: string; code: string; resumeAt: number; httpStatus?: number }
  /**
   * A try failed and goes again after `delayMs`; `reason` says why (for the progress notification).
   * `robot` is the queue key of the robot it is for (as in `queue` events), for a send and for a
   * recall or read-status call alike; undefined only for a token fetch made for no robot's call.
   */
  | { type: 'retrying'; robot: string | undefined; attempt: number; delayMs: number; reason: ErrorReason; code: string };

export interface RetryOptions {
  /** Tries in all for a transient failure (network, busy, 5xx). */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest wait for the answer to one try of a message or token request; default 15 s. */
  attemptTimeoutMs?: number;
  /**
   * Longest time one send may take, its tries and the waits between them (not its wait in the queue
   * or out a throttle); default 60 s. An upload gets a second more per 64 KiB.
   */
  sendBudgetMs?: number;
}

export interface DingTalkClientOptions {
  clock?: Clock;
  /** Receives every request and answer, with credentials already removed. */
  logger?: Logger;
  transport?: TransportOptions;
  /** `false` turns the client-side limit off (only for tests against a server without one). */
  rateLimit?: RateLimitOptions | false;
  retry?: RetryOptions;
  onEvent?: (event: ClientEvent) => void;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** App robot only: send one-to-one to these user ids instead of the robot's group. */
  userIds?: string[];
  /**
   * Webhook robots: the msgUuid of each part (by part index), from an earlier try's `SendResult.ids` or
   * `DingTalkError.msgUuids`. A Retry that passes them back lets DingTalk drop a part that already arrived.
   */
  msgUuids?: string[];
}

export interface TextOptions extends SendOptions {
  at?: Mentions;
  /** Skip the parts before this one (0-based): resumes a split send that failed midway. */
  resumeFrom?: number;
}

/** One-to-one sends: user ids DingTalk did not deliver to (unknown, or over their own limit). */
export interface NotDelivered {
  invalid: string[];
  flowControlled: string[];
}

export interface SendResult {
  /** How many messages went out (a long text is split into numbered parts). */
  parts: number;
  /** The webhook msgUuid or app processQueryKey of each message (each part, in order). */
  ids: string[];
  /** The keyword added because the content had none of the robot's keywords. */
  keywordAdded?: string;
  notDelivered?: NotDelivered;
}

export interface FileOptions extends SendOptions {
  /** The name the group sees; defaults to the file's own name. */
  fileName?: string;
  /** Send an image as an attachment instead of showing it in the chat. */
  asAttachment?: boolean;
}

export interface FileSendResult extends SendResult {
  mediaId: string;
  /** The name the group sees (a zipped file gets `.zip`). */
  sentName: string;
  /** `zip`: packed because DingTalk refuses the type; `fallback`: the robot refused files, a notice was sent. */
  sentAs: 'file' | 'zip' | 'image' | 'fallback';
  /** What the user should be told about how the file went, in both languages. */
  note?: ErrorText;
}
