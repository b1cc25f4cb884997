import type { ErrorText } from '../../core';
import { hasRun, isAppSecretName, isPasswordName, isSecretName } from './names';
import type { Assignment, Source } from './source';
import { entropy, isPlaceholder, looksLikePassword, looksRandom } from './values';

/** Where a secret's value is in the text: only the value, never the name it is assigned to. */
export interface Span {
  start: number;
  end: number;
}

export interface SecretRule {
  /** Stable id, shown in redaction markers: `[REDACTED:github-token]`. */
  readonly id: string;
  /** What the user is told was found, in mid-sentence form: "GitHub token", "password". */
  readonly label: ErrorText;
  detect(source: Source): Span[];
}

/** Spans of every match of `pattern` (global, with indices): its first group when it has one, else the whole match. */
function spans(source: Source, pattern: RegExp, accept: (value: string) => boolean): Span[] {
  const found: Span[] = [];
  for (const match of source.text.matchAll(pattern)) {
    const group = match.indices?.[1];
    const [start, end] = group ?? [match.index, match.index + match[0].length];
    if (accept(group ? match[1] : match[0])) {
      found.push({ start, end });
    }
  }
  return found;
}

function patternRule(id: string, label: ErrorText, pattern: RegExp, accept: (value: string) => boolean): SecretRule {
  return { id, label, detect: (source) => spans(source, pattern, accept) };
}

function assignmentRule(id: string, label: ErrorText, accept: (assignment: Assignment) => boolean): SecretRule {
  return { id, label, detect: (source) => source.assignments.filter(accept).map(({ start, end }) => ({ start, end })) };
}

/** The random part of a token with a known prefix: not a placeholder, and not a few characters over and over. */
function randomBody(body: string): boolean {
  return !isPlaceholder(body) && entropy(body) >= 3;
}

const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;
/** A line of a key's body, also when a program spells it as string pieces (`"MIIE…\n" +`). */
const PEM_BODY_LINE = /^[ \t"'`+,(]*(?:[A-Za-z0-9+/=]{16,}|[\w-]+: )/;

/**
 * The whole block from BEGIN to END; without an END (a truncated paste), the body lines that follow.
 * A header with little or no body (`MIIEow…`, `<your key>`) is documentation, not a key.
 */
function privateKeys(source: Source): Span[] {
  const { text } = source;
  const found: Span[] = [];
  for (const match of text.matchAll(PEM_BEGIN)) {
    const start = match.index;
    const bodyStart = start + match[0].length;
    const endMarker = `-----END ${match[1]}-----`;
    const endAt = text.slice(bodyStart, bodyStart + 20_000).indexOf(endMarker);
    let end = endAt >= 0 ? bodyStart + endAt + endMarker.length : bodyStart;
    for (let lineEnd = endAt < 0 ? text.indexOf('\n', bodyStart) : -1; lineEnd >= 0 && PEM_BODY_LINE.test(text.slice(lineEnd + 1, lineEnd + 200)); ) {
      const next = text.indexOf('\n', lineEnd + 1);
      end = next < 0 ? text.length : next;
      lineEnd = next;
    }
    const body = text
      .slice(bodyStart, endAt >= 0 ? bodyStart + endAt : end)
      .replace(/\\[nr]/g, '')
      .replace(/^[\w-]+: .*$/gm, '');
    const base64 = body.replace(/[^A-Za-z0-9+/=]/g, '');
    if (base64.length >= 64 && new Set(base64).size >= 20 && !/\.\.\.|…|<|x{4,}/i.test(body)) {
      found.push({ start, end });
    }
  }
  return found;
}

/** A quoted id followed by a quoted argument (`Credential("AKID…", "…")`): the second is its secret. */
function pairedSecrets(source: Source, ids: RegExp, secret: RegExp): Span[] {
  const found: Span[] = [];
  for (const match of source.text.matchAll(ids)) {
    const end = match.index + match[0].length;
    const quote = source.text[match.index - 1];
    if (!/["'`]/.test(quote ?? '') || source.text[end] !== quote) {
      continue;
    }
    const pair = /^["'`]\s*,\s*(?:[\w.]+\s*[=:]\s*)?(["'`])([^"'`\s]{1,128})\1/.exec(source.text.slice(end, end + 300));
    if (pair && secret.test(pair[2]) && looksRandom(pair[2], { minLength: 30 })) {
      const start = end + pair[0].length - 1 - pair[2].length;
      found.push({ start, end: start + pair[2].length });
    }
  }
  return found;
}

/**
 * A cloud secret: the value has the provider's shape, and its name or what surrounds it names the
 * provider (a secret key next to an `AKID…` id is Tencent's, one next to `LTAI…` Aliyun's).
 */
function cloudSecretRule(id: string, label: ErrorText, options: { ids: RegExp; shape: RegExp; named: (words: string[]) => boolean; context: RegExp }): SecretRule {
  return {
    id,
    label,
    detect(source) {
      const assigned = source.assignments.filter(
        (a) => a.words.includes('secret') && options.shape.test(a.value) && looksRandom(a.value, { minLength: 30 }) && (options.named(a.words) || options.context.test(source.near(a.start))),
      );
      return [...assigned, ...pairedSecrets(source, options.ids, options.shape)];
    },
  };
}

/** A chat robot's webhook URL, whose last part (the group) is its only credential; docs write `xxxx` in it. */
function hookRule(id: string, label: ErrorText, pattern: RegExp): SecretRule {
  return patternRule(id, label, pattern, (token) => token.length >= 16 && !/x{3,}/i.test(token) && randomBody(token.replace(/-/g, '')));
}

/** `Authorization: Basic …` whose value decodes to `user:password` with a real-looking password. */
function basicCredentials(encoded: string): boolean {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (!/^[\x20-\x7e]+$/.test(decoded) || colon < 0 || Buffer.from(decoded, 'utf8').toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    return false;
  }
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !isPlaceholder(password) && !/^(?:pass(?:word)?|secret|changeme|test|token|x+|\*+)$/i.test(password);
}

const AWS_IDS = /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g;
const ALIYUN_IDS = /\bLTAI[A-Za-z0-9]{12,20}\b/g;
const TENCENT_IDS = /\bAKID[A-Za-z0-9]{13,40}\b/g;

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A header that decodes to JSON naming an algorithm; jwt.io's example token (John Doe, sub 1234567890) is documentation. */
function isJwt(token: string): boolean {
  const [header, payload, signature] = token.split('.');
  const decoded = decodeJson(header);
  if (typeof decoded !== 'object' || decoded === null || typeof (decoded as { alg?: unknown }).alg !== 'string') {
    return false;
  }
  const claims = JSON.stringify(decodeJson(payload) ?? '');
  return !/"John Doe"|"sub":"1234567890"/.test(claims) && randomBody(signature);
}

/** The rules, most specific first: when two find the same value, the first one names it. */
export const RULES: readonly SecretRule[] = [
  { id: 'private-key', label: { en: 'private key', zh: '私钥' }, detect: privateKeys },
  {
    id: 'dingtalk-webhook-token',
    label: { en: 'DingTalk robot access_token', zh: '钉钉机器人 access_token' },
    detect: (source) => [
      ...spans(source, /oapi\.dingtalk\.com\/robot\/send\?(?:[\w%.-]+=[\w%.-]*&){0,5}access_token=([^&\s"'<>#)\]`]+)/dg, (token) => token.length >= 16 && /^[\x21-\x7e]+$/.test(token) && !isPlaceholder(token)),
      ...spans(source, /(?<![\w-])access_?token["']?[ \t]*[:=][ \t]*["']?([0-9a-f]{64})(?![0-9a-z])/dgi, (token) => !isPlaceholder(token)),
    ],
  },
  patternRule('dingtalk-sign-secret', { en: 'DingTalk signing secret (SEC…)', zh: '钉钉加签密钥（SEC…）' }, /\bSEC[0-9a-f]{64}\b/gi, (secret) => !isPlaceholder(secret.slice(3))),
  patternRule('github-token', { en: 'GitHub token', zh: 'GitHub 令牌' }, /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{60,251})\b/g, (token) => randomBody(token.replace(/^(?:gh._|github_pat_)/, ''))),
  patternRule('gitlab-token', { en: 'GitLab token', zh: 'GitLab 令牌' }, /\bgl(?:pat|ptt|dt|rt)-[A-Za-z0-9_-]{20,}(?![\w-])/g, (token) => randomBody(token.slice(token.indexOf('-') + 1))),
  {
    id: 'npm-token',
    label: { en: 'npm token', zh: 'npm 令牌' },
    detect: (source) => [
      ...spans(source, /\bnpm_[A-Za-z0-9]{36}\b/g, (token) => randomBody(token.slice(4))),
      // .npmrc credentials: old tokens are UUIDs, `_auth` and `_password` base64.
      ...source.assignments
        .filter((a) => /^_(?:authToken|auth|password)$/i.test(a.name) && a.value.length >= 16 && !isPlaceholder(a.value))
        .map(({ start, end }) => ({ start, end })),
    ],
  },
  patternRule('slack-token', { en: 'Slack token', zh: 'Slack 令牌' }, /\bxox[abposre]-[A-Za-z0-9-]{20,}\b/g, (token) => /\d/.test(token) && randomBody(token.slice(5))),
  patternRule('aws-access-key-id', { en: 'AWS access key ID', zh: 'AWS 访问密钥 ID' }, AWS_IDS, (id) => randomBody(id.slice(4))),
  cloudSecretRule(
    'aws-secret-key',
    { en: 'AWS secret access key', zh: 'AWS 秘密访问密钥' },
    { ids: AWS_IDS, shape: /^[A-Za-z0-9/+]{40}$/, named: (words) => words.includes('aws') || hasRun(words, 'secret', 'access', 'key'), context: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|\baws\b|amazon/i },
  ),
  patternRule('aliyun-access-key-id', { en: 'Aliyun AccessKey ID', zh: '阿里云 AccessKey ID' }, ALIYUN_IDS, (id) => randomBody(id.slice(4))),
  cloudSecretRule(
    'aliyun-access-key-secret',
    { en: 'Aliyun AccessKey secret', zh: '阿里云 AccessKey Secret' },
    { ids: ALIYUN_IDS, shape: /^[A-Za-z0-9]{30}$/, named: (words) => hasRun(words, 'access', 'key', 'secret') || words.some((w) => /^(?:aliyun|alicloud|alibaba)$/.test(w)), context: /\bLTAI[A-Za-z0-9]{12}|aliyun|alicloud|alibaba/i },
  ),
  patternRule('tencent-secret-id', { en: 'Tencent Cloud SecretId', zh: '腾讯云 SecretId' }, TENCENT_IDS, (id) => randomBody(id.slice(4))),
  cloudSecretRule(
    'tencent-secret-key',
    { en: 'Tencent Cloud SecretKey', zh: '腾讯云 SecretKey' },
    { ids: TENCENT_IDS, shape: /^[A-Za-z0-9]{32}$/, named: (words) => words.some((w) => /^(?:tencent|tencentcloud|qcloud)$/.test(w)), context: /\bAKID[A-Za-z0-9]{13}|tencent|qcloud/i },
  ),
  patternRule('google-api-key', { en: 'Google API key', zh: 'Google API 密钥' }, /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g, (key) => randomBody(key.slice(4))),
  patternRule('sendgrid-api-key', { en: 'SendGrid API key', zh: 'SendGrid API 密钥' }, /\bSG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43}(?![\w-])/g, (key) => randomBody(key.slice(3))),
  patternRule('openai-api-key', { en: 'OpenAI API key', zh: 'OpenAI API 密钥' }, /\bsk-(?:(?:proj|svcacct|admin)-)?[0-9A-Za-z_-]{20,}T3BlbkFJ[0-9A-Za-z_-]{20,}(?![\w-])/g, (key) => randomBody(key.slice(3))),
  patternRule('anthropic-api-key', { en: 'Anthropic API key', zh: 'Anthropic API 密钥' }, /\bsk-ant-(?:api|admin)\d\d-[0-9A-Za-z_-]{80,}(?![\w-])/g, (key) => randomBody(key.slice(14))),
  patternRule('stripe-key', { en: 'Stripe secret key', zh: 'Stripe 密钥' }, /\b[rs]k_(?:live|test)_[0-9A-Za-z]{24,99}\b/g, (key) => randomBody(key.slice(8))),
  patternRule('huggingface-token', { en: 'Hugging Face token', zh: 'Hugging Face 令牌' }, /\bhf_[A-Za-z0-9]{34}\b/g, (token) => randomBody(token.slice(3))),
  patternRule('pypi-token', { en: 'PyPI token', zh: 'PyPI 令牌' }, /\bpypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50,}/g, (token) => randomBody(token.slice(20))),
  patternRule('docker-hub-token', { en: 'Docker Hub token', zh: 'Docker Hub 令牌' }, /\bdckr_pat_[0-9A-Za-z_-]{27}(?![\w-])/g, (token) => randomBody(token.slice(9))),
  patternRule('telegram-bot-token', { en: 'Telegram bot token', zh: 'Telegram 机器人令牌' }, /\b\d{8,10}:AA[0-9A-Za-z_-]{33}(?![\w-])/g, (token) => randomBody(token.slice(token.indexOf(':') + 3))),
  patternRule('azure-storage-key', { en: 'Azure storage account key', zh: 'Azure 存储账户密钥' }, /AccountKey=([0-9A-Za-z+/]{86}==)/dg, randomBody),
  hookRule('feishu-webhook', { en: 'Feishu/Lark robot webhook', zh: '飞书机器人 Webhook' }, /open\.(?:feishu\.cn|larksuite\.com)\/open-apis\/bot\/v2\/hook\/([0-9A-Za-z-]+)/dg),
  hookRule('wecom-webhook', { en: 'WeCom robot webhook key', zh: '企业微信机器人 Webhook key' }, /qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?(?:[\w%.-]+=[\w%.-]*&){0,5}key=([0-9A-Za-z-]+)/dg),
  hookRule('slack-webhook', { en: 'Slack webhook', zh: 'Slack Webhook' }, /hooks\.slack\.com\/(?:services|workflows|triggers)\/T[0-9A-Z]{6,}\/[AB][0-9A-Z]{6,}\/([0-9A-Za-z]+)/dg),
  hookRule('discord-webhook', { en: 'Discord webhook', zh: 'Discord Webhook' }, /discord(?:app)?\.com\/api\/webhooks\/\d{16,20}\/([0-9A-Za-z_-]+)/dg),
  patternRule('http-basic-auth', { en: 'HTTP Basic credentials', zh: 'HTTP Basic 认证凭据' }, /\bAuthorization["']?\s*[:=,]\s*["'`]?Basic[ \t]+([0-9A-Za-z+/]{8,}={0,2})(?![\w+/=])/dgi, basicCredentials),
  patternRule('jwt', { en: 'JSON Web Token', zh: 'JWT 令牌' }, /\b(?:eyJ|eyAi|ewo)[A-Za-z0-9_-]{8,}\.(?:eyJ|eyAi|ewo)[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g, isJwt),
  assignmentRule('app-secret', { en: 'app secret', zh: '应用密钥（AppSecret）' }, (a) => isAppSecretName(a.words) && looksRandom(a.value)),
  patternRule('url-password', { en: 'password in a URL', zh: 'URL 中的密码' }, /\b[a-z][\w+.-]{0,30}:\/\/[^\s:/@"'<>]*:([^\s@/"'<>]+)@[\w.-]/dgi, looksLikePassword),
  assignmentRule('password', { en: 'password', zh: '密码' }, (a) => isPasswordName(a.words) && looksLikePassword(a.value)),
  assignmentRule('generic-secret', { en: 'secret or token', zh: '密钥或令牌' }, (a) => isSecretName(a.words) && looksRandom(a.value)),
];
