/**
 * The app robot's recall and read-status routes (docs/dingtalk-api.md §6), over the messages
 * appRobot.ts remembers by processQueryKey. Where DingTalk documents no code, the choice is marked.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { authorizeApp } from './appRobot';
import {
  apiError,
  isFilledString,
  isJsonContentType,
  parseJsonObject,
  type JsonObject,
  type ReceivedBody,
  type Reply,
} from './replies';
import type { AppMessage, SimState } from './state';
import type { AppRobotSpec } from './types';

const MAX_PAGE_SIZE = 200;
/** DingTalk documents no default page size; 50 is its own example value. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_ONE_TO_ONE_KEYS = 20;
const ONE_TO_ONE_WINDOW_MS = 24 * 60 * 60_000;

/** Reasons in failedResult. DingTalk documents only the map's shape; these words are the simulator's own. */
const RECALL_FAILURES = {
  unknown: 'processQueryKey not found',
  recalled: 'message already recalled',
  expired: 'message was sent more than 24 hours ago and can not be recalled',
} as const;

type Checked<T> = T | Reply;

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

/** Token, permission, JSON body and the robot it names, in DingTalk's order. */
function postedRequest(state: SimState, headers: IncomingHttpHeaders, body: ReceivedBody): Checked<{ json: JsonObject; robot: AppRobotSpec }> {
  const app = authorizeApp(state, headers);
  if (typeof app !== 'string') {
    return app;
  }
  if (!isJsonContentType(headers['content-type'])) {
    return apiError(400, 'InvalidParameter', 'Content-Type must be application/json');
  }
  const json = parseJsonObject(body.bytes);
  if (!json) {
    return apiError(400, 'InvalidParameter', 'body must be a JSON object');
  }
  const robot = robotOf(state, app, json.robotCode);
  return isReply(robot) ? robot : { json, robot };
}

function robotOf(state: SimState, appKey: string, robotCode: unknown): Checked<AppRobotSpec> {
  if (!isFilledString(robotCode)) {
    return apiError(400, 'invalidParameter.robotCode.missing', '缺少robotCode');
  }
  const robot = state.appRobots.get(robotCode);
  return robot && robot.appKey === appKey ? robot : apiError(400, 'invalidParameter.robotCode.notExsit', '机器人不存在');
}

function conversationOf(robot: AppRobotSpec, openConversationId: unknown): Checked<string> {
  if (!isFilledString(openConversationId)) {
    return apiError(400, 'openConversationId.notExisted', 'openConversationId不能和token同时为空');
  }
  return robot.openConversationIds.includes(openConversationId)
    ? openConversationId
    : apiError(400, 'invalid.openConversationId', '无效的openConversationId');
}

/** The message a key names, if this robot sent it on this channel (and, for a group, to this group). */
function ownMessage(state: SimState, key: string, robot: AppRobotSpec, channel: 'group' | 'oto', conversation?: string): AppMessage | undefined {
  const entry = state.appMessages.get(key);
  const message = entry?.message;
  const own = message?.robot === robot.robotCode && message.channel === channel && (channel === 'oto' || message.conversation === conversation);
  return own ? entry : undefined;
}

function sendStatus(entry: AppMessage): string {
  return entry.message.recalledAt === undefined ? 'SUCCESS' : 'RECALLED';
}

function recall(state: SimState, entry: AppMessage, key: string): void {
  const { message } = entry;
  message.recalledAt = state.now();
  state.recalls.push({
    processQueryKey: key,
    channel: message.channel as 'group' | 'oto',
    robot: message.robot,
    ...(message.conversation === undefined ? {} : { conversation: message.conversation }),
    ...(message.userIds === undefined ? {} : { userIds: message.userIds }),
    sentAt: message.at,
    at: message.recalledAt,
  });
}

/** Recalls each key it may, and says why for each it may not: a batch never fails as a whole for one key. */
function recallEach(keys: string[], attempt: (key: string) => string | undefined): Reply {
  const successResult: string[] = [];
  const failedResult: Record<string, string> = {};
  for (const key of keys) {
    const failure = attempt(key);
    if (failure === undefined) {
      successResult.push(key);
    } else {
      failedResult[key] = failure;
    }
  }
  return { status: 200, body: { successResult, failedResult } };
}

function keyList(value: unknown, max = Infinity): string[] | undefined {
  const valid = Array.isArray(value) && value.length > 0 && value.length <= max && value.every(isFilledString);
  return valid ? [...new Set(value)] : undefined;
}

/** POST /v1.0/robot/groupMessages/recall {openConversationId, robotCode, processQueryKeys} */
export function handleGroupRecall(state: SimState, headers: IncomingHttpHeaders, body: ReceivedBody): Reply {
  const request = postedRequest(state, headers, body);
  if (isReply(request)) {
    return request;
  }
  const { json, robot } = request;
  const conversation = conversationOf(robot, json.openConversationId);
  if (isReply(conversation)) {
    return conversation;
  }
  // DingTalk names no count limit for group recall, so none is enforced; the code for a bad list is
  // the generic one documented for groupMessages/query, as the recall pages list no codes.
  const keys = keyList(json.processQueryKeys);
  if (!keys) {
    return apiError(400, 'invalidParameter.param.invalid', '参数不合法：processQueryKeys');
  }
  return recallEach(keys, (key) => {
    const entry = ownMessage(state, key, robot, 'group', conversation);
    if (!entry) {
      return RECALL_FAILURES.unknown;
    }
    if (entry.message.recalledAt !== undefined) {
      return RECALL_FAILURES.recalled;
    }
    recall(state, entry, key);
    return undefined;
  });
}

/** POST /v1.0/robot/otoMessages/batchRecall {robotCode, processQueryKeys ≤ 20}, within 24 h of each send. */
export function handleOneToOneRecall(state: SimState, headers: IncomingHttpHeaders, body: ReceivedBody): Reply {
  const request = postedRequest(state, headers, body);
  if (isReply(request)) {
    return request;
  }
  const { json, robot } = request;
  const keys = keyList(json.processQueryKeys, MAX_ONE_TO_ONE_KEYS);
  // The generic code, as for group recall.
  if (!keys) {
    return apiError(400, 'invalidParameter.param.invalid', `参数不合法：processQueryKeys 需 1 到 ${MAX_ONE_TO_ONE_KEYS} 个`);
  }
  return recallEach(keys, (key) => {
    const entry = ownMessage(state, key, robot, 'oto');
    if (!entry) {
      return RECALL_FAILURES.unknown;
    }
    if (entry.message.recalledAt !== undefined) {
      return RECALL_FAILURES.recalled;
    }
    if (state.now() - entry.message.at > ONE_TO_ONE_WINDOW_MS) {
      return RECALL_FAILURES.expired;
    }
    recall(state, entry, key);
    return undefined;
  });
}

/** nextToken: opaque to clients, bound to the key it pages through. */
function cursor(key: string, offset: number): string {
  return Buffer.from(JSON.stringify({ k: keyDigest(key), o: offset })).toString('base64url');
}

function offsetOf(token: unknown, key: string): number | undefined {
  if (token === undefined || token === null || token === '') {
    return 0;
  }
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { k?: unknown; o?: unknown };
    return parsed.k === keyDigest(key) && Number.isInteger(parsed.o) && (parsed.o as number) > 0 ? (parsed.o as number) : undefined;
  } catch {
    return undefined;
  }
}

function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** A stable made-up unionId per user, as DingTalk gives each person one across organisations. */
function unionIdOf(userId: string): string {
  return `union${createHash('sha256').update(userId).digest('hex').slice(0, 20)}`;
}

/** POST /v1.0/robot/groupMessages/query {processQueryKey, openConversationId, robotCode, maxResults ≤ 200, nextToken?} */
export function handleGroupQuery(state: SimState, headers: IncomingHttpHeaders, body: ReceivedBody): Reply {
  const request = postedRequest(state, headers, body);
  if (isReply(request)) {
    return request;
  }
  const { json, robot } = request;
  if (!isFilledString(json.processQueryKey)) {
    return apiError(400, 'invalidParameter.processQueryKey.missing', '缺少processQueryKey');
  }
  const conversation = conversationOf(robot, json.openConversationId);
  if (isReply(conversation)) {
    return conversation;
  }
  const pageSize = json.maxResults ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > MAX_PAGE_SIZE) {
    return apiError(400, 'invalidParameter.pageSize.invalid', `maxResults超出上限${MAX_PAGE_SIZE}`);
  }
  const key = json.processQueryKey;
  const entry = ownMessage(state, key, robot, 'group', conversation);
  if (!entry) {
    return apiError(400, 'invalid.processQueryKey', '无效的processQueryKey');
  }
  const offset = offsetOf(json.nextToken, key);
  if (offset === undefined) {
    return apiError(400, 'invalidParameter.cursor.invalid', '无效的nextToken');
  }
  const readers = [...entry.readBy.keys()];
  const page = readers.slice(offset, offset + (pageSize as number));
  const hasMore = offset + page.length < readers.length;
  return {
    status: 200,
    body: {
      sendStatus: sendStatus(entry),
      readUserIds: page,
      readUsers: page.map((userId) => ({ userId, unionId: unionIdOf(userId) })),
      hasMore,
      ...(hasMore ? { nextToken: cursor(key, offset + page.length) } : {}),
    },
  };
}

/** GET /v1.0/robot/oToMessages/readStatus?robotCode=…&processQueryKey=… (the key URL-encoded), within 24 h. */
export function handleOneToOneReadStatus(state: SimState, headers: IncomingHttpHeaders, url: URL): Reply {
  const app = authorizeApp(state, headers);
  if (typeof app !== 'string') {
    return app;
  }
  const robot = robotOf(state, app, url.searchParams.get('robotCode'));
  if (isReply(robot)) {
    return robot;
  }
  // URLSearchParams decodes as DingTalk's gateway does: a `+` sent raw arrives as a space.
  const key = url.searchParams.get('processQueryKey');
  if (!isFilledString(key)) {
    return apiError(400, 'invalidParameter.processQueryKey.missing', '缺少processQueryKey');
  }
  const entry = ownMessage(state, key, robot, 'oto');
  if (!entry) {
    return apiError(400, 'invalid.processQueryKey', '无效的processQueryKey');
  }
  // The code documented for expired group read data; the one-to-one page names none.
  if (state.now() - entry.message.at > ONE_TO_ONE_WINDOW_MS) {
    return apiError(400, 'processQueryKey.expireTime', 'processQueryKey还未生成消息查询数据或已过期');
  }
  return {
    status: 200,
    body: {
      sendStatus: sendStatus(entry),
      messageReadInfoList: entry.recipients.map((userId) => {
        const readAt = entry.readBy.get(userId);
        return {
          name: robot.staffNames?.[userId] ?? userId,
          userId,
          readStatus: readAt === undefined ? 'UNREAD' : 'READ',
          ...(readAt === undefined ? {} : { readTimestamp: readAt }),
        };
      }),
    },
  };
}
