import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { systemClock, type Clock } from './clock';
import {
  cancelledError,
  DingTalkError,
  errorFromServer,
  inputError,
  isAbort,
  isRateLimited,
  isTokenRejected,
  type ErrorText,
} from './errors';
import { ensureKeyword } from './keywords';
import { redactingLogger, silentLogger, type Logger } from './logger';
import {
  extensionOf,
  fileSize,
  isImageFile,
  isSendableFile,
  MEDIA_LIMITS,
  multipartBody,
  tooLarge,
  validateMedia,
  zipFile,
  type MediaType,
} from './media';
import * as build from './messages';
import { toAppMessage, toWebhookBody, type Mentions, type Message } from './messages';
import { RateLimiter, type QueueStats, type RateLimitOptions } from './rateLimiter';
import { Redactor } from './redact';
import { apiBase, oapiBase, robotKey, validateRobot, type AppRobot, type Robot, type WebhookRobot } from './robot';
import { signedWebhookUrl } from './sign';
import { MAX_APP_PARAM_BYTES, MAX_WEBHOOK_BODY_BYTES, planMarkdown, planText, type PlannedParts } from './parts';
import { TokenCache, type AppCredentials, type IssuedToken, type TokenKind } from './tokens';
import { neverSent, Transport, type HttpResponse, type TransportOptions } from './transport';

const MAX_USER_IDS = 20;

/** Waits after DingTalk says "too fast"; it throttles a robot for 10 minutes, so the last wait covers that. */
const RATE_BACKOFF_MS = [60_000, 120_000, 240_000, 600_000];

/** A file on disk, with the name the group sees and the size measured before sending. */
interface UploadSource {
  path: string;
  name: string;
  size: number;
}

interface Delivered {
  ids: string[];
  notDelivered?: { invalid: string[]; flowControlled: string[] };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export type ClientEvent =
  | { type: 'queue'; robot: string; stats: QueueStats }
  | { type: 'rateLimited'; robot: string; code: string; resumeAt: number }
  | { type: 'retrying'; attempt: number; delayMs: number; reason: string };

export interface RetryOptions {
  /** Tries in all for a transient failure (network, busy, 5xx). */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
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
}

export interface TextOptions extends SendOptions {
  at?: Mentions;
  /** Skip the parts before this one (0-based): resumes a split send that failed midway. */
  resumeFrom?: number;
}

export interface SendResult {
  /** How many messages went out (a long text is split into numbered parts). */
  parts: number;
  /** The webhook msgUuid or app processQueryKey of each message. */
  ids: string[];
  /** The keyword added because the content had none of the robot's keywords. */
  keywordAdded?: string;
  /** One-to-one sends: user ids DingTalk did not deliver to (unknown, or over their own limit). */
  notDelivered?: { invalid: string[]; flowControlled: string[] };
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

interface OapiAnswer {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

function parseJson(response: HttpResponse): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(response.text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function httpError(response: HttpResponse): DingTalkError {
  const server = response.status >= 500;
  return new DingTalkError({
    code: `HTTP ${response.status}`,
    category: server ? 'server' : 'content',
    retryable: server,
    httpStatus: response.status,
    text: server
      ? { en: `DingTalk answered with a server error (HTTP ${response.status}). Try again in a moment.`, zh: `钉钉返回服务器错误（HTTP ${response.status}），请稍后重试。` }
      : { en: `DingTalk answered HTTP ${response.status} unexpectedly. Check the robot's URL and the endpoint settings.`, zh: `钉钉意外返回 HTTP ${response.status}。请检查机器人地址与接口地址设置。` },
  });
}

function needsApp(): DingTalkError {
  return inputError(
    'needsAppCredentials',
    'Sending files and images through a webhook robot needs an app\'s AppKey and AppSecret (to upload). Add them to the robot, or use an enterprise app robot.',
    '通过 Webhook 机器人发送文件和图片需要应用的 AppKey 与 AppSecret（用于上传）。请为机器人补充，或改用企业内部应用机器人。',
  );
}

/**
 * Sends messages, files and images to DingTalk robots as the real servers demand: signed, within
 * size and rate limits, retried safely, with tokens cached. Hosts hand in clock, logger and options.
 */
export class DingTalkClient {
  private readonly clock: Clock;
  private readonly redactor = new Redactor();
  private readonly logger: Logger;
  private readonly transport: Transport;
  private readonly limiter?: RateLimiter;
  private readonly tokens: TokenCache;
  private readonly retry: Required<RetryOptions>;
  private readonly emit: (event: ClientEvent) => void;

  constructor(options: DingTalkClientOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = redactingLogger(options.logger ?? silentLogger, this.redactor);
    this.transport = new Transport(options.transport ?? {}, this.logger);
    this.emit = options.onEvent ?? (() => undefined);
    if (options.rateLimit !== false) {
      this.limiter = new RateLimiter(this.clock, options.rateLimit, (robot, stats) => this.emit({ type: 'queue', robot, stats }));
    }
    this.tokens = new TokenCache((kind, base, app) => this.fetchToken(kind, base, app), this.clock);
    this.retry = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, ...options.retry };
  }

  /** Sends one message as it is (no splitting). A keyword is added when the robot needs one. */
  async send(robot: Robot, message: Message, options: SendOptions = {}): Promise<SendResult> {
    this.prepare(robot);
    const sent = robot.kind === 'webhook' ? ensureKeyword(message, robot.keywords) : { message };
    const delivered = await this.deliver(robot, sent.message, options);
    return { parts: 1, ...delivered, keywordAdded: sent.keywordAdded };
  }

  /** Sends text, split into numbered parts when it is over DingTalk's size limit. */
  async sendText(robot: Robot, content: string, options: TextOptions = {}): Promise<SendResult> {
    this.prepare(robot);
    return this.sendParts(robot, planText(robot, content, options.at), options);
  }

  /**
   * Sends markdown, split into numbered parts when over the size limit: cut before a heading where one
   * is near the limit, else at a paragraph, code fences kept balanced in every part.
   */
  async sendMarkdown(robot: Robot, title: string, text: string, options: TextOptions = {}): Promise<SendResult> {
    this.prepare(robot);
    return this.sendParts(robot, planMarkdown(robot, title, text, options.at), options);
  }

  /**
   * Uploads a file and sends it as a file message. Images show in the chat unless `asAttachment`;
   * types DingTalk refuses are zipped; a webhook robot that refuses files gets a notice instead.
   */
  async sendFile(robot: Robot, filePath: string, options: FileOptions = {}): Promise<FileSendResult> {
    this.prepare(robot);
    const name = options.fileName ?? basename(filePath);
    const size = await fileSize(filePath);
    if (robot.kind === 'webhook' && !(robot.appKey && robot.appSecret)) {
      throw needsApp();
    }
    if (size > MEDIA_LIMITS.file.maxBytes) {
      throw tooLarge(name, size, MEDIA_LIMITS.file.maxBytes);
    }
    const file: UploadSource = { path: filePath, name, size };
    if (isImageFile(name)) {
      return options.asAttachment ? this.sendUploaded(robot, file, 'image', 'file', options) : this.sendImage(robot, file, options);
    }
    if (isSendableFile(name)) {
      try {
        return await this.sendUploaded(robot, file, 'file', 'file', options);
      } catch (error) {
        // txt is only reported to work; when DingTalk refuses the type, zipping still gets it there.
        if (!(error instanceof DingTalkError && (error.code === 40004 || error.code === 40005)) || extensionOf(name) === 'zip') {
          throw error;
        }
      }
    }
    const zipped = await zipFile(filePath, name);
    try {
      if (zipped.size > MEDIA_LIMITS.file.maxBytes) {
        throw tooLarge(zipped.name, zipped.size, MEDIA_LIMITS.file.maxBytes);
      }
      const result = await this.sendUploaded(robot, zipped, 'file', 'zip', options);
      return {
        ...result,
        note: result.note ?? {
          en: `DingTalk does not accept .${extensionOf(name) || name} files, so ${name} was sent as ${zipped.name}.`,
          zh: `钉钉不接受 .${extensionOf(name) || name} 文件，已将 ${name} 打包为 ${zipped.name} 发送。`,
        },
      };
    } finally {
      await zipped.dispose();
    }
  }

  /** Uploads a file to DingTalk's media store and returns its media_id. */
  async uploadMedia(robot: Robot, filePath: string, type: MediaType, options: { fileName?: string; signal?: AbortSignal } = {}): Promise<string> {
    this.prepare(robot);
    const file = { path: filePath, name: options.fileName ?? basename(filePath), size: await fileSize(filePath) };
    return this.upload(robot, file, type, options.signal);
  }

  /** What the robot was validated for and the file measured by the caller: uploads it as it is. */
  private upload(robot: Robot, file: UploadSource, type: MediaType, signal?: AbortSignal): Promise<string> {
    const app = appCredentials(robot);
    validateMedia(type, file.name, file.size);
    const base = oapiBase(robot);
    return this.withToken('oapi', base, app, (token) =>
      this.withRetry(signal, () => true, async () => {
        const multipart = multipartBody(file.path, file.name, type, file.size);
        const response = await this.transport
          .send({
            method: 'POST',
            url: `${base}/media/upload?access_token=${encodeURIComponent(token)}&type=${type}`,
            headers: multipart.headers,
            body: multipart.body,
            signal,
            timeoutMs: this.transport.uploadTimeoutMs,
          })
          .finally(multipart.dispose);
        const answer = this.oapiAnswer(response);
        if (typeof answer.media_id !== 'string') {
          throw this.unexpected(response);
        }
        return answer.media_id;
      }),
    );
  }

  /** What waits in the rate-limit queue for this robot. */
  queueStats(robot: Robot): QueueStats {
    return this.limiter?.stats(robotKey(robot)) ?? { queued: 0, expectedWaitMs: 0 };
  }

  /** Closes kept-alive connections. */
  close(): Promise<void> {
    return this.transport.close();
  }

  private prepare(robot: Robot): void {
    validateRobot(robot);
    if (robot.kind === 'webhook') {
      this.redactor.add(new URL(robot.webhook).searchParams.get('access_token') ?? undefined, robot.secret);
    }
    this.redactor.add(robot.appSecret);
  }

  private async sendParts(robot: Robot, plan: PlannedParts, options: TextOptions): Promise<SendResult> {
    const { messages } = plan;
    const result: SendResult = { parts: messages.length, ids: [], keywordAdded: plan.keywordAdded };
    for (const [index, message] of messages.entries()) {
      if (index < (options.resumeFrom ?? 0)) {
        continue;
      }
      try {
        const delivered = await this.deliver(robot, message, options);
        result.ids.push(...delivered.ids);
        result.notDelivered = delivered.notDelivered;
      } catch (error) {
        if (error instanceof DingTalkError && index > 0) {
          error.partial = { sent: index, total: messages.length, ids: result.ids };
        }
        throw error;
      }
    }
    return result;
  }

  private async sendImage(robot: Robot, file: UploadSource, options: FileOptions): Promise<FileSendResult> {
    const { name } = file;
    const mediaId = await this.upload(robot, file, 'image', options.signal);
    const sent =
      robot.kind === 'webhook'
        ? await this.send(robot, build.markdown(name, `![${name}](${mediaId})`), options)
        : await this.send(robot, build.image(mediaId), options);
    return { ...sent, mediaId, sentName: name, sentAs: 'image' };
  }

  private async sendUploaded(
    robot: Robot,
    file: UploadSource,
    type: MediaType,
    sentAs: 'file' | 'zip',
    options: FileOptions,
  ): Promise<FileSendResult> {
    const { name } = file;
    const mediaId = await this.upload(robot, file, type, options.signal);
    const message = build.file(mediaId, name, extensionOf(name));
    try {
      const sent = await this.send(robot, message, options);
      return { ...sent, mediaId, sentName: name, sentAs };
    } catch (error) {
      if (robot.kind !== 'webhook' || !(error instanceof DingTalkError && error.code === 400105)) {
        throw error;
      }
      const notice = build.markdown(
        name,
        `📎 **${name}** was shared from VS Code, but this group robot cannot post files.\n\n` +
          `📎 已从 VS Code 分享文件 **${name}**，但该群机器人不能发送文件。`,
      );
      const sent = await this.send(robot, notice, options);
      return {
        ...sent,
        mediaId,
        sentName: name,
        sentAs: 'fallback',
        note: {
          en: `This robot does not accept files, so the group got a notice naming ${name} instead. An enterprise app robot sends files reliably.`,
          zh: `该机器人不接受文件，群里收到的是一条提到 ${name} 的通知。企业内部应用机器人可以稳定发送文件。`,
        },
      };
    }
  }

  /** One message through the rate limiter, retried on transient failures and on "too fast". */
  private async deliver(robot: Robot, message: Message, options: SendOptions): Promise<Delivered> {
    if (robot.kind === 'app') {
      return this.deliverApp(robot, message, options);
    }
    const body = { ...toWebhookBody(message), msgUuid: randomUUID() };
    const text = JSON.stringify(body);
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_WEBHOOK_BODY_BYTES) {
      throw tooLong(bytes, MAX_WEBHOOK_BODY_BYTES);
    }
    const key = robotKey(robot);
    await this.withRetry(options.signal, () => true, () => this.limitedSend(key, options.signal, () => this.postWebhook(robot, text, options.signal)));
    return { ids: [body.msgUuid] };
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
      const delivered: Delivered = { ids: [], notDelivered: { invalid: [], flowControlled: [] } };
      for (let i = 0; i < options.userIds.length; i += MAX_USER_IDS) {
        const userIds = options.userIds.slice(i, i + MAX_USER_IDS);
        const key = robotKey(robot, `oto:${userIds.join(',')}`);
        const body = { robotCode: robot.robotCode, userIds, msgKey, msgParam };
        const answer = await this.appPost(key, base, app, '/v1.0/robot/oToMessages/batchSend', body, options.signal);
        delivered.ids.push(String(answer.processQueryKey ?? ''));
        delivered.notDelivered?.invalid.push(...stringList(answer.invalidStaffIdList));
        delivered.notDelivered?.flowControlled.push(...stringList(answer.flowControlledStaffIdList));
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
    const answer = await this.appPost(robotKey(robot), base, app, '/v1.0/robot/groupMessages/send', body, options.signal);
    return { ids: [String(answer.processQueryKey ?? '')] };
  }

  private appPost(key: string, base: string, app: AppCredentials, path: string, body: object, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const text = JSON.stringify(body);
    return this.withToken('oauth2', base, app, (token) =>
      // Without an idempotency key, only a send that certainly never arrived, or that DingTalk said it
      // could not take, is repeated: anything else might post twice.
      this.withRetry(
        signal,
        (error) => neverSent(error) || error.code === 'ServiceUnavailable',
        () =>
          this.limitedSend(key, signal, async () => {
            const response = await this.transport.send({
              method: 'POST',
              url: `${base}${path}`,
              headers: { 'content-type': 'application/json; charset=utf-8', 'x-acs-dingtalk-access-token': token },
              body: text,
              signal,
            });
            return this.apiAnswer(response);
          }),
      ),
    );
  }

  private async postWebhook(robot: WebhookRobot, body: string, signal?: AbortSignal): Promise<void> {
    // A fresh timestamp per request: a retry minutes later must not carry a stale signature.
    const url = signedWebhookUrl(robot.webhook, robot.secret, this.clock.now());
    const response = await this.transport.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      signal,
    });
    this.oapiAnswer(response);
  }

  /**
   * One request in a rate-limit slot of its own (a retry is a request DingTalk counts too); when
   * DingTalk still says "too fast", backs off and tries again.
   */
  private async limitedSend<T>(key: string, signal: AbortSignal | undefined, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const release = await this.limiter?.acquire(key, signal);
      try {
        return await send();
      } catch (error) {
        if (!isRateLimited(error) || attempt >= RATE_BACKOFF_MS.length) {
          throw error;
        }
        const resumeAt = this.clock.now() + RATE_BACKOFF_MS[attempt];
        this.logger.warn(`DingTalk throttles ${key.split(':')[0]} robot: waiting ${RATE_BACKOFF_MS[attempt] / 1000} s`);
        this.emit({ type: 'rateLimited', robot: key, code: String((error as DingTalkError).code), resumeAt });
        if (this.limiter) {
          this.limiter.pause(key, resumeAt);
        } else {
          await this.sleep(RATE_BACKOFF_MS[attempt], signal);
        }
      } finally {
        release?.();
      }
    }
  }

  private async withRetry<T>(signal: AbortSignal | undefined, mayRepeat: (error: DingTalkError) => boolean, task: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await task();
      } catch (error) {
        const retry = error instanceof DingTalkError && error.retryable && mayRepeat(error) && attempt < this.retry.attempts;
        if (!retry) {
          throw error;
        }
        const delayMs = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
        this.logger.info(`retrying after ${error.code} in ${Math.round(delayMs)} ms (attempt ${attempt + 1} of ${this.retry.attempts})`);
        this.emit({ type: 'retrying', attempt: attempt + 1, delayMs, reason: String(error.code) });
        await this.sleep(delayMs, signal);
      }
    }
  }

  /** Runs `task` with a cached token; when DingTalk refuses the token, fetches a new one and tries once more. */
  private async withToken<T>(kind: TokenKind, base: string, app: AppCredentials, task: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get(kind, base, app);
    try {
      return await task(token);
    } catch (error) {
      if (!isTokenRejected(error)) {
        throw error;
      }
      this.logger.info(`${kind} token refused; fetching a new one`);
      this.tokens.invalidate(kind, base, app, token);
      return task(await this.tokens.get(kind, base, app));
    }
  }

  private async fetchToken(kind: TokenKind, base: string, app: AppCredentials): Promise<IssuedToken> {
    const issued = await this.withRetry(undefined, () => true, async (): Promise<IssuedToken> => {
      if (kind === 'oapi') {
        const query = new URLSearchParams({ appkey: app.appKey, appsecret: app.appSecret });
        const response = await this.transport.send({ method: 'GET', url: `${base}/gettoken?${query}` });
        const answer = this.oapiAnswer(response);
        if (typeof answer.access_token !== 'string') {
          throw this.unexpected(response);
        }
        return { token: answer.access_token, expiresInSeconds: Number(answer.expires_in ?? 7200) };
      }
      const response = await this.transport.send({
        method: 'POST',
        url: `${base}/v1.0/oauth2/accessToken`,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ appKey: app.appKey, appSecret: app.appSecret }),
      });
      const answer = this.apiAnswer(response);
      if (typeof answer.accessToken !== 'string') {
        throw this.unexpected(response);
      }
      return { token: answer.accessToken, expiresInSeconds: Number(answer.expireIn ?? 7200) };
    });
    this.redactor.add(issued.token);
    this.logger.info(`fetched a new ${kind} token, valid ${issued.expiresInSeconds} s`);
    return issued;
  }

  /** Reads an oapi answer: always check errcode, whatever the HTTP status says. */
  private oapiAnswer(response: HttpResponse): OapiAnswer {
    const answer = parseJson(response) as OapiAnswer | undefined;
    if (answer && typeof answer.errcode === 'number') {
      if (answer.errcode !== 0) {
        throw errorFromServer(answer.errcode, this.redactor.redact(String(answer.errmsg ?? '')), response.status);
      }
      return answer;
    }
    throw response.status === 200 ? this.unexpected(response) : httpError(response);
  }

  /** Reads an app API answer: 2xx is success, 4xx/5xx carry `{code, message}`. */
  private apiAnswer(response: HttpResponse): Record<string, unknown> {
    const answer = parseJson(response);
    if (response.status >= 200 && response.status < 300) {
      if (!answer) {
        throw this.unexpected(response);
      }
      return answer;
    }
    if (answer && typeof answer.code === 'string') {
      throw errorFromServer(answer.code, this.redactor.redact(String(answer.message ?? '')), response.status);
    }
    throw httpError(response);
  }

  private unexpected(response: HttpResponse): DingTalkError {
    return new DingTalkError({
      code: 'unexpectedAnswer',
      category: 'server',
      httpStatus: response.status,
      detail: this.redactor.redact(response.text.slice(0, 200)),
      text: {
        en: 'DingTalk gave an answer DingTalk Sender does not understand. Check the endpoint settings (a proxy or gateway may be in the way).',
        zh: '钉钉返回了无法识别的响应。请检查接口地址设置（可能被代理或网关拦截）。',
      },
    });
  }

  private async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await this.clock.sleep(ms, signal);
    } catch (error) {
      throw isAbort(error) ? cancelledError() : error;
    }
  }
}

function appCredentials(robot: Robot): AppCredentials {
  if (!robot.appKey || !robot.appSecret) {
    throw needsApp();
  }
  return { appKey: robot.appKey, appSecret: robot.appSecret };
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
