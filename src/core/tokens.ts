import { createHash } from 'node:crypto';
import type { Clock } from './clock';

export type TokenKind = 'oapi' | 'oauth2';

export interface AppCredentials {
  appKey: string;
  appSecret: string;
}

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

/** Fetches a token; `robot` names the send it is fetched for (in the retry events), when there is one. */
export type TokenFetcher = (kind: TokenKind, base: string, app: AppCredentials, robot?: string) => Promise<IssuedToken>;

interface Entry {
  token?: string;
  expiresAt: number;
  refreshing?: Promise<string>;
}

/** Refresh this long before DingTalk's expiry, so a token never dies mid-request. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Caches both kinds of DingTalk access token per app and endpoint. A token is refreshed shortly
 * before it expires; concurrent callers share one refresh instead of each fetching their own.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly fetcher: TokenFetcher,
    private readonly clock: Clock,
  ) {}

  async get(kind: TokenKind, base: string, app: AppCredentials, robot?: string): Promise<string> {
    const key = cacheKey(kind, base, app);
    const entry = this.entries.get(key) ?? { expiresAt: 0 };
    this.entries.set(key, entry);
    if (entry.token && this.clock.now() < entry.expiresAt - REFRESH_MARGIN_MS) {
      return entry.token;
    }
    entry.refreshing ??= this.fetcher(kind, base, app, robot)
      .then((issued) => {
        entry.token = issued.token;
        entry.expiresAt = this.clock.now() + issued.expiresInSeconds * 1000;
        return issued.token;
      })
      .finally(() => {
        entry.refreshing = undefined;
      });
    return entry.refreshing;
  }

  /** Forgets a token DingTalk refused, unless a newer one already replaced it. */
  invalidate(kind: TokenKind, base: string, app: AppCredentials, token: string): void {
    const entry = this.entries.get(cacheKey(kind, base, app));
    if (entry?.token === token) {
      entry.token = undefined;
      entry.expiresAt = 0;
    }
  }
}

function cacheKey(kind: TokenKind, base: string, app: AppCredentials): string {
  // The secret is part of the key (hashed) so that editing a robot's secret fetches a new token.
  const secret = createHash('sha256').update(app.appSecret).digest('hex').slice(0, 16);
  return `${kind} ${base} ${app.appKey} ${secret}`;
}
