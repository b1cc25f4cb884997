import { randomUUID } from 'node:crypto';
import { stringList, type Answers } from './answers';
import { appCredentials, type AppTokens } from './appTokens';
import type { NotDelivered, SendOptions, SendResult } from './clientTypes';
import type { ClientContext } from './context';
import { GROUP_SEND_PATH, JSON_HEADERS, ONE_TO_ONE_SEND_PATH } from './endpoints';
import { DingTalkError, inputError } from './errors';
import { ensureKeyword } from './keywords';
import { toAppMessage, toWebhookBody, type Message } from './messages';
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
    const delivered = await this.deliver(robot, sent.message, options);
    return { parts: 1, ...delivered, keywordAdded: sent.keywordAdded };
  }

  /** One message, exactly as given. */
  deliver(robot: Robot, message: Message, options: SendOptions): Promise<Delivered> {
    return robot.kind === 'app' ? this.deliverApp(robot, message, options) : this.deliverWebhook(robot, message, options);
  }

  private async deliverWebhook(robot: WebhookRobot, message: Message, options: SendOptions): Promise<Delivered> {
    const body = { ...toWebhookBody(message), msgUuid: randomUUID() };
    const text = JSON.stringify(body);
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_WEBHOOK_BODY_BYTES) {
      throw tooLong(bytes, MAX_WEBHOOK_BODY_BYTES);
    }
    // The msgUuid makes a repeat harmless: DingTalk posts a message once whatever the tries.
    await this.retry.transient(options.signal, () => true, () =>
      this.retry.rateLimited(robotKey(robot), options.signal, () => this.postWebhook(robot, text, options.signal)),
    );
    return { ids: [body.msgUuid] };
  }

  private async postWebhook(robot: WebhookRobot, body: string, signal?: AbortSignal): Promise<void> {
    // A fresh timestamp per request: a retry minutes later must not carry a stale signature.
    const url = signedWebhookUrl(robot.webhook, robot.secret, this.context.clock.now());
    const response = await this.context.transport.send({ method: 'POST', url, headers: { ...JSON_HEADERS }, body, signal });
    this.answers.oapi(response);
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
        const key = robotKey(robot, `oto:${userIds.join(',')}`);
        const body = { robotCode: robot.robotCode, userIds, msgKey, msgParam };
        const answer = await this.appPost(key, base, app, ONE_TO_ONE_SEND_PATH, body, options.signal);
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

  private appPost(key: string, base: string, app: AppCredentials, path: string, body: object, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const text = JSON.stringify(body);
    return this.tokens.withToken('oauth2', base, app, (token) =>
      // Without an idempotency key, only a send that certainly never arrived, or that DingTalk said it
      // could not take, is repeated: anything else might post twice.
      this.retry.transient(
        signal,
        (error) => neverSent(error) || error.code === 'ServiceUnavailable',
        () =>
          this.retry.rateLimited(key, signal, async () => {
            const response = await this.context.transport.send({
              method: 'POST',
              url: `${base}${path}`,
              headers: { ...JSON_HEADERS, 'x-acs-dingtalk-access-token': token },
              body: text,
              signal,
            });
            return this.answers.api(response);
          }),
      ),
    );
  }
}
