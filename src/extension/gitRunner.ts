import { execFile } from 'node:child_process';

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
