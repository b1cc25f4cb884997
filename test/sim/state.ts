import { TokenStore } from './tokens';
import type { AppRobotSpec, AppSpec, DeliveredMessage, UploadRecord, WebhookRobotSpec } from './types';

export interface WebhookRobot {
  spec: WebhookRobotSpec;
  /** Sim-clock times of the sends counted in the rolling rate window. */
  sendTimes: number[];
  throttledUntil: number;
  deliveredMsgUuids: Set<string>;
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
