import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Real git repositories in a temporary folder, for the tests of web links. Works on a bare CI
 * machine: the author is set, the user's and the system's git configuration are ignored, and the
 * "remote" is a local bare repository (whose URL is then changed to a web host's: nothing is fetched).
 */
export class GitSandbox {
  readonly root = mkdtempSync(join(tmpdir(), 'dingtalk-git-'));
  /** The environment every git command here runs with. */
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    const emptyConfig = join(this.root, 'gitconfig');
    writeFileSync(emptyConfig, '');
    this.env = {
      PATH: process.env.PATH,
      HOME: this.root,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: emptyConfig,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_TERMINAL_PROMPT: '0',
    };
  }

  /** Runs git in `cwd`, returning its trimmed output. */
  git(cwd: string, ...args: string[]): string {
    return this.gitWith({}, cwd, ...args);
  }

  /** Runs git with extra environment variables (a commit's date, say). */
  gitWith(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd,
      env: { ...this.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  }

  /** A folder of plain files (no repository), `files` by relative path. */
  folder(name: string, files: Record<string, string> = {}): string {
    const dir = join(this.root, name);
    mkdirSync(dir, { recursive: true });
    this.write(dir, files);
    return dir;
  }

  write(dir: string, files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  }

  /** A repository on branch main with `files` committed. */
  repository(name: string, files: Record<string, string>): string {
    const dir = this.folder(name);
    this.git(dir, 'init', '-q', '-b', 'main');
    this.commit(dir, files, 'initial');
    return dir;
  }

  /** Writes `files` and commits them (and anything else changed), at `date` when given; returns the new commit's id. */
  commit(dir: string, files: Record<string, string>, message = 'change', date?: string): string {
    this.write(dir, files);
    this.git(dir, 'add', '-A');
    this.gitWith(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}, dir, 'commit', '-q', '-m', message);
    return this.git(dir, 'rev-parse', 'HEAD');
  }

  /** A bare repository as remote `remote`, pushed to (with upstream set), then pointed at `url`; returns the bare repository's path. */
  publish(dir: string, url: string, remote = 'origin'): string {
    const bare = join(this.root, `${remote}-${Math.random().toString(36).slice(2)}.git`);
    this.git(this.root, 'init', '-q', '--bare', bare);
    this.git(dir, 'remote', 'add', remote, bare);
    this.git(dir, 'push', '-q', '-u', remote, 'HEAD');
    this.git(dir, 'remote', 'set-url', remote, url);
    return bare;
  }

  head(dir: string): string {
    return this.git(dir, 'rev-parse', 'HEAD');
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
