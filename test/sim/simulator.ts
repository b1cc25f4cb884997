import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleAppRobotSend } from './appRobot';
import { FaultQueue, faultReply } from './faults';
import { Hold } from './hold';
import { handleUpload } from './media';
import { renderPage } from './page';
import { handleGroupQuery, handleGroupRecall, handleOneToOneReadStatus, handleOneToOneRecall } from './recall';
import type { ReceivedBody, Reply } from './replies';
import { SimState } from './state';
import { handleGetToken, handleOAuth2Token } from './tokens';
import type {
  AppRobotSpec,
  AppSpec,
  DeliveredMessage,
  FaultSpec,
  RecallRecord,
  RecordedRequest,
  SimulatorOptions,
  SimulatorStats,
  UploadRecord,
  WebhookRobotSpec,
} from './types';
import { handleWebhook } from './webhook';

export * from './types';
export type { Hold } from './hold';

/** Bodies are recorded up to this size; the byte count is always exact. */
const MAX_STORED_BODY_BYTES = 1024 * 1024;

/** The errcodes DingTalk uses for "over 20 messages a minute". */
const TOO_FAST = new Set([130101, 410100]);

/**
 * A local stand-in for oapi.dingtalk.com and api.dingtalk.com, on one origin.
 * docs/dingtalk-api.md §12 says what it models and where it differs from DingTalk.
 */
export class DingTalkSimulator {
  readonly requests: RecordedRequest[] = [];
  private readonly state: SimState;
  private readonly faults = new FaultQueue();
  private readonly holds: Hold[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly connectionIds = new WeakMap<Socket, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private listeningOrigin = '';
  private lastConnectionId = 0;
  private connectionCount = 0;
  private lastRequestId = 0;

  private constructor(options: SimulatorOptions) {
    this.state = new SimState(options.now ?? Date.now, options.rateLimit ?? true, options.tokenTtlSeconds ?? 7200, options.acceptsTxt ?? true);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (res.headersSent) {
          req.socket.destroy();
        } else {
          send(res, { status: 500, body: `simulator error: ${String(error)}` });
        }
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.lastConnectionId += 1;
      this.connectionCount += 1;
      this.connectionIds.set(socket, this.lastConnectionId);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: SimulatorOptions = {}): Promise<DingTalkSimulator> {
    const sim = new DingTalkSimulator(options);
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    sim.listeningOrigin = `http://127.0.0.1:${(sim.server.address() as AddressInfo).port}`;
    return sim;
  }

  get origin(): string {
    return this.listeningOrigin;
  }

  get messages(): DeliveredMessage[] {
    return this.state.messages;
  }

  /** Messages taken back through the recall routes, in order. */
  get recalled(): RecallRecord[] {
    return this.state.recalls;
  }

  get uploads(): UploadRecord[] {
    return this.state.uploads;
  }

  /** TCP connections accepted since start (or the last reset). */
  get connections(): number {
    return this.connectionCount;
  }

  get tokensIssued(): { oapi: number; oauth2: number } {
    return { ...this.state.tokens.issued };
  }

  /** The counters a benchmark reads, as one plain object (it can be sent to another process). */
  stats(): SimulatorStats {
    const byRoute: Record<string, number> = {};
    let rateLimited = 0;
    for (const request of this.requests) {
      const route = `${request.method} ${request.path}`;
      byRoute[route] = (byRoute[route] ?? 0) + 1;
      const errcode = (request.answer as { errcode?: unknown } | undefined)?.errcode;
      if (typeof errcode === 'number' && TOO_FAST.has(errcode)) {
        rateLimited += 1;
      }
    }
    return {
      connections: this.connections,
      requests: this.requests.length,
      byRoute,
      messages: this.messages.length,
      uploads: this.uploads.length,
      tokensIssued: this.tokensIssued,
      rateLimited,
    };
  }

  get clientIp(): string {
    return this.state.clientIp;
  }

  set clientIp(ip: string) {
    this.state.clientIp = ip;
  }

  addWebhookRobot(spec: WebhookRobotSpec): void {
    this.state.webhookRobots.set(spec.accessToken, {
      spec: { ...spec },
      sendTimes: [],
      throttledUntil: 0,
      deliveredMsgUuids: new Set(),
    });
  }

  addApp(spec: AppSpec): void {
    this.state.apps.set(spec.appKey, { ...spec });
  }

  addAppRobot(spec: AppRobotSpec): void {
    this.state.appRobots.set(spec.robotCode, { ...spec, openConversationIds: [...spec.openConversationIds] });
  }

  /** The robot is gone, as when it is removed from the developer console: its routes answer "robot does not exist". */
  removeAppRobot(robotCode: string): void {
    this.state.appRobots.delete(robotCode);
  }

  /**
   * These users read the app-robot message with this key, now on the sim clock; a user who read it
   * before keeps the first time. A one-to-one message can only be read by the users it reached.
   */
  markRead(processQueryKey: string, userIds: string[]): void {
    const entry = this.state.appMessages.get(processQueryKey);
    if (!entry) {
      throw new Error(`no app-robot message has processQueryKey ${processQueryKey}`);
    }
    const strangers = entry.message.channel === 'oto' ? userIds.filter((id) => !entry.recipients.includes(id)) : [];
    if (strangers.length > 0) {
      throw new Error(`the message did not reach ${strangers.join(', ')}`);
    }
    for (const userId of userIds) {
      if (!entry.readBy.has(userId)) {
        entry.readBy.set(userId, this.now());
      }
    }
  }

  webhookUrl(accessToken: string): string {
    return `${this.origin}/robot/send?access_token=${encodeURIComponent(accessToken)}`;
  }

  shiftClock(ms: number): void {
    this.state.clockOffset += ms;
  }

  now(): number {
    return this.state.now();
  }

  inject(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Holds every request to `path` (a pathname prefix), recorded but not processed, until the returned
   * hold is released; `reached(n)` resolves once n requests wait. Faults apply after the hold.
   */
  hold(path: string): Hold {
    const hold = new Hold(path);
    this.holds.push(hold);
    return hold;
  }

  /**
   * Clears records (messages with their keys, reads and recalls), counters, faults, rate windows,
   * throttles and msgUuid memory; keeps robots, apps, tokens and media.
   */
  reset(): void {
    this.requests.length = 0;
    this.connectionCount = 0;
    this.state.resetRecords();
    this.faults.clear();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (this.serveUi(url.pathname, res)) {
      return;
    }
    const record: RecordedRequest = {
      id: ++this.lastRequestId,
      connectionId: this.connectionIds.get(req.socket) ?? 0,
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      status: 0,
      answer: undefined,
      at: this.now(),
    };
    this.requests.push(record);
    for (const hold of this.holds.filter((h) => h.applies(url.pathname))) {
      await hold.enter();
    }

    const fault = this.faults.take(url.pathname);
    // JSON bodies are read even for faults so that tests can compare what each retry carried.
    const body = url.pathname === '/media/upload' ? { bytes: Buffer.alloc(0), size: 0 } : await readBody(req);
    if (body.size > 0) {
      record.bodyText = body.bytes.toString('utf8');
    }
    const before = fault?.afterProcessing ? undefined : fault;
    if (before?.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (before?.kind === 'hang') {
      return;
    }
    if (fault?.kind === 'latency') {
      await this.sleep(fault.ms ?? 0);
    }
    let reply = (before && faultReply(before, url.pathname)) ?? (await this.route(req, url, body, record));
    if (fault?.afterProcessing) {
      if (fault.kind === 'hang') {
        record.answer = reply.body;
        return;
      }
      reply = faultReply(fault, url.pathname) ?? reply;
    }
    record.answer = reply.body;
    if (fault?.kind === 'resetAfterProcessing') {
      req.socket.resetAndDestroy();
      return;
    }
    record.status = reply.status;
    send(res, reply);
  }

  private route(req: IncomingMessage, url: URL, body: ReceivedBody, record: RecordedRequest): Reply | Promise<Reply> {
    const route = `${req.method ?? ''} ${url.pathname}`;
    switch (route) {
      case 'POST /robot/send':
        return handleWebhook(this.state, url, req.headers['content-type'], body);
      case 'GET /gettoken':
        return handleGetToken(this.state, url);
      case 'POST /v1.0/oauth2/accessToken':
        return handleOAuth2Token(this.state, req.headers['content-type'], body.bytes);
      case 'POST /media/upload':
        return handleUpload(this.state, url, req, record);
      case 'POST /v1.0/robot/groupMessages/send':
        return handleAppRobotSend(this.state, 'group', req.headers, body);
      case 'POST /v1.0/robot/oToMessages/batchSend':
        return handleAppRobotSend(this.state, 'oto', req.headers, body);
      case 'POST /v1.0/robot/groupMessages/recall':
        return handleGroupRecall(this.state, req.headers, body);
      case 'POST /v1.0/robot/groupMessages/query':
        return handleGroupQuery(this.state, req.headers, body);
      // Lower-case "oto" here and "oToMessages" below: each path is spelled as DingTalk spells it.
      case 'POST /v1.0/robot/otoMessages/batchRecall':
        return handleOneToOneRecall(this.state, req.headers, body);
      case 'GET /v1.0/robot/oToMessages/readStatus':
        return handleOneToOneReadStatus(this.state, req.headers, url);
      default:
        return { status: 404, body: `no route for ${route}` };
    }
  }

  /** The simulator's own page and JSON feed: not recorded, never faulted. */
  private serveUi(pathname: string, res: ServerResponse): boolean {
    if (pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderPage(this.messages));
      return true;
    }
    if (pathname === '/_sim/messages') {
      send(res, { status: 200, body: this.messages });
      return true;
    }
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function readBody(req: IncomingMessage): Promise<ReceivedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size < MAX_STORED_BODY_BYTES) {
        chunks.push(chunk);
      }
      size += chunk.length;
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === 'string';
  const text = isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...reply.headers,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
