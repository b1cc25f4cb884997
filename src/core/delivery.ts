import { randomUUID } from 'node:crypto';
import { stringList, type Answers } from './answers';
import { appCredentials, type AppTokens } from './appTokens';
import type { NotDelivered, SendOptions, SendResult } from './clientTypes';
import type { ClientContext } from './context';
import { GROUP_SEND_PATH, JSON_HEADERS, ONE_TO_ONE_SEND_PATH } from './endpoints';
import { DingTalkError, inputError } from './errors';
import { ensureKeyword } from './keywords';
import { checkedMessage } from './mentions';
import { toAppMessage, toWebhookBody, type Message } from './messages';
import { ArrivalDoubt } from './outcome';
import { MAX_APP_PARAM_BYTES, MAX_WEBHOOK_BODY_BYTES } from './parts';
import type { Retry } from './retry';
import { apiBase, robotKey, type AppRobot, type Robot, type WebhookRobot } from './robot';
import { signedWebhookUrl } from './sign';
import type { AppCredentials } from './tokens';
import { neverSent } from './transport';

/** DingTalk takes at most this many user ids in one one-to-one send. */
const MAX_USER_IDS = 20;

export interface Delivered {
  ids: string[];
  notDelivered?: NotDelivered;
}

function tooLong(bytes: number, limit: number): DingTalkError {
  return new DingTalkError({
    code: 'messageTooLong',
    category: 'size',
    text: {
      en: `The message is ${bytes} bytes; DingTalk accepts at most ${limit}. Send it as text or markdown so it can be split, or send it as a file.`,
      zh: `消息大小为 ${bytes} 字节，钉钉最多接受 ${limit} 字节。请以文本或 Markdown 发送以便自动分段，或以文件形式发送。`,
    },
  });
}

/** Gets one message to a robot: through the rate limiter, signed or with a token, retried when that is safe. */
export class Delivery {
  constructor(
    private readonly context: ClientContext,
    private readonly answers: Answers,
    private readonly retry: Retry,
    private readonly tokens: AppTokens,
  ) {}

  /** Sends one message as it is (no splitting). A keyword is added when the robot needs one. */
  async send(robot: Robot, message: Message, options: SendOptions): Promise<SendResult> {
    const sent = robot.kind === 'webhook' ? ensureKeyword(message, robot.keywords) : { message };
    const msgUuid = robot.kind === 'webhook' ? (options.msgUuids?.[0] ?? randomUUID()) : undefined;
    try {
      const delivered = await this.deliver(robot, sent.message, options, msgUuid);
      return { parts: 1, ...delivered, keywordAdded: sent.keywordAdded };
    } catch (error) {
      if (error instanceof DingTalkError && msgUuid) {
        error.msgUuids = [msgUuid];
      }
      throw error;
    }
  }

  /**
   * One message, exactly as given (its @mentions checked). A webhook message carries `msgUuid` on every
   * try. A failure after a try that may have reached DingTalk is said as "may have arrived".
   */
  deliver(robot: Robot, message: Message, options: SendOptions, msgUuid: string = randomUUID()): Promise<Delivered> {
    const checked = checkedMessage(message);
    return robot.kind === 'app' ? this.deliverApp(robot, checked, options) : this.deliverWebhook(robot, checked, options, msgUuid);
  }

  private async deliverWebhook(robot: WebhookRobot, message: Message, options: SendOptions, msgUuid: string): Promise<Delivered> {
    const body = { ...toWebhookBody(message), msgUuid };
    const text = JSON.stringify(body);
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_WEBHOOK_BODY_BYTES) {
      throw tooLong(bytes, MAX_WEBHOOK_BODY_BYTES);
    }
    // The msgUuid makes a repeat harmless: DingTalk posts a message once whatever the tries.
    const doubt = new ArrivalDoubt();
    const plan = { signal: options.signal, mayRepeat: () => true };
    try {
      await this.retry.queued(robotKey(robot), plan, (timeoutMs) => doubt.watch(() => this.postWebhook(robot, text, timeoutMs, options.signal)));
    } catch (error) {
      throw doubt.settle(error, false);
    }
    return { ids: [body.msgUuid] };
  }

  private async postWebhook(robot: WebhookRobot, body: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    // A fresh timestamp per request: a retry minutes later must not carry a stale signature.
    const url = signedWebhookUrl(robot.webhook, robot.secret, this.context.clock.now());
    const response = await this.context.transport.send({ method: 'POST', url, headers: { ...JSON_HEADERS }, body, signal, timeoutMs });
    this.answers.webhook(response);
  }

  private async deliverApp(robot: AppRobot, message: Message, options: SendOptions): Promise<Delivered> {
    const { msgKey, msgParam } = toAppMessage(message);
    const bytes = Buffer.byteLength(msgParam);
    if (bytes > MAX_APP_PARAM_BYTES) {
      throw tooLong(bytes, MAX_APP_PARAM_BYTES);
    }
    const base = apiBase(robot);
    const app = appCredentials(robot);
    if (options.userIds?.length) {
      const delivered = { ids: [] as string[], notDelivered: { invalid: [] as string[], flowControlled: [] as string[] } };
      for (let i = 0; i < options.userIds.length; i += MAX_USER_IDS) {
        const userIds = options.userIds.slice(i, i + MAX_USER_IDS);
        const body = { robotCode: robot.robotCode, userIds, msgKey, msgParam };
        const answer = await this.appPost(robotKey(robot), base, app, ONE_TO_ONE_SEND_PATH, body, options.signal);
        delivered.ids.push(String(answer.processQueryKey ?? ''));
        delivered.notDelivered.invalid.push(...stringList(answer.invalidStaffIdList));
        delivered.notDelivered.flowControlled.push(...stringList(answer.flowControlledStaffIdList));
      }
      return delivered;
    }
    if (!robot.openConversationId) {
      throw inputError(
        'missingConversation',
        'The app robot has no group (openConversationId). Edit the robot and enter it, or send to user ids.',
        '应用机器人缺少群会话 ID（openConversationId）。请编辑机器人填写，或改为发送给指定用户。',
      );
    }
    const body = { robotCode: robot.robotCode, openConversationId: robot.openConversationId, msgKey, msgParam };
    const answer = await this.appPost(robotKey(robot), base, app, GROUP_SEND_PATH, body, options.signal);
    return { ids: [String(answer.processQueryKey ?? '')] };
  }

  private async appPost(key: string, base: string, app: AppCredentials, path: string, body: object, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const text = JSON.stringify(body);
    const doubt = new ArrivalDoubt();
    // No idempotency key exists: only a send that certainly never reached DingTalk is repeated (a
    // throttle answer, a refused token and a failed connect are); "busy", 5xx or a timeout may come
    // after DingTalk posted the message, and repeating those would post it twice.
    const plan = { signal, mayRepeat: (error: DingTalkError) => doubt.cameFromRequest(error) && neverSent(error) };
    try {
      const post = (token: string, timeoutMs: number) =>
        doubt.watch(async () => {
          const response = await this.context.transport.send({
            method: 'POST',
            url: `${base}${path}`,
            headers: { ...JSON_HEADERS, 'x-acs-dingtalk-access-token': token },
            body: text,
            signal,
            timeoutMs,
          });
          return this.answers.api(response);
        });
      return await this.retry.queued(key, plan, (timeoutMs) => this.tokens.withToken('oauth2', base, app, (token) => post(token, timeoutMs), { robot: key, signal }));
    } catch (error) {
      throw doubt.settle(error, true);
    }
  }
}
