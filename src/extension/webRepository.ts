/** A remote's location, whatever form its URL takes. */
export interface RemoteLocation {
  /** `https` or `http` for web URLs; `ssh` and `git` remotes have their web pages on https. */
  scheme: string;
  host: string;
  /** The port of an http(s) remote; an ssh port says nothing of the web server's. */
  port?: string;
  /** `owner/repo` (GitLab and Codeup: `group/subgroup/repo`), without `.git`. */
  path: string;
}

const URL_SCHEMES = new Set(['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:']);

function cleanRepoPath(path: string): string | undefined {
  const cleaned = path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/i, '');
  return cleaned.includes('/') && !cleaned.split('/').some((part) => part === '' || part === '.' || part === '..') ? cleaned : undefined;
}

/**
 * Reads a remote URL: `https://[user@]host[:port]/owner/repo[.git]`, `ssh://git@host[:port]/owner/repo`,
 * the scp-like `git@host:owner/repo.git`, and `git://`. Local paths and `file:` remotes have no web
 * pages: undefined. Credentials in the URL are dropped.
 */
export function parseRemoteUrl(url: string): RemoteLocation | undefined {
  const text = url.trim();
  if (!text.includes('://')) {
    // scp-like: [user@]host:path. A one-letter "host" is a Windows drive (C:\repo), a path with a slash before the colon is local.
    const scp = /^(?:[^@/\\\s]+@)?([^@:/\\\s]{2,}):(.+)$/.exec(text);
    const path = scp && cleanRepoPath(scp[2]);
    return scp && path ? { scheme: 'ssh', host: scp[1].toLowerCase(), path } : undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  if (!URL_SCHEMES.has(parsed.protocol) || !parsed.hostname) {
    return undefined;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  const path = cleanRepoPath(pathname);
  if (!path) {
    return undefined;
  }
  const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return {
    scheme: web ? parsed.protocol.slice(0, -1) : parsed.protocol.replace(/:$/, ''),
    host: parsed.hostname.toLowerCase(),
    port: web && parsed.port ? parsed.port : undefined,
    path,
  };
}

/** A repository's pages on its host: blobs and trees at a commit, a commit, a comparison. */
export interface WebRepository {
  /** `https://github.com/acme/widgets` */
  base: string;
  /** The URL of a file (`blob`) or folder (`tree`) at a commit; `path` is repository-relative, '' for the root. */
  url(kind: 'blob' | 'tree', commit: string, path: string): string;
  /** The URL of lines `start`–`end` (1-based) of a file at a commit: `#L3-L9`, GitLab `#L3-9`. */
  lines(commit: string, path: string, start: number, end: number): string;
  /** The page of one commit. */
  commit(commit: string): string;
  /** The page comparing `head` with `base` as a pull request would (`base...head`); undefined where the form is not known (Codeup). */
  compare(base: string, head: string): string | undefined;
}

/** Hosts reached over ssh under another name than their web pages. */
const SSH_ALIASES: Record<string, string> = { 'ssh.github.com': 'github.com', 'altssh.gitlab.com': 'gitlab.com' };

type WebStyle = 'github' | 'gitee' | 'codeup' | 'gitlab';

/**
 * How a host shows a file: GitHub `/blob/<sha>/<path>` (`/tree/` for folders); Gitee and Codeup
 * (codeup.aliyun.com, whose repositories sit under an organisation id and groups) the same; GitLab
 * (gitlab.com and self-hosted `gitlab.*` hosts) `/-/blob/<sha>/<path>`. Other hosts: unknown.
 */
function styleOf(host: string): WebStyle | undefined {
  if (host === 'github.com') {
    return 'github';
  }
  if (host === 'gitee.com') {
    return 'gitee';
  }
  if (host === 'codeup.aliyun.com') {
    return 'codeup';
  }
  return host === 'gitlab.com' || host.startsWith('gitlab.') ? 'gitlab' : undefined;
}

/** `#L3-L9` (GitHub, Gitee, Codeup) or GitLab's `#L3-9`; one line is `#L3` everywhere. */
function lineAnchor(style: WebStyle, start: number, end: number): string {
  if (end <= start) {
    return `#L${start}`;
  }
  return style === 'gitlab' ? `#L${start}-${end}` : `#L${start}-L${end}`;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The web pages of the repository behind a remote URL, when its host is one whose URL forms are known. */
export function webRepository(remoteUrl: string): WebRepository | undefined {
  const remote = parseRemoteUrl(remoteUrl);
  if (!remote) {
    return undefined;
  }
  const host = SSH_ALIASES[remote.host] ?? remote.host.replace(/^www\./, '');
  const style = styleOf(host);
  if (!style) {
    return undefined;
  }
  const scheme = remote.scheme === 'http' ? 'http' : 'https';
  const base = `${scheme}://${host}${remote.port ? `:${remote.port}` : ''}/${encodePath(remote.path)}`;
  const pages = style === 'gitlab' ? `${base}/-` : base;
  const url = (kind: 'blob' | 'tree', commit: string, path: string): string => `${pages}/${kind}/${commit}${path ? `/${encodePath(path)}` : ''}`;
  return {
    base,
    url,
    lines: (commit, path, start, end) => `${url('blob', commit, path)}${lineAnchor(style, start, end)}`,
    commit: (commit) => `${pages}/commit/${commit}`,
    compare: (from, to) => (style === 'codeup' ? undefined : `${pages}/compare/${from}...${to}`),
  };
}
