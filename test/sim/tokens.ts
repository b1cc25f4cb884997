import { apiError, isFilledString, isJsonContentType, oapi, parseJsonObject, randomHex, type Reply } from './replies';
import type { SimState } from './state';

export type TokenKind = 'oapi' | 'oauth2';

export type TokenCheck = { ok: true; appKey: string } | { ok: false; reason: 'unknown' | 'expired' };

/**
 * The two token kinds are kept apart: an oapi token is refused by /v1.0 and vice
 * versa, so a client that mixes them up fails here rather than in production.
 */
export class TokenStore {
  readonly issued = { oapi: 0, oauth2: 0 };
  private readonly tokens = new Map<string, { kind: TokenKind; appKey: string; expiresAt: number }>();

  constructor(readonly ttlSeconds: number) {}

  issue(kind: TokenKind, appKey: string, now: number): string {
    const token = randomHex(16);
    this.tokens.set(token, { kind, appKey, expiresAt: now + this.ttlSeconds * 1000 });
    this.issued[kind] += 1;
    return token;
  }

  check(kind: TokenKind, token: string | null | undefined, now: number): TokenCheck {
    const entry = token ? this.tokens.get(token) : undefined;
    if (!entry || entry.kind !== kind) {
      return { ok: false, reason: 'unknown' };
    }
    return now >= entry.expiresAt ? { ok: false, reason: 'expired' } : { ok: true, appKey: entry.appKey };
  }
}

/** GET /gettoken?appkey=&appsecret= */
export function handleGetToken(state: SimState, url: URL): Reply {
  const app = state.apps.get(url.searchParams.get('appkey') ?? '');
  if (!app || app.appSecret !== url.searchParams.get('appsecret')) {
    return oapi(40089, '不合法的appKey或appSecret (invalid appkey or appsecret)');
  }
  const accessToken = state.tokens.issue('oapi', app.appKey, state.now());
  return oapi(0, 'ok', { access_token: accessToken, expires_in: state.tokens.ttlSeconds });
}

/** POST /v1.0/oauth2/accessToken {appKey, appSecret} */
export function handleOAuth2Token(state: SimState, contentType: string | undefined, body: Buffer): Reply {
  if (!isJsonContentType(contentType)) {
    return apiError(400, 'InvalidParameter', 'Content-Type must be application/json');
  }
  const json = parseJsonObject(body);
  if (!json) {
    return apiError(400, 'InvalidParameter', 'body must be a JSON object');
  }
  const app = isFilledString(json.appKey) ? state.apps.get(json.appKey) : undefined;
  if (!app || app.appSecret !== json.appSecret) {
    return apiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret (invalid appKey or appSecret)');
  }
  const accessToken = state.tokens.issue('oauth2', app.appKey, state.now());
  return { status: 200, body: { accessToken, expireIn: state.tokens.ttlSeconds } };
}
