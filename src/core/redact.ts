const MASK = '[redacted]';

const PATTERNS: RegExp[] = [
  /((?:access_token|accessToken|sign|appsecret|appSecret|app_secret)=)[^&\s"']+/gi,
  /("(?:access_token|accessToken|appSecret|appsecret|app_secret|sign)"\s*:\s*")[^"]*/gi,
  /(x-acs-dingtalk-access-token["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  /()\bSEC[0-9A-Za-z]{16,}\b/g,
];

/**
 * Removes credentials from text before it reaches a log line or an error.
 * Known values (tokens fetched, secrets configured) are masked wherever they appear;
 * the patterns catch the usual carriers even for values the redactor was never told.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(...values: (string | undefined)[]): void {
    for (const value of values) {
      if (value && value.length >= 6) {
        this.secrets.add(value);
        this.secrets.add(encodeURIComponent(value));
      }
    }
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      out = out.split(secret).join(MASK);
    }
    for (const pattern of PATTERNS) {
      out = out.replace(pattern, `$1${MASK}`);
    }
    return out;
  }
}
