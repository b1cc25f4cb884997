import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  apiError,
  isFilledString,
  isJsonContentType,
  isObject,
  parseJsonObject,
  type JsonObject,
  type ReceivedBody,
  type Reply,
} from './replies';
import { clientView } from './clientView';
import type { SimState } from './state';
import type { AppRobotSpec, DeliveredMessage, UploadRecord } from './types';

const MAX_MSG_PARAM_BYTES = 15000;
const MAX_USER_IDS = 20;
const ROBOT_PERMISSION = 'qyapi_robot_sendmsg';

function actionCardKeys(buttons: number): string[] {
  const keys = ['title', 'text'];
  for (let i = 1; i <= buttons; i++) {
    keys.push(`actionTitle${i}`, `actionURL${i}`);
  }
  return keys;
}

/** msgKey → keys its msgParam must carry as non-empty strings. */
const MSG_PARAM_KEYS = new Map<string, string[]>([
  ['sampleText', ['content']],
  ['sampleMarkdown', ['title', 'text']],
  ['sampleImageMsg', ['photoURL']],
  ['sampleLink', ['text', 'title', 'messageUrl']],
  ['sampleActionCard', ['title', 'text', 'singleTitle', 'singleURL']],
  ['sampleActionCard2', actionCardKeys(2)],
  ['sampleActionCard3', actionCardKeys(3)],
  ['sampleActionCard4', actionCardKeys(4)],
  ['sampleActionCard5', actionCardKeys(5)],
  ['sampleFile', ['mediaId', 'fileName', 'fileType']],
]);

/**
 * POST /v1.0/robot/groupMessages/send and /v1.0/robot/oToMessages/batchSend.
 * Order: token, body, robotCode, robot ownership, target, msgKey, msgParam.
 */
export function handleAppRobotSend(
  state: SimState,
  channel: 'group' | 'oto',
  headers: IncomingHttpHeaders,
  body: ReceivedBody,
): Reply {
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
  if (!isFilledString(json.robotCode)) {
    return apiError(400, 'invalidParameter.robotCode.empty', 'robotCode is empty');
  }
  const robot = state.appRobots.get(json.robotCode);
  if (!robot || robot.appKey !== app) {
    return apiError(400, 'robot.not.found', `robot ${json.robotCode} not found for this app`);
  }
  const targetError = channel === 'group' ? checkConversation(robot, json.openConversationId) : checkUserIds(json.userIds);
  if (targetError) {
    return targetError;
  }
  const requiredKeys = isFilledString(json.msgKey) ? MSG_PARAM_KEYS.get(json.msgKey) : undefined;
  if (!requiredKeys) {
    return apiError(400, 'invalidParameter.msgKey.invalid', `msgKey ${String(json.msgKey)} is invalid`);
  }
  const msgParam = parseMsgParam(json.msgParam, requiredKeys, state.media);
  if (typeof msgParam === 'string') {
    return apiError(400, 'invalidParameter.msgParam.invalid', msgParam);
  }
  const processQueryKey = newProcessQueryKey(state);
  const message: DeliveredMessage = {
    channel,
    robot: robot.robotCode,
    type: json.msgKey as string,
    body: msgParam,
    view: clientView(json.msgKey as string, msgParam),
    raw: json,
    processQueryKey,
    ...(channel === 'group' ? { conversation: json.openConversationId as string } : { userIds: json.userIds as string[] }),
    at: state.now(),
  };
  state.messages.push(message);
  const invalidStaffIdList = channel === 'oto' && robot.staffIds ? (json.userIds as string[]).filter((id) => !robot.staffIds?.includes(id)) : [];
  const recipients = channel === 'oto' ? (json.userIds as string[]).filter((id) => !invalidStaffIdList.includes(id)) : [];
  state.appMessages.set(processQueryKey, { message, recipients, readBy: new Map() });
  const answer = channel === 'group' ? { processQueryKey } : { processQueryKey, invalidStaffIdList, flowControlledStaffIdList: [] };
  return { status: 200, body: answer };
}

/**
 * The app key of a valid /v1.0 token that carries the robot permission, or the answer refusing it.
 * DingTalk checks the token, then the permission, before it reads the body.
 */
export function authorizeApp(state: SimState, headers: IncomingHttpHeaders): string | Reply {
  const tokenHeader = headers['x-acs-dingtalk-access-token'];
  const token = state.tokens.check('oauth2', typeof tokenHeader === 'string' ? tokenHeader : undefined, state.now());
  if (!token.ok) {
    return apiError(401, 'InvalidAuthentication', token.reason === 'expired' ? 'access token is expired' : '不合法的access_token');
  }
  const permissions = state.apps.get(token.appKey)?.permissions;
  if (permissions && !permissions.includes(ROBOT_PERMISSION)) {
    return apiError(
      403,
      'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission',
      { accessdenieddetail: { requiredScopes: [ROBOT_PERMISSION] } },
    );
  }
  return token.appKey;
}

/**
 * A new key shaped like DingTalk's (base64 of 32 bytes). Real keys carry `+` and `/` only by chance;
 * these always do, so a client that puts one in a query without URL-encoding fails every time.
 */
function newProcessQueryKey(state: SimState): string {
  for (;;) {
    const key = randomBytes(32).toString('base64');
    if (key.includes('+') && key.includes('/') && !state.appMessages.has(key)) {
      return key;
    }
  }
}

function checkConversation(robot: AppRobotSpec, openConversationId: unknown): Reply | undefined {
  if (!isFilledString(openConversationId)) {
    return apiError(400, 'invalidParameter.openConversationId.empty', 'openConversationId is empty');
  }
  return robot.openConversationIds.includes(openConversationId)
    ? undefined
    : apiError(400, 'resource.not.found', `conversation ${openConversationId} not found`);
}

function checkUserIds(userIds: unknown): Reply | undefined {
  const valid =
    Array.isArray(userIds) && userIds.length > 0 && userIds.length <= MAX_USER_IDS && userIds.every(isFilledString);
  return valid ? undefined : apiError(400, 'invalidParameter.userIds.invalid', `userIds must hold 1 to ${MAX_USER_IDS} ids`);
}

/** The parsed msgParam, or a message saying why it is refused. */
function parseMsgParam(raw: unknown, requiredKeys: string[], media: Map<string, UploadRecord>): JsonObject | string {
  if (typeof raw !== 'string') {
    return 'msgParam must be a string holding JSON';
  }
  if (Buffer.byteLength(raw, 'utf8') > MAX_MSG_PARAM_BYTES) {
    return `msgParam exceeds ${MAX_MSG_PARAM_BYTES} bytes`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'msgParam is not valid JSON';
  }
  if (!isObject(parsed)) {
    return 'msgParam must be a JSON object';
  }
  const absent = requiredKeys.find((key) => !isFilledString(parsed[key]));
  if (absent) {
    return `msgParam.${absent} is missing`;
  }
  if (parsed.picUrl !== undefined && typeof parsed.picUrl !== 'string') {
    return 'msgParam.picUrl must be a string';
  }
  const mediaId = mediaReference(requiredKeys, parsed);
  if (mediaId !== undefined && !media.has(mediaId)) {
    return `media id ${mediaId} is unknown`;
  }
  return parsed;
}

/** The media id a msgParam points at: sampleFile's mediaId, or a photoURL that is a media id rather than a URL. */
function mediaReference(requiredKeys: string[], msgParam: JsonObject): string | undefined {
  if (requiredKeys.includes('mediaId')) {
    return msgParam.mediaId as string;
  }
  const photoURL = msgParam.photoURL;
  return typeof photoURL === 'string' && photoURL.startsWith('@') ? photoURL : undefined;
}
