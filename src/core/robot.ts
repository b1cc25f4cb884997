import { createHash } from 'node:crypto';
import { inputError, type ErrorText } from './errors';

/** A custom group robot, reached by its webhook URL. */
export interface WebhookRobot {
  kind: 'webhook';
  name?: string;
  /** `https://oapi.dingtalk.com/robot/send?access_token=…` */
  webhook: string;
  /** Signing secret (`SEC…`), when the robot has signing on. */
  secret?: string;
  /** The robot's security keywords; one is added to a message that has none. */
  keywords?: string[];
  /** An app's credentials, needed only to upload files and images. */
  appKey?: string;
  appSecret?: string;
  /** Origin for gettoken and media/upload; defaults to the webhook URL's origin. */
  oapiBaseUrl?: string;
}

/** An enterprise app robot, sending through the app API. */
export interface AppRobot {
  kind: 'app';
  name?: string;
  appKey: string;
  appSecret: string;
  robotCode: string;
  /** The group to send to; one-to-one sends name user ids instead. */
  openConversationId?: string;
  /** App API origin; defaults to https://api.dingtalk.com. */
  apiBaseUrl?: string;
  /** Origin for gettoken and media/upload; defaults to https://oapi.dingtalk.com. */
  oapiBaseUrl?: string;
}

export type Robot = WebhookRobot | AppRobot;

export const DEFAULT_OAPI_ORIGIN = 'https://oapi.dingtalk.com';
export const DEFAULT_API_ORIGIN = 'https://api.dingtalk.com';
export const MAX_KEYWORDS = 10;

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** The names of the URLs a robot has, as error messages give them. */
const WEBHOOK_URL: ErrorText = { en: 'The webhook URL', zh: 'Webhook 地址' };
const UPLOAD_ENDPOINT: ErrorText = { en: 'The upload endpoint', zh: '上传接口地址' };
const APP_ENDPOINT: ErrorText = { en: 'The app API endpoint', zh: '应用接口地址' };

/** Parses a URL the core may send to: https anywhere, plain http only to this machine. */
export function checkEndpoint(value: string, name: string | ErrorText): URL {
  const what = typeof name === 'string' ? { en: name, zh: name } : name;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw inputError('invalidUrl', `${what.en} is not a valid URL.`, `${what.zh}不是有效的 URL。`);
  }
  if (url.protocol === 'https:') {
    return url;
  }
  if (url.protocol === 'http:' && isLoopback(url.hostname)) {
    return url;
  }
  if (url.protocol === 'http:') {
    throw inputError(
      'insecureUrl',
      `${what.en} uses plain http to ${url.hostname}: only https is allowed, except for this machine (localhost, 127.0.0.1).`,
      `${what.zh}使用明文 http 访问 ${url.hostname}：只允许 https（本机 localhost、127.0.0.1 除外）。`,
    );
  }
  throw inputError('invalidUrl', `${what.en} must be an https URL.`, `${what.zh}必须是 https 地址。`);
}

export function webhookAccessToken(webhook: string): string {
  const url = checkEndpoint(webhook, WEBHOOK_URL);
  const token = url.searchParams.get('access_token');
  if (!url.pathname.endsWith('/robot/send') || !token) {
    throw inputError(
      'notRobotWebhook',
      'This is not a DingTalk robot webhook URL. It looks like https://oapi.dingtalk.com/robot/send?access_token=… (copy it from the group\'s robot settings).',
      '这不是钉钉机器人的 Webhook 地址。正确格式为 https://oapi.dingtalk.com/robot/send?access_token=…（可在群机器人设置中复制）。',
    );
  }
  return token;
}

function required(value: string | undefined, field: string): void {
  if (!value || !value.trim()) {
    throw inputError('missingField', `The robot needs its ${field}.`, `机器人缺少 ${field}。`);
  }
}

/** Throws a clear input error for a robot DingTalk would refuse; returns nothing when it is fine. */
export function validateRobot(robot: Robot): void {
  if (robot.kind === 'webhook') {
    webhookAccessToken(robot.webhook);
    if (robot.secret !== undefined && !robot.secret.startsWith('SEC')) {
      throw inputError(
        'invalidSecret',
        'A signing secret starts with "SEC". Copy it from the robot\'s security settings ("加签").',
        '加签密钥以 "SEC" 开头。请在机器人安全设置（加签）中复制。',
      );
    }
    if ((robot.keywords?.length ?? 0) > MAX_KEYWORDS) {
      throw inputError('tooManyKeywords', 'A robot has at most 10 keywords.', '一个机器人最多 10 个关键词。');
    }
    if (Boolean(robot.appKey) !== Boolean(robot.appSecret)) {
      throw inputError('incompleteApp', 'Give both AppKey and AppSecret, or neither.', 'AppKey 与 AppSecret 需同时填写或都不填。');
    }
    if (robot.oapiBaseUrl) {
      checkEndpoint(robot.oapiBaseUrl, UPLOAD_ENDPOINT);
    }
    return;
  }
  required(robot.appKey, 'AppKey');
  required(robot.appSecret, 'AppSecret');
  required(robot.robotCode, 'robotCode');
  if (robot.apiBaseUrl) {
    checkEndpoint(robot.apiBaseUrl, APP_ENDPOINT);
  }
  if (robot.oapiBaseUrl) {
    checkEndpoint(robot.oapiBaseUrl, UPLOAD_ENDPOINT);
  }
}

/** A base URL without a trailing slash; a gateway may put the API under a path. */
function baseUrl(value: string, what: ErrorText): string {
  const url = checkEndpoint(value, what);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Where gettoken and media/upload live for this robot. */
export function oapiBase(robot: Robot): string {
  if (robot.oapiBaseUrl) {
    return baseUrl(robot.oapiBaseUrl, UPLOAD_ENDPOINT);
  }
  return robot.kind === 'webhook' ? checkEndpoint(robot.webhook, WEBHOOK_URL).origin : DEFAULT_OAPI_ORIGIN;
}

export function apiBase(robot: AppRobot): string {
  return robot.apiBaseUrl ? baseUrl(robot.apiBaseUrl, APP_ENDPOINT) : DEFAULT_API_ORIGIN;
}

/**
 * Names a robot's rate-limit queue in events and stats. A webhook robot's limit is its own; an app
 * robot's is its app's, per API (docs/dingtalk-api.md §8.3), so all its groups and one-to-one sends
 * share one queue. A webhook's token is hashed: the key reaches hosts, and hosts log.
 */
export function robotKey(robot: Robot): string {
  if (robot.kind === 'app') {
    return `app:${robot.robotCode}`;
  }
  return `webhook:${createHash('sha256').update(webhookAccessToken(robot.webhook)).digest('hex').slice(0, 16)}`;
}
