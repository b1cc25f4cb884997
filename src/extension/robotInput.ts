/**
 * What the user types or passes in for a robot: cleaning of pasted values, and the checks that say,
 * in English and Chinese, what is wrong with one. Pure functions only; the prompts live in the commands.
 */
import { DingTalkError, inputError, MAX_KEYWORDS, webhookAccessToken } from '../core';
import { parseMentions } from './mentions';
import type { RobotDraft, RobotKind } from './robotStore';
import { isRecord } from './isRecord';

/** Quote marks people paste around values: straight, curly, backticks, CJK corner brackets, guillemets, <autolinks>. */
const QUOTES = `'"\`‘’‚“”„«»「」『』<>`;
const EDGE = new RegExp(`^[\\s${QUOTES}]+|[\\s${QUOTES}]+$`, 'gu');

/** Trims whitespace (full-width and zero-width included) and the quote marks around a pasted value. */
export function cleanPasted(value: string): string {
  return value.replace(/[\u200b-\u200d\ufeff]/g, '').replace(EDGE, '');
}

/** A pasted credential (secret, AppKey, robotCode…): cleaned, and spaces or line breaks from wrapping removed. */
export function cleanToken(value: string): string {
  return cleanPasted(value).replace(/\s+/g, '');
}

const URL_IN_TEXT = /https?:\/\/[^\s'"`‘’“”<>]+/giu;

/**
 * A webhook URL from whatever was pasted: a bare URL (line-wrap spaces removed), or the URL inside a
 * `curl '…' -H …` command or a sentence. Drops `timestamp` and `sign` copied from a signed example:
 * the client signs every request afresh, and a stale pair would be refused.
 */
export function cleanWebhook(value: string): string {
  const pasted = cleanPasted(value).replace(/&amp;/g, '&');
  const found = /^https?:\/\//i.test(pasted) && !/['"`]/.test(pasted) ? [pasted.replace(/\s+/g, '')] : (pasted.match(URL_IN_TEXT) ?? []);
  const url = found.find((candidate) => /\/robot\/send\b/.test(candidate)) ?? found[0] ?? pasted;
  return withoutSignature(url);
}

function withoutSignature(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (!url.searchParams.has('timestamp') && !url.searchParams.has('sign')) {
    return value;
  }
  url.searchParams.delete('timestamp');
  url.searchParams.delete('sign');
  return url.toString();
}

/** "release, 发布，deploy ci" → ["release", "发布", "deploy", "ci"], without duplicates. */
export function parseKeywords(value: string): string[] {
  const words = value.split(/[,，、;；\s]+/).map(cleanPasted).filter(Boolean);
  return [...new Set(words)];
}

export function formatKeywords(keywords: readonly string[] | undefined): string {
  return (keywords ?? []).join(', ');
}

/** The first name of `base`, `base 2`, `base 3`… that no robot has yet. */
export function uniqueName(base: string, taken: readonly string[]): string {
  const used = new Set(taken.map((name) => name.trim().toLowerCase()));
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base} ${n}`;
    if (!used.has(name.toLowerCase())) {
      return name;
    }
  }
}

/** Refuses an empty name, or one another robot (not `ownName`) already has, ignoring case. */
export function nameProblem(name: string, taken: readonly string[], ownName?: string): DingTalkError | undefined {
  const wanted = name.trim();
  if (!wanted) {
    return inputError('missingName', 'Give the robot a name.', '请为机器人起个名字。');
  }
  const lower = wanted.toLowerCase();
  if (lower !== ownName?.trim().toLowerCase() && taken.some((other) => other.trim().toLowerCase() === lower)) {
    return inputError('duplicateName', `A robot named "${wanted}" already exists. Choose another name.`, `已存在名为"${wanted}"的机器人，请换一个名字。`);
  }
  return undefined;
}

/** The core's own rules for a webhook URL (robot path, access_token, https except for this machine). */
export function webhookProblem(webhook: string): DingTalkError | undefined {
  try {
    webhookAccessToken(webhook);
    return undefined;
  } catch (error) {
    if (error instanceof DingTalkError) {
      return error;
    }
    throw error;
  }
}

/** The one host DingTalk's custom group robots are reached at. */
export const DINGTALK_WEBHOOK_HOST = 'oapi.dingtalk.com';

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * The host of a webhook URL that goes neither to DingTalk (`oapi.dingtalk.com`) nor to this machine:
 * a gateway, or a typo such as `oapi.dingtalk.con` that would hand the access token to a stranger.
 * Undefined for DingTalk, loopback, and text that is not a URL (webhookProblem refuses that).
 */
export function unusualWebhookHost(webhook: string): string | undefined {
  let url: URL;
  try {
    url = new URL(webhook.trim());
  } catch {
    return undefined;
  }
  const hostname = url.hostname.replace(/\.$/, '');
  if (hostname === DINGTALK_WEBHOOK_HOST || isLoopbackHost(hostname)) {
    return undefined;
  }
  return url.host;
}

/** An empty secret is fine (no signing); anything else must be the `SEC…` value DingTalk shows. */
export function secretProblem(secret: string): DingTalkError | undefined {
  if (!secret || secret.startsWith('SEC')) {
    return undefined;
  }
  return inputError(
    'invalidSecret',
    'A signing secret starts with "SEC". Copy it from the robot\'s security settings ("加签"), or leave it empty if the robot does not sign.',
    '加签密钥以 "SEC" 开头。请在机器人安全设置（加签）中复制；机器人未开启加签时请留空。',
  );
}

export function keywordsProblem(keywords: readonly string[]): DingTalkError | undefined {
  if (keywords.length <= MAX_KEYWORDS) {
    return undefined;
  }
  return inputError(
    'tooManyKeywords',
    `A robot has at most ${MAX_KEYWORDS} keywords; this is ${keywords.length}.`,
    `一个机器人最多 ${MAX_KEYWORDS} 个关键词，当前为 ${keywords.length} 个。`,
  );
}

export function requiredProblem(value: string, field: string): DingTalkError | undefined {
  return value ? undefined : inputError('missingField', `The robot needs its ${field}.`, `机器人缺少 ${field}。`);
}

/** What Add Robot accepts as its argument (from keybindings, tasks, other extensions). */
export interface AddRobotArgs {
  kind?: RobotKind;
  name?: string;
  webhook?: string;
  secret?: string;
  keywords?: string[] | string;
  appKey?: string;
  appSecret?: string;
  robotCode?: string;
  openConversationId?: string;
  mentions?: string;
}

/** Add Robot's argument after checking: cleaned values, empty ones left out, kind inferred where it can be. */
export type RobotArgs = Partial<RobotDraft>;

const WEBHOOK_ONLY = ['webhook', 'secret', 'keywords', 'mentions'] as const;
const APP_ONLY = ['robotCode', 'openConversationId'] as const;
const STRING_FIELDS = ['name', 'webhook', 'secret', 'appKey', 'appSecret', 'robotCode', 'openConversationId', 'mentions'] as const;
const KNOWN = new Set<string>(['kind', 'keywords', ...STRING_FIELDS]);

function badArgument(en: string, zh: string): DingTalkError {
  return inputError('badArgument', `Add Robot: ${en}`, `添加机器人：${zh}`);
}

function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw badArgument(`"${key}" must be text, not ${Array.isArray(value) ? 'a list' : typeof value}.`, `"${key}" 必须是文本。`);
  }
  return value;
}

function keywordsArg(value: unknown): string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === 'string') {
    return parseKeywords(value);
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return [...new Set(value.map(cleanPasted).filter(Boolean))];
  }
  throw badArgument('"keywords" must be a list of texts, or one text separated by commas.', '"keywords" 必须是文本列表，或以逗号分隔的文本。');
}

function isKind(value: unknown): value is RobotKind {
  return value === 'webhook' || value === 'app';
}

/** The kind given, or the one the other fields imply; refuses fields that do not apply to it. */
function kindArg(args: RobotArgs, given: unknown): RobotKind | undefined {
  if (given !== undefined && given !== null && !isKind(given)) {
    throw badArgument('"kind" must be "webhook" or "app".', '"kind" 必须是 "webhook" 或 "app"。');
  }
  const webhookField = WEBHOOK_ONLY.find((key) => args[key] !== undefined);
  const appField = APP_ONLY.find((key) => args[key] !== undefined);
  const kind = isKind(given) ? given : webhookField ? 'webhook' : appField ? 'app' : undefined;
  const misplaced = kind === 'webhook' ? appField : kind === 'app' ? webhookField : undefined;
  if (misplaced) {
    throw badArgument(
      `"${misplaced}" does not apply to ${kind === 'app' ? 'an enterprise app robot' : 'a custom group robot (webhook)'}.`,
      `"${misplaced}" 不适用于${kind === 'app' ? '企业内部应用机器人' : '自定义群机器人（Webhook）'}。`,
    );
  }
  return kind;
}

/** Fields whose given value breaks a rule; missing ones are asked for later. */
function argsProblem(args: RobotArgs, taken: readonly string[]): DingTalkError | undefined {
  return (
    (args.name !== undefined ? nameProblem(args.name, taken) : undefined) ??
    (args.webhook !== undefined ? webhookProblem(args.webhook) : undefined) ??
    secretProblem(args.secret ?? '') ??
    keywordsProblem(args.keywords ?? []) ??
    (args.kind === 'webhook' && Boolean(args.appKey) !== Boolean(args.appSecret)
      ? inputError('incompleteApp', 'Give both AppKey and AppSecret, or neither.', 'AppKey 与 AppSecret 需同时填写或都不填。')
      : undefined)
  );
}

function withoutEmpty(args: RobotArgs): RobotArgs {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as RobotArgs;
}

/**
 * Checks an untrusted Add Robot argument and cleans its values like pasted ones. Throws a bilingual
 * input error for anything that is not a plain object of the documented fields, or breaks a rule.
 */
export function parseAddRobotArgs(value: unknown, takenNames: readonly string[]): RobotArgs {
  if (!isRecord(value)) {
    throw badArgument('the argument must be an object such as { "kind": "webhook", "name": "Team", "webhook": "https://…" }.', '参数必须是对象，例如 { "kind": "webhook", "name": "Team", "webhook": "https://…" }。');
  }
  const unknown = Object.keys(value).filter((key) => !KNOWN.has(key));
  if (unknown.length) {
    throw badArgument(`unknown field ${unknown.map((k) => `"${k}"`).join(', ')}; known: ${[...KNOWN].join(', ')}.`, `未知字段 ${unknown.map((k) => `"${k}"`).join('、')}；可用字段：${[...KNOWN].join(', ')}。`);
  }
  const text = (key: (typeof STRING_FIELDS)[number], clean: (s: string) => string): string | undefined => {
    const given = stringArg(value, key);
    return given === undefined ? undefined : clean(given);
  };
  const mentions = text('mentions', (s) => s);
  const args: RobotArgs = withoutEmpty({
    name: text('name', (s) => s.trim()),
    webhook: text('webhook', cleanWebhook),
    secret: text('secret', cleanToken),
    keywords: keywordsArg(value.keywords),
    appKey: text('appKey', cleanToken),
    appSecret: text('appSecret', cleanToken),
    robotCode: text('robotCode', cleanToken),
    openConversationId: text('openConversationId', cleanToken),
    mentions: mentions === undefined ? undefined : parseMentions(mentions),
  });
  args.kind = kindArg(args, value.kind);
  const problem = argsProblem(args, takenNames);
  if (problem) {
    throw problem;
  }
  return withoutEmpty(args);
}
