import { DingTalkClient, type DingTalkClientOptions } from '../../src/core/client';
import type { Logger } from '../../src/core/logger';
import type { AppRobot, WebhookRobot } from '../../src/core/robot';
import { DingTalkSimulator, type SimulatorOptions } from '../sim/simulator';
import { VirtualClock } from './virtualClock';

/** Made-up credentials: none of these is, or looks like, a real DingTalk value. */
export const FAKE = {
  token: '0'.repeat(64),
  signedToken: '1'.repeat(64),
  keywordToken: '2'.repeat(64),
  secret: `SECtest${'0'.repeat(57)}`,
  appKey: 'dingtestappkey',
  appSecret: `testappsecret${'0'.repeat(51)}`,
  robotCode: 'dingtestrobot',
  conversation: 'cidTestConversation==',
} as const;

/** A logger that keeps every line, so tests can search the log for secrets. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  debug(m: string): void {
    this.lines.push(m);
  }
  info(m: string): void {
    this.lines.push(m);
  }
  warn(m: string): void {
    this.lines.push(m);
  }
  error(m: string): void {
    this.lines.push(m);
  }
}

export interface Harness {
  sim: DingTalkSimulator;
  clock: VirtualClock;
  log: CapturingLogger;
  client: DingTalkClient;
  /** A plain webhook robot with app credentials for uploads. */
  webhook: WebhookRobot;
  /** A webhook robot with signing on. */
  signed: WebhookRobot;
  /** A webhook robot with the keyword "DingTalk". */
  keyword: WebhookRobot;
  app: AppRobot;
  /** A second client on the same simulator and clock. */
  newClient(options?: DingTalkClientOptions): DingTalkClient;
  stop(): Promise<void>;
}

/** The simulator with one robot of each kind, a virtual clock shared by both sides, and a client. */
export async function startHarness(options: DingTalkClientOptions = {}, simOptions: SimulatorOptions = {}): Promise<Harness> {
  const clock = new VirtualClock();
  const sim = await DingTalkSimulator.start({ now: () => clock.now(), ...simOptions });
  sim.addWebhookRobot({ accessToken: FAKE.token });
  sim.addWebhookRobot({ accessToken: FAKE.signedToken, secret: FAKE.secret });
  sim.addWebhookRobot({ accessToken: FAKE.keywordToken, keywords: ['DingTalk'] });
  sim.addApp({ appKey: FAKE.appKey, appSecret: FAKE.appSecret });
  sim.addAppRobot({ robotCode: FAKE.robotCode, appKey: FAKE.appKey, openConversationIds: [FAKE.conversation] });
  const log = new CapturingLogger();
  const clients: DingTalkClient[] = [];
  const newClient = (extra: DingTalkClientOptions = {}): DingTalkClient => {
    const client = new DingTalkClient({ clock, logger: log, retry: { baseDelayMs: 10 }, ...options, ...extra });
    clients.push(client);
    return client;
  };
  const app = { appKey: FAKE.appKey, appSecret: FAKE.appSecret };
  return {
    sim,
    clock,
    log,
    client: newClient(),
    webhook: { kind: 'webhook', webhook: sim.webhookUrl(FAKE.token), ...app },
    signed: { kind: 'webhook', webhook: sim.webhookUrl(FAKE.signedToken), secret: FAKE.secret },
    keyword: { kind: 'webhook', webhook: sim.webhookUrl(FAKE.keywordToken), keywords: ['DingTalk'] },
    app: {
      kind: 'app',
      ...app,
      robotCode: FAKE.robotCode,
      openConversationId: FAKE.conversation,
      apiBaseUrl: sim.origin,
      oapiBaseUrl: sim.origin,
    },
    newClient,
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      await sim.stop();
    },
  };
}
