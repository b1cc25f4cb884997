import { basename } from 'node:path';
import { Answers } from './answers';
import { AppTokens } from './appTokens';
import type { DingTalkClientOptions, FileOptions, FileSendResult, SendOptions, SendResult, TextOptions } from './clientTypes';
import { systemClock } from './clock';
import type { ClientContext } from './context';
import { Delivery } from './delivery';
import { FilePolicy } from './filePolicy';
import { redactingLogger, silentLogger } from './logger';
import { checkedMentions } from './mentions';
import { fileSize, type MediaType } from './media';
import type { Message } from './messages';
import { planMarkdown, planText } from './parts';
import { sendParts } from './partsSend';
import { RateLimiter, type QueueStats } from './rateLimiter';
import type { AppApiPorts } from './recall/appCall';
import { groupReadStatus, oneToOneReadStatus, type GroupReadOptions, type GroupReadStatus, type OneToOneReadStatus, type ReadStatusOptions } from './recall/readStatus';
import { recallGroupMessages, recallOneToOneMessages, type GroupRecallTarget, type RecallOptions, type RecallResult, type SentPart } from './recall/recall';
import { Redactor } from './redact';
import { Retry } from './retry';
import { robotKey, validateRobot, type Robot } from './robot';
import { Transport } from './transport';
import { Uploads } from './uploads';

export type { ClientEvent, DingTalkClientOptions, FileOptions, FileSendResult, RetryOptions, SendOptions, SendResult, TextOptions } from './clientTypes';

/**
 * Sends messages, files and images to DingTalk robots as the real servers demand: signed, within
 * size and rate limits, retried safely, with tokens cached. Hosts hand in clock, logger and options.
 *
 * A facade: each job is a module of its own (delivery, filePolicy, uploads, appTokens, retry, answers,
 * partsSend, keywords, recall/); this class checks the robot, learns its secrets for redaction, and hands on.
 */
export class DingTalkClient {
  private readonly redactor = new Redactor();
  private readonly transport: Transport;
  private readonly limiter?: RateLimiter;
  private readonly delivery: Delivery;
  private readonly uploads: Uploads;
  private readonly files: FilePolicy;
  private readonly appApi: AppApiPorts;
  /** Operations under way (sends, uploads, recalls, read status). */
  private underWay = 0;
  private whenIdle?: () => void;
  private retiring?: Promise<void>;
  private closing?: Promise<void>;

  constructor(options: DingTalkClientOptions = {}) {
    const clock = options.clock ?? systemClock;
    const logger = redactingLogger(options.logger ?? silentLogger, this.redactor);
    this.transport = new Transport(options.transport ?? {}, logger);
    const emit = options.onEvent ?? (() => undefined);
    if (options.rateLimit !== false) {
      this.limiter = new RateLimiter(clock, options.rateLimit, (robot, stats) => emit({ type: 'queue', robot, stats }));
    }
    const context: ClientContext = { clock, logger, redactor: this.redactor, transport: this.transport, emit };
    const answers = new Answers(this.redactor);
    const retry = new Retry(context, options.retry, this.limiter);
    const tokens = new AppTokens(context, answers, retry);
    this.delivery = new Delivery(context, answers, retry, tokens);
    this.uploads = new Uploads(context, answers, retry, tokens);
    this.files = new FilePolicy(this.delivery, this.uploads);
    this.appApi = {
      clock,
      redactor: this.redactor,
      transport: this.transport,
      answers,
      // A pause already known is waited out before the token fetch too: it is a request to DingTalk as well.
      withToken: async (key, signal, base, app, task) => {
        await retry.afterKnownThrottle(key, signal);
        return tokens.withToken('oauth2', base, app, task, { robot: key, signal, outsideQueue: true });
      },
      // Under the robot's queue key: a throttle pauses the robot for every window, as a send's does, and is waited out.
      withRetry: async (key, signal, mayRepeat, task) => {
        await retry.afterKnownThrottle(key, signal);
        return retry.transient({ signal, mayRepeat, throttleKey: key }, () => task());
      },
    };
  }

  /** Sends one message as it is (no splitting). A keyword is added when the robot needs one. */
  send(robot: Robot, message: Message, options: SendOptions = {}): Promise<SendResult> {
    return this.track(robot, () => this.delivery.send(robot, message, options));
  }

  /** Sends text, split into numbered parts when it is over DingTalk's size limit. */
  sendText(robot: Robot, content: string, options: TextOptions = {}): Promise<SendResult> {
    return this.track(robot, () => sendParts(this.delivery, robot, planText(robot, content, checkedMentions(options.at)), options));
  }

  /**
   * Sends markdown, split into numbered parts when over the size limit: cut before a heading where one
   * is near the limit, else at a paragraph, code fences kept balanced in every part.
   */
  sendMarkdown(robot: Robot, title: string, text: string, options: TextOptions = {}): Promise<SendResult> {
    return this.track(robot, () => sendParts(this.delivery, robot, planMarkdown(robot, title, text, checkedMentions(options.at)), options));
  }

  /**
   * Uploads a file and sends it as a file message. Images show in the chat unless `asAttachment`;
   * types DingTalk refuses are zipped; a webhook robot that refuses files gets a notice instead.
   */
  sendFile(robot: Robot, filePath: string, options: FileOptions = {}): Promise<FileSendResult> {
    return this.track(robot, () => this.files.send(robot, filePath, options));
  }

  /** Uploads a file to DingTalk's media store and returns its media_id. */
  uploadMedia(robot: Robot, filePath: string, type: MediaType, options: { fileName?: string; signal?: AbortSignal } = {}): Promise<string> {
    return this.track(robot, async () => {
      const file = { path: filePath, name: options.fileName ?? basename(filePath), size: await fileSize(filePath) };
      return this.uploads.upload(robot, file, type, options.signal);
    });
  }

  /**
   * Gets ready for an upload the host knows is coming (while its user still reviews a file send, say):
   * fetches the token it takes and opens the connection (TCP and TLS), so that the upload starts at
   * once. Never fails: what goes wrong is the upload's to report. It waits for nothing: while the robot is paused
   * it asks nothing, and a throttle answer pauses the robot, which the upload then waits out and tells.
   */
  async prepareUpload(robot: Robot): Promise<void> {
    try {
      await this.track(robot, () => this.uploads.prepare(robot));
    } catch {
      // The upload fetches the token again, and reports its failure.
    }
  }

  /**
   * App robots: takes back every part of a group send, by the keys its send answered with, in the
   * group it went to. Parts DingTalk refuses come back in `refused` with its reason.
   */
  recallGroup(robot: Robot, target: GroupRecallTarget, options?: RecallOptions): Promise<RecallResult> {
    return this.track(undefined, () => recallGroupMessages(this.appApi, robot, target, options));
  }

  /** App robots: takes back the parts of a one-to-one send still within DingTalk's 24 hours. */
  recallOneToOne(robot: Robot, parts: SentPart[], options?: RecallOptions): Promise<RecallResult> {
    return this.track(undefined, () => recallOneToOneMessages(this.appApi, robot, parts, options));
  }

  /** App robots: who has read a group message (every page, up to `maxReaders`). */
  groupReadStatus(robot: Robot, message: { processQueryKey: string; openConversationId?: string }, options?: GroupReadOptions): Promise<GroupReadStatus> {
    return this.track(undefined, () => groupReadStatus(this.appApi, robot, message, options));
  }

  /** App robots: each recipient's read state of a one-to-one message, within 24 hours of sending. */
  oneToOneReadStatus(robot: Robot, part: SentPart, options?: ReadStatusOptions): Promise<OneToOneReadStatus> {
    return this.track(undefined, () => oneToOneReadStatus(this.appApi, robot, part, options));
  }

  /** What waits in the rate-limit queue for this robot. */
  queueStats(robot: Robot): QueueStats {
    return this.limiter?.stats(robotKey(robot)) ?? { queued: 0, otherWindows: 0, expectedWaitMs: 0 };
  }

  /** Closes kept-alive connections (once, however often it is called). */
  close(): Promise<void> {
    this.closing ??= this.transport.close();
    return this.closing;
  }

  /**
   * Closes the connections once nothing is under way on this client any more (at once when nothing
   * is): for a client replaced after a proxy change, whose sends finish on it first.
   */
  closeWhenIdle(): Promise<void> {
    this.retiring ??= this.underWay === 0 ? this.close() : new Promise<void>((resolve) => (this.whenIdle = resolve)).then(() => this.close());
    return this.retiring;
  }

  /** Runs one operation of the client (the robot checked and its secrets learnt first), counted while it is under way. */
  private async track<T>(robot: Robot | undefined, operation: () => Promise<T>): Promise<T> {
    this.underWay += 1;
    try {
      if (robot) {
        this.prepare(robot);
      }
      return await operation();
    } finally {
      this.underWay -= 1;
      if (this.underWay === 0) {
        this.whenIdle?.();
      }
    }
  }

  private prepare(robot: Robot): void {
    validateRobot(robot);
    if (robot.kind === 'webhook') {
      this.redactor.add(new URL(robot.webhook).searchParams.get('access_token') ?? undefined, robot.secret);
    }
    this.redactor.add(robot.appSecret);
  }
}
