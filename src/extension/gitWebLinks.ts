import { execFile } from 'node:child_process';
import { dirname, posix } from 'node:path';
import { safeDecode } from './safeDecode';

/**
 * Runs git in `cwd` and resolves with its output, or undefined when git is missing, the folder is
 * not a repository, or the command fails: a markdown file outside git simply gets no web links.
 */
export type GitRunner = (cwd: string, args: readonly string[], input?: string) => Promise<string | undefined>;

/**
 * The `git` on the PATH through execFile (no shell). Only commands that read objects and refs are
 * run, none that refresh the index, so a repository's own configuration starts no program (fsmonitor
 * is switched off anyway); no prompt, no lock is taken, and nothing goes over the network.
 */
export function execGit(env: NodeJS.ProcessEnv = process.env): GitRunner {
  return (cwd, args, input) =>
    new Promise((resolve) => {
      const child = execFile(
        'git',
        ['-c', 'core.fsmonitor=false', ...args],
        {
          cwd,
          env: { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
          encoding: 'utf8',
          timeout: 10_000,
          maxBuffer: 16 * 1024 * 1024,
          windowsHide: true,
        },
        (error, stdout) => resolve(error ? undefined : stdout),
      );
      // Without git, writing its input fails with EPIPE: the callback above already says undefined.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    });
}

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

/** Where a folder sits in its repository. */
interface Folder {
  top: string;
  /** The folder's path in the repository, '' at the top, else ending with '/'. */
  prefix: string;
}

/** What links are made from: the repository's web pages and the newest commit of HEAD's history on the remote. */
export interface Published {
  web: WebRepository;
  commit: string;
  /** The remote's name: the current branch's upstream remote, else `origin`. */
  remote: string;
}

function firstLine(output: string | undefined): string | undefined {
  const line = output?.split('\n')[0].trim();
  return line ? line : undefined;
}

/** `?query#fragment` re-encoded, without double-encoding what is encoded already. */
function encodeSuffix(suffix: string): string {
  try {
    return encodeURI(decodeURI(suffix));
  } catch {
    return encodeURI(suffix);
  }
}

/** A link's target in the repository and what follows its path; undefined for what is not a relative file link. */
function splitHref(href: string): { path: string; suffix: string } | undefined {
  const text = href.trim();
  if (!text || text.startsWith('#') || text.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(text)) {
    return undefined;
  }
  const cut = text.search(/[?#]/);
  return cut < 0 ? { path: text, suffix: '' } : { path: text.slice(0, cut), suffix: text.slice(cut) };
}

/**
 * The repository path a link points at, from the folder of the markdown file (`prefix`); a path
 * starting with `/` is from the repository's top, as GitHub reads it. Undefined when it leaves the repository.
 */
export function repositoryPath(prefix: string, linkPath: string): string | undefined {
  const decoded = safeDecode(linkPath);
  if (!decoded || /[\n\r\0]/.test(decoded)) {
    return undefined;
  }
  const joined = decoded.startsWith('/') ? decoded.replace(/^\/+/, '') : `${prefix}${decoded}`;
  const normalized = posix.normalize(joined || '.');
  if (normalized === '..' || normalized.startsWith('../')) {
    return undefined;
  }
  return normalized === '.' || normalized === './' ? '' : normalized.replace(/\/+$/, '');
}

/** The remote links go to, and its web pages when its host is one whose URL forms are known. */
export interface LinkRemote {
  /** The current branch's upstream remote, else `origin`. */
  name: string;
  url: string;
  web?: WebRepository;
}

/** The remote of the repository at `top` whose pages links go to; undefined when it has no such remote. */
export async function linkRemote(git: GitRunner, top: string): Promise<LinkRemote | undefined> {
  const branch = firstLine(await git(top, ['symbolic-ref', '--quiet', '--short', 'HEAD']));
  const upstream = branch ? firstLine(await git(top, ['config', '--get', `branch.${branch}.remote`])) : undefined;
  // "." is the repository itself; a name starting with "-" would read as an option.
  const name = upstream && upstream !== '.' && !upstream.startsWith('-') ? upstream : 'origin';
  const url = firstLine(await git(top, ['remote', 'get-url', '--', name]));
  return url ? { name, url, web: webRepository(url) } : undefined;
}

/**
 * The newest commit of HEAD's history that the link remote has: HEAD when a branch of the remote
 * has it, else the newest ancestor of HEAD the remote has. Undefined without a web host of known
 * form or a pushed commit.
 */
export async function publishedCommit(git: GitRunner, top: string): Promise<Published | undefined> {
  const head = firstLine(await git(top, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']));
  if (!head) {
    return undefined;
  }
  const found = await linkRemote(git, top);
  const web = found?.web;
  if (!found || !web) {
    return undefined;
  }
  const remote = found.name;
  // HEAD's commits the remote lacks, then (prefixed "-") the remote's commits they grow from. The
  // remote's refs are named by pattern, not listed: a repository may have thousands.
  const walk = await git(top, ['rev-list', '--boundary', '--date-order', head, '--not', `--remotes=${remote}`]);
  if (walk === undefined) {
    return undefined;
  }
  const lines = walk.split('\n').filter(Boolean);
  if (lines.length === 0) {
    return { web, commit: head, remote };
  }
  const boundary = lines.filter((line) => line.startsWith('-')).map((line) => line.slice(1));
  if (boundary.length === 0) {
    // Nothing of HEAD's history is on the remote: nothing to link to.
    return undefined;
  }
  // After a merge of several remote branches, the newest of them.
  const newest = boundary.length === 1 ? boundary[0] : firstLine(await git(top, ['rev-list', '--no-walk', ...boundary]));
  return newest ? { web, commit: newest, remote } : undefined;
}

/**
 * Turns relative links in a markdown file into links to its repository's web pages (GitHub, GitLab,
 * Gitee, Codeup) at the pushed commit: HEAD when a branch of the remote has it, else the newest
 * ancestor of HEAD the remote has. The remote is the current branch's upstream remote, else
 * `origin`. A link to what that commit does not have (a new or untracked file), or to outside the
 * repository, gets no URL: the group sees its text, never a dead link. One instance serves one send:
 * what it learns of a repository is asked of git once.
 */
export class GitWebLinks {
  private readonly folders = new Map<string, Promise<Folder | undefined>>();
  private readonly repositories = new Map<string, Promise<Published | undefined>>();

  constructor(private readonly git: GitRunner = execGit()) {}

  /** The web URL for each link (as written) of the markdown file at `markdownFile` that has one. */
  async resolve(markdownFile: string | undefined, hrefs: readonly string[]): Promise<Map<string, string>> {
    const links = new Map<string, string>();
    const wanted = [...new Set(hrefs)].map((href) => ({ href, parts: splitHref(href) })).filter((link) => link.parts);
    if (!markdownFile || wanted.length === 0) {
      return links;
    }
    const folder = await this.folder(dirname(markdownFile));
    const published = folder && (await this.published(folder.top));
    if (!folder || !published) {
      return links;
    }
    const targets = wanted
      .map(({ href, parts }) => ({ href, suffix: parts?.suffix ?? '', path: parts && repositoryPath(folder.prefix, parts.path) }))
      .filter((target): target is { href: string; suffix: string; path: string } => target.path !== undefined);
    const kinds = await this.objectKinds(folder.top, published.commit, targets.map((target) => target.path));
    targets.forEach((target, i) => {
      const kind = kinds[i];
      if (kind === 'blob' || kind === 'tree') {
        links.set(target.href, `${published.web.url(kind, published.commit, target.path)}${encodeSuffix(target.suffix)}`);
      }
    });
    return links;
  }

  private folder(dir: string): Promise<Folder | undefined> {
    let found = this.folders.get(dir);
    if (!found) {
      found = this.git(dir, ['rev-parse', '--show-toplevel', '--show-prefix']).then((output) => {
        const [top, prefix = ''] = output?.split('\n') ?? [];
        return top ? { top, prefix } : undefined;
      });
      this.folders.set(dir, found);
    }
    return found;
  }

  private published(top: string): Promise<Published | undefined> {
    let found = this.repositories.get(top);
    if (!found) {
      found = publishedCommit(this.git, top);
      this.repositories.set(top, found);
    }
    return found;
  }

  /** `blob`, `tree`, `commit` (a submodule) or `missing` for each path at the commit, in one git call. */
  private async objectKinds(top: string, commit: string, paths: readonly string[]): Promise<Array<string | undefined>> {
    if (paths.length === 0) {
      return [];
    }
    const output = await this.git(top, ['cat-file', '--batch-check'], paths.map((path) => `${commit}:${path}\n`).join(''));
    const lines = output?.split('\n') ?? [];
    return paths.map((_, i) => /^[0-9a-f]+ (\w+) \d+$/.exec(lines[i] ?? '')?.[1]);
  }
}
