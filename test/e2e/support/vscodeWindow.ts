import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeLanguagePacksJson, writeStubLanguagePack } from './languagePack';

/** One test's profile: everything VS Code and the browser write goes below `root`. */
export interface Profile {
  root: string;
  userData: string;
  extensions: string;
  /** XDG config/data/cache homes, so nothing lands in the real home folder. */
  xdg: string;
  browser: string;
}

export function makeProfile(root: string): Profile {
  const profile = { root, userData: join(root, 'user-data'), extensions: join(root, 'extensions'), xdg: join(root, 'xdg'), browser: join(root, 'browser') };
  for (const dir of [join(profile.userData, 'User'), profile.extensions, profile.xdg, profile.browser]) {
    mkdirSync(dir, { recursive: true });
  }
  return profile;
}

export function profileEnv(profile: Profile): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    XDG_CONFIG_HOME: join(profile.xdg, 'config'),
    XDG_DATA_HOME: join(profile.xdg, 'data'),
    XDG_CACHE_HOME: join(profile.xdg, 'cache'),
  };
}

export interface WindowOptions {
  vsix: string;
  workspace: string;
  /** User settings (<user-data>/User/settings.json). */
  settings: Record<string, unknown>;
  /** A display language other than English, e.g. "zh-cn". */
  locale?: string;
  /** false opens the folder the way a new user meets an unknown folder: asking for trust, Restricted Mode if refused. */
  trusted: boolean;
}

/** A VS Code window showing the test's workspace, driven through `page`. */
export interface VsCodeWindow {
  page: Page;
  /** Logs worth keeping when a test fails. */
  logFiles: string[];
  readClipboard(): Promise<string>;
  /**
   * Another window of the same VS Code: a second browser tab of the same server (its own extension
   * host, the same profile), showing `workspace`. Desktop VS Code does not offer it.
   */
  openAnother?(workspace: string): Promise<Page>;
  /** Closes the window and stops every process it started. */
  close(): Promise<void>;
}

/** Runs a VS Code command line to its end, its output appended to `logFile`. */
export async function runCli(command: string, args: string[], env: Record<string, string>, logFile: string): Promise<void> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', reject).on('close', resolve);
  });
  await new Promise<void>((resolve) => log.end(resolve));
  if (code !== 0) {
    throw new Error(`${args.join(' ')} exited with ${code}; see ${logFile}`);
  }
}

/**
 * Writes the user settings and installs the packaged extension into the profile (with a language pack
 * for the locale) through `cli`, VS Code's own command line.
 */
export async function prepareProfile(profile: Profile, options: WindowOptions, cli: (args: string[]) => Promise<void>): Promise<void> {
  writeFileSync(join(profile.userData, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  await cli(['--install-extension', options.vsix, '--force']);
  if (options.locale) {
    const pack = join(profile.root, `language-pack-${options.locale}.vsix`);
    await writeStubLanguagePack(options.locale, pack);
    await cli(['--install-extension', pack, '--force']);
    writeLanguagePacksJson(profile.userData, profile.extensions);
  }
}
