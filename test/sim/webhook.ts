import { createHmac } from 'node:crypto';
import {
  isFilledString,
  isJsonContentType,
  isObject,
  isStringArray,
  oapi,
  parseJsonObject,
  type JsonObject,
  type ReceivedBody,
  type Reply,
} from './replies';
import { clientView } from './clientView';
import type { SimState, WebhookRobot } from './state';
import type { UploadRecord, WebhookRobotSpec } from './types';

const MAX_BODY_BYTES = 20000;
const RATE_LIMIT = 20;
const RATE_WINDOW_MS = 60_000;
const THROTTLE_MS = 10 * 60_000;
const TIMESTAMP_WINDOW_MS = 60 * 60_000;
const MSG_TYPES = new Set(['text', 'markdown', 'link', 'actionCard', 'feedCard', 'file', 'image']);

type FieldError = [errcode: number, errmsg: string];

/**
 * POST /robot/send?access_token=…[&timestamp=…&sign=…]
 * Order: robot state, security (sign, IP), rate limit, then content
 * (Content-Type, size, JSON, msgtype, keywords, fields, msgUuid).
 */
export function handleWebhook(state: SimState, url: URL, contentType: string | undefined, body: ReceivedBody): Reply {
  const accessToken = url.searchParams.get('access_token') ?? '';
  const robot = state.webhookRobots.get(accessToken);
  if (!robot) {
    return oapi(300001, 'token is not exist');
  }
  if (robot.spec.disabled) {
    return oapi(400102, 'robot is disabled (机器人已停用)');
  }
  if (robot.spec.dissolved) {
    return oapi(400013, 'group is dissolved (群已解散)');
  }
  const securityError = checkSignature(robot.spec, url, state.now()) ?? checkIp(robot.spec, state.clientIp);
  if (securityError) {
    return oapi(310000, securityError);
  }
  if (!takeRateSlot(state, robot)) {
    return oapi(130101, 'send too fast, exceed 20 times per minute');
  }
  if (!isJsonContentType(contentType)) {
    return oapi(43004, '无效的HTTP HEADER Content-Type');
  }
  if (body.size > MAX_BODY_BYTES) {
    return oapi(460101, `message too long, exceed ${MAX_BODY_BYTES} bytes`);
  }
  const json = parseJsonObject(body.bytes);
  if (!json) {
    return oapi(40035, '缺少参数 json');
  }
  const msgtype = json.msgtype;
  if (!isFilledString(msgtype)) {
    return oapi(40035, '缺少参数 msgtype');
  }
  if (!MSG_TYPES.has(msgtype)) {
    return oapi(400105, `不支持的消息类型 (unsupported msgtype ${msgtype})`);
  }
  if ((msgtype === 'file' || msgtype === 'image') && robot.spec.acceptsFiles === false) {
    return oapi(400105, `不支持的消息类型 (this robot does not accept ${msgtype})`);
  }
  if (robot.spec.keywords?.length && !robot.spec.keywords.some((k) => checkedText(msgtype, json).includes(k))) {
    return oapi(310000, 'keywords not in content');
  }
  const fieldError = checkContent(msgtype, json, state.media) ?? checkAt(json.at) ?? checkMsgUuid(json.msgUuid);
  if (fieldError) {
    return oapi(...fieldError);
  }
  const msgUuid = json.msgUuid as string | undefined;
  if (msgUuid !== undefined) {
    if (robot.deliveredMsgUuids.has(msgUuid)) {
      return oapi(0, 'ok');
    }
    robot.deliveredMsgUuids.add(msgUuid);
  }
  state.messages.push({
    channel: 'webhook',
    robot: accessToken,
    type: msgtype,
    body: json,
    view: clientView(msgtype, json),
    raw: json,
    ...(msgUuid !== undefined ? { msgUuid } : {}),
    at: state.now(),
  });
  return oapi(0, 'ok');
}

function checkSignature(spec: WebhookRobotSpec, url: URL, now: number): string | undefined {
  if (!spec.secret) {
    return undefined;
  }
  const timestamp = url.searchParams.get('timestamp');
  const sign = url.searchParams.get('sign');
  if (!timestamp || !sign) {
    return 'sign not match';
  }
  if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) - now) > TIMESTAMP_WINDOW_MS) {
    return 'invalid timestamp';
  }
  const expected = createHmac('sha256', spec.secret).update(`${timestamp}\n${spec.secret}`).digest('base64');
  return sign === expected ? undefined : 'sign not match';
}

function checkIp(spec: WebhookRobotSpec, clientIp: string): string | undefined {
  return spec.ipAllowList && !spec.ipAllowList.includes(clientIp) ? `ip ${clientIp} not in whitelist` : undefined;
}

/** Counts every authenticated send, even one refused later for its content. */
function takeRateSlot(state: SimState, robot: WebhookRobot): boolean {
  if (!state.rateLimit) {
    return true;
  }
  const now = state.now();
  if (now < robot.throttledUntil) {
    return false;
  }
  robot.sendTimes = robot.sendTimes.filter((t) => now - t < RATE_WINDOW_MS);
  if (robot.sendTimes.length >= RATE_LIMIT) {
    robot.throttledUntil = now + THROTTLE_MS;
    return false;
  }
  robot.sendTimes.push(now);
  return true;
}

/** The text DingTalk searches for a keyword. */
function checkedText(msgtype: string, json: JsonObject): string {
  const part = isObject(json[msgtype]) ? (json[msgtype] as JsonObject) : {};
  const str = (value: unknown): string => (typeof value === 'string' ? value : '');
  switch (msgtype) {
    case 'text':
      return str(part.content);
    case 'markdown':
    case 'link':
    case 'actionCard':
      return `${str(part.title)}\n${str(part.text)}`;
    case 'feedCard':
      return Array.isArray(part.links) ? part.links.map((link) => (isObject(link) ? str(link.title) : '')).join('\n') : '';
    default:
      return str(part.fileName);
  }
}

function missing(field: string): FieldError {
  return [40035, `缺少参数 ${field}`];
}

function requireStrings(part: JsonObject, prefix: string, keys: string[]): FieldError | undefined {
  const absent = keys.find((key) => !isFilledString(part[key]));
  return absent === undefined ? undefined : missing(`${prefix}.${absent}`);
}

function checkContent(msgtype: string, json: JsonObject, media: Map<string, UploadRecord>): FieldError | undefined {
  const part = json[msgtype];
  if (msgtype === 'file' || msgtype === 'image') {
    return checkMedia(msgtype, part, media);
  }
  if (!isObject(part)) {
    return missing(msgtype);
  }
  switch (msgtype) {
    case 'text':
      return requireStrings(part, 'text', ['content']);
    case 'markdown':
      return requireStrings(part, 'markdown', ['title', 'text']);
    case 'link':
      return checkLink(part);
    case 'actionCard':
      return checkActionCard(part);
    default:
      return checkFeedCard(part);
  }
}

function checkLink(part: JsonObject): FieldError | undefined {
  const error = requireStrings(part, 'link', ['title', 'text']);
  if (error) {
    return error;
  }
  if (!isFilledString(part.messageUrl)) {
    return [400304, '缺少参数 link.messageUrl'];
  }
  return part.picUrl === undefined || typeof part.picUrl === 'string' ? undefined : missing('link.picUrl (string)');
}

function checkActionCard(part: JsonObject): FieldError | undefined {
  const error = requireStrings(part, 'actionCard', ['title', 'text']);
  if (error) {
    return error;
  }
  const badFlag = ['btnOrientation', 'hideAvatar'].find((key) => part[key] !== undefined && part[key] !== '0' && part[key] !== '1');
  if (badFlag) {
    return [40035, `actionCard.${badFlag} must be "0" or "1"`];
  }
  if (isFilledString(part.singleTitle) && isFilledString(part.singleURL)) {
    return undefined;
  }
  const btns = part.btns;
  if (!Array.isArray(btns) || btns.length === 0) {
    return missing('actionCard.singleTitle+singleURL or actionCard.btns');
  }
  const complete = btns.every((btn) => isObject(btn) && isFilledString(btn.title) && isFilledString(btn.actionURL));
  return complete ? undefined : missing('actionCard.btns[].title/actionURL');
}

function checkFeedCard(part: JsonObject): FieldError | undefined {
  const links = part.links;
  if (!Array.isArray(links) || links.length === 0) {
    return missing('feedCard.links');
  }
  const complete = links.every(
    (link) => isObject(link) && isFilledString(link.title) && isFilledString(link.messageURL) && isFilledString(link.picURL),
  );
  return complete ? undefined : missing('feedCard.links[].title/messageURL/picURL');
}

function checkMedia(msgtype: string, part: unknown, media: Map<string, UploadRecord>): FieldError | undefined {
  if (!isObject(part) || !isFilledString(part.mediaId)) {
    return [401102, `缺少参数 ${msgtype}.mediaId`];
  }
  if (msgtype === 'file') {
    const absent = ['fileName', 'fileType'].find((key) => !isFilledString(part[key]));
    if (absent) {
      return [401103, `缺少参数 file.${absent}`];
    }
  } else if (part.picURL !== undefined && typeof part.picURL !== 'string') {
    return missing('image.picURL (string)');
  }
  return media.has(part.mediaId) ? undefined : [401102, `无效的 mediaId ${part.mediaId}`];
}

function checkAt(at: unknown): FieldError | undefined {
  if (at === undefined) {
    return undefined;
  }
  if (!isObject(at)) {
    return missing('at (object)');
  }
  const badList = ['atMobiles', 'atUserIds', 'atDingtalkIds'].find((key) => at[key] !== undefined && !isStringArray(at[key]));
  if (badList) {
    return missing(`at.${badList} (array of strings)`);
  }
  return at.isAtAll === undefined || typeof at.isAtAll === 'boolean' ? undefined : missing('at.isAtAll (boolean)');
}

function checkMsgUuid(msgUuid: unknown): FieldError | undefined {
  return msgUuid === undefined || isFilledString(msgUuid) ? undefined : missing('msgUuid (string)');
}
