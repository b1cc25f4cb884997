/* eslint-disable @typescript-eslint/no-explicit-any -- message bodies are arbitrary JSON that tests index freely */
import type { ClientView } from './clientView';

export interface SimulatorOptions {
  /** Clock in epoch ms; default Date.now. Tests pass a virtual clock. */
  now?: () => number;
  /** Default true; false turns off the 20 sends/minute rule (benchmarks). */
  rateLimit?: boolean;
  /** Default 7200, for both token kinds. */
  tokenTtlSeconds?: number;
  /** Default 0 (ephemeral); the simulator always binds 127.0.0.1. */
  port?: number;
  /** Default true. txt is only reported to work; false answers a txt upload 40004, as a stricter server would. */
  acceptsTxt?: boolean;
}

export interface WebhookRobotSpec {
  accessToken: string;
  secret?: string;
  keywords?: string[];
  ipAllowList?: string[];
  disabled?: boolean;
  dissolved?: boolean;
  /** Default true; false => file/image msgtype answered 400105. */
  acceptsFiles?: boolean;
}

export interface AppSpec {
  appKey: string;
  appSecret: string;
  /** The permissions granted to the app; default: all. The app-robot routes need `qyapi_robot_sendmsg`. */
  permissions?: string[];
}

export interface AppRobotSpec {
  robotCode: string;
  appKey: string;
  openConversationIds: string[];
  /** The staff a one-to-one send reaches; others come back in invalidStaffIdList. Default: everyone. */
  staffIds?: string[];
  /** Display names one-to-one read status reports; default: the user id. */
  staffNames?: Record<string, string>;
}

export type FaultKind = 'latency' | 'status' | 'reset' | 'resetAfterProcessing' | 'busy' | 'hang' | 'throttle';

/**
 * How a throttle answers (docs/dingtalk-api.md §8.2, §8.3): `code`, the route's own throttle code
 * (the default); or DingTalk's gateway instead of the API: its JSON body `{"status":1111,"wait":5,
 * "punish":"deny"}` (`gateway`), the same with the webhook's errcode 130101 (`gatewayWithErrcode`),
 * an HTTP 302 (`redirect`) or an HTML page (`html`).
 */
export type ThrottleForm = 'code' | 'gateway' | 'gatewayWithErrcode' | 'redirect' | 'html';

export interface FaultSpec {
  kind: FaultKind;
  /** Matched against the URL pathname as a prefix; default: any path. */
  path?: string;
  /** Default 1. */
  times?: number;
  /** Matching requests to let through before the fault applies; default 0. */
  skip?: number;
  /** For latency. */
  ms?: number;
  /** For status; default 503. */
  status?: number;
  /** For status: the answer is an HTML error page, as a proxy or load balancer in front of DingTalk gives (nginx's "502 Bad Gateway"). */
  html?: boolean;
  /**
   * status, busy, hang, throttle: the request is processed first (a message is posted), then the fault
   * replaces the answer, as when DingTalk's answer is lost or wrong after it took the message.
   */
  afterProcessing?: boolean;
  /** For throttle: how the answer looks; default `code`. */
  form?: ThrottleForm;
  /** For throttle with form `gateway` or `gatewayWithErrcode`: the body's `wait` (minutes, as the example of the 5-minute block says 5); default 5. */
  wait?: number;
}

export interface RecordedFile {
  field: string;
  filename: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface RecordedRequest {
  id: number;
  connectionId: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** JSON (non-multipart) bodies only. */
  bodyText?: string;
  multipart?: { fields: Record<string, string>; file?: RecordedFile };
  /** 0 while unanswered, and when the socket was reset or the request hangs. */
  status: number;
  answer: unknown;
  /** Sim clock at arrival. */
  at: number;
}

export interface DeliveredMessage {
  channel: 'webhook' | 'group' | 'oto';
  /** accessToken or robotCode. */
  robot: string;
  /** msgtype or msgKey. */
  type: string;
  /** webhook: parsed JSON body; app: parsed msgParam object. */
  body: any;
  /** A markdown message: what the desktop and the phone show for it. */
  view?: ClientView;
  /** The whole parsed request body. */
  raw: any;
  msgUuid?: string;
  /** App robot: the key its send answered with, unique per message. */
  processQueryKey?: string;
  conversation?: string;
  /** One-to-one: the user ids the send named (recipients DingTalk did not know included). */
  userIds?: string[];
  at: number;
  /** Sim-clock time it was recalled. */
  recalledAt?: number;
}

/** A message taken back through a recall route. */
export interface RecallRecord {
  processQueryKey: string;
  channel: 'group' | 'oto';
  robot: string;
  conversation?: string;
  userIds?: string[];
  /** Sim-clock times of the send and the recall. */
  sentAt: number;
  at: number;
}

/** Counts since start or the last reset(), as plain data that can cross a process boundary. */
export interface SimulatorStats {
  /** TCP connections accepted. */
  connections: number;
  /** Requests recorded (the simulator's own page and feed are not). */
  requests: number;
  /** Requests per route, keyed like `POST /robot/send`. */
  byRoute: Record<string, number>;
  messages: number;
  uploads: number;
  tokensIssued: { oapi: number; oauth2: number };
  /** Requests answered "sending too fast" (errcode 130101 or 410100). */
  rateLimited: number;
}

export interface UploadRecord {
  mediaId: string;
  type: string;
  filename: string;
  size: number;
  sha256: string;
  /** The bytes as they arrived (images, and files up to 1 MB), so a test can decode the picture or read the file. */
  bytes?: Buffer;
}
