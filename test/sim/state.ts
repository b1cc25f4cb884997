import { TokenStore } from './tokens';
import type { AppRobotSpec, AppSpec, DeliveredMessage, RecallRecord, UploadRecord, WebhookRobotSpec } from './types';

export interface WebhookRobot {
  spec: WebhookRobotSpec;
  /** Sim-clock times of the sends counted in the rolling rate window. */
  sendTimes: number[];
  throttledUntil: number;
  deliveredMsgUuids: Set<string>;
}

/** An app-robot message as recall and read status find it by its processQueryKey. */
export interface AppMessage {
  message: DeliveredMessage;
  /** One-to-one: the users it reached (those DingTalk knew). */
  recipients: string[];
  /** User id → sim-clock time of reading, in reading order. */
  readBy: Map<string, number>;
}

/** Everything the endpoint handlers read and change. */
export class SimState {
  clientIp = '127.0.0.1';
  clockOffset = 0;
  readonly webhookRobots = new Map<string, WebhookRobot>();
  readonly apps = new Map<string, AppSpec>();
  readonly appRobots = new Map<string, AppRobotSpec>();
  /** Every media id ever issued; survives reset() like server-side media would. */
  readonly media = new Map<string, UploadRecord>();
  readonly messages: DeliveredMessage[] = [];
  readonly appMessages = new Map<string, AppMessage>();
  readonly recalls: RecallRecord[] = [];
  readonly uploads: UploadRecord[] = [];
  readonly tokens: TokenStore;

  constructor(
    private readonly baseClock: () => number,
    readonly rateLimit: boolean,
    tokenTtlSeconds: number,
    readonly acceptsTxt: boolean,
  ) {
    this.tokens = new TokenStore(tokenTtlSeconds);
  }

  now(): number {
    return this.baseClock() + this.clockOffset;
  }

  resetRecords(): void {
    this.messages.length = 0;
    this.appMessages.clear();
    this.recalls.length = 0;
    this.uploads.length = 0;
    this.tokens.issued.oapi = 0;
    this.tokens.issued.oauth2 = 0;
    for (const robot of this.webhookRobots.values()) {
      robot.sendTimes = [];
      robot.throttledUntil = 0;
      robot.deliveredMsgUuids.clear();
    }
  }
}
