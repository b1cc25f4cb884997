import { dirname, posix } from 'node:path';
import { execGit, type GitRunner } from './gitRunner';
import { safeDecode } from './safeDecode';
import { webRepository, type WebRepository } from './webRepository';

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
