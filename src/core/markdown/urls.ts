const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** Schemes a link may keep in a DingTalk message; others (javascript:, vscode:, file:) would be dead or unsafe there. */
const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel', 'ftp', 'dingtalk']);
/** Services whose images are status badges (shields.io and the CI, coverage and registry badges READMEs show). */
const BADGE_HOST =
  /(^|\.)(shields\.io|badgen\.net|badge\.fury\.io|travis-ci\.(org|com)|circleci\.com|codecov\.io|coveralls\.io|codacy\.com|snyk\.io|goreportcard\.com|netlify\.com|readthedocs\.org|sonarcloud\.io|bestpractices\.dev|coreinfrastructure\.org|securityscorecards\.dev|appveyor\.com|packagephobia\.com|badgesize\.io|deepscan\.io|gitter\.im|david-dm\.org|opencollective\.com|jsdelivr\.com)$/i;
const BADGE_PATH = /\/badges?(\/|\.svg)/i;

/** An http(s) URL for a remote resource (a protocol-relative `//host/…` as https), or undefined. */
export function remoteUrl(src: string): string | undefined {
  if (src.startsWith('//')) {
    return `https:${src}`;
  }
  return /^https?:\/\/[^/]/i.test(src) ? src : undefined;
}

/** A file on this computer: a relative or absolute path (`C:\…` included) or a `file:` URL. */
export function isLocalImage(src: string): boolean {
  if (!src || src.startsWith('#') || src.startsWith('//')) {
    return false;
  }
  const scheme = SCHEME.exec(src);
  return !scheme || scheme[1].length === 1 || scheme[1].toLowerCase() === 'file';
}

type LinkTarget = { kind: 'absolute'; url: string } | { kind: 'relative' } | { kind: 'none' };

/** What a link's href points at: the web (kept), a file of the repository (resolved by the caller), or nothing DingTalk can open. */
export function linkTarget(href: string): LinkTarget {
  if (!href || href.startsWith('#')) {
    return { kind: 'none' };
  }
  if (href.startsWith('//')) {
    return { kind: 'absolute', url: `https:${href}` };
  }
  const scheme = SCHEME.exec(href);
  if (!scheme || scheme[1].length === 1) {
    return { kind: 'relative' };
  }
  return LINK_SCHEMES.has(scheme[1].toLowerCase()) ? { kind: 'absolute', url: href } : { kind: 'none' };
}

export function isBadge(url: string): boolean {
  try {
    const parsed = new URL(url);
    return BADGE_HOST.test(parsed.hostname) || BADGE_PATH.test(parsed.pathname);
  } catch {
    return false;
  }
}

/** The last segment of a path, for an image shown by name: `docs/img/arch%20v2.png?raw=1` → `arch v2.png`. */
export function fileName(src: string): string {
  const path = src.replace(/[?#].*$/s, '').replace(/[\\/]+$/, '');
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * A URL as it can stand inside `(…)` in markdown: spaces, brackets, quotes, parentheses and non-ASCII
 * characters percent-encoded, existing escapes kept.
 */
export function encodeUrl(url: string): string {
  return url.replace(/%(?![0-9a-f]{2})|[^\x21-\x7E]|[()<>[\]\\^`{|}"]/giu, (ch) => {
    try {
      return encodeURIComponent(ch).replace(/[()]/g, (p) => `%${p.charCodeAt(0).toString(16).toUpperCase()}`);
    } catch {
      return '';
    }
  });
}
