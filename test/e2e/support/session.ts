import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DingTalkSimulator } from '../../sim/simulator';
import { openCodeServer } from './codeServer';
import { openDesktop } from './desktopVsCode';
import { e2eCache } from './tools';
import { makeProfile, type Profile, type VsCodeWindow, type WindowOptions } from './vscodeWindow';
import { Workbench } from './workbench';

export interface SessionOptions {
  /** Workspace files by relative path. */
  files?: Record<string, string | Buffer>;
  /** User settings on top of the defaults (which point the extension at this session's simulator). */
  settings?: Record<string, unknown>;
  locale?: string;
  /** Default true. false: the folder asks for trust, as an unknown folder does. */
  trusted?: boolean;
  /** Adds robots to the simulator before VS Code starts. */
  robots?: (sim: DingTalkSimulator) => void;
  /** Runs on the workspace folder once its files are written, before VS Code opens it (to make it a git repository, say). */
  prepare?: (workspace: string) => void;
  /** The user's keybindings.json, as VS Code reads it. */
  keybindings?: Array<{ key: string; command: string; when?: string; args?: unknown }>;
}

const open = new Set<Session>();

/** Settings that keep the workbench quiet and predictable, as on a machine used for the first time. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.editor.enablePreview': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  // Most scenarios are about something else; the preview has scenarios of its own.
  'dingtalk.confirmBeforeSend': 'never',
};

function slug(title: string): string {
  return title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/** code-server, or the desktop VS Code `npm run test:desktop` names. */
function openVsCode(profile: Profile, options: WindowOptions): Promise<VsCodeWindow> {
  const desktop = process.env.E2E_VSCODE_EXECUTABLE;
  return desktop ? openDesktop(desktop, profile, options) : openCodeServer(profile, options);
}

/**
 * One test's world: a fresh profile, the project's DingTalk simulator on a loopback port, and a VS Code
 * window with the packaged extension installed, showing a workspace of the test's files.
 */
export class Session {
  readonly workbench: Workbench;
  private readonly consoleLog: string[] = [];
  private vscodeOpen = true;

  private constructor(
    readonly title: string,
    readonly profile: Profile,
    readonly workspace: string,
    readonly sim: DingTalkSimulator,
    private readonly window: VsCodeWindow,
  ) {
    this.workbench = new Workbench(window.page);
    window.page.on('console', (message) => this.consoleLog.push(`[${message.type()}] ${message.text()}`));
    window.page.on('pageerror', (error) => this.consoleLog.push(`[pageerror] ${error.message}`));
  }

  static async start(title: string, vsix: string, options: SessionOptions = {}): Promise<Session> {
    // Short: code-server puts a Unix socket below the profile, and socket paths are limited to 107 bytes.
    mkdirSync(join(e2eCache, 'runs'), { recursive: true });
    const root = mkdtempSync(join(e2eCache, 'runs', 'p-'));
    const profile = makeProfile(root);
    const workspace = join(root, 'workspace');
    mkdirSync(workspace, { recursive: true });
    for (const [path, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), content);
    }
    options.prepare?.(workspace);
    if (options.keybindings) {
      writeFileSync(join(profile.userData, 'User', 'keybindings.json'), JSON.stringify(options.keybindings, null, 2));
    }
    const sim = await DingTalkSimulator.start();
    try {
      options.robots?.(sim);
      const window = await openVsCode(profile, {
        vsix,
        workspace,
        locale: options.locale,
        trusted: options.trusted ?? true,
        settings: { ...quietSettings, 'dingtalk.oapiBaseUrl': sim.origin, 'dingtalk.apiBaseUrl': sim.origin, ...options.settings },
      });
      const session = new Session(title, profile, workspace, sim, window);
      open.add(session);
      return session;
    } catch (error) {
      await sim.stop();
      throw error;
    }
  }

  get page(): Page {
    return this.window.page;
  }

  readClipboard(): Promise<string> {
    return this.window.readClipboard();
  }

  /**
   * A second window of the same VS Code server on the session's workspace (a second browser tab: an
   * extension host of its own, the same profile and global storage), ready to drive.
   */
  async openWindow(): Promise<Workbench> {
    if (!this.window.openAnother) {
      throw new Error('this VS Code cannot open a second window of the same server');
    }
    const page = await this.window.openAnother(this.workspace);
    page.on('console', (message) => this.consoleLog.push(`[window 2] [${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => this.consoleLog.push(`[window 2] [pageerror] ${error.message}`));
    const workbench = new Workbench(page);
    await workbench.ready();
    return workbench;
  }

  /** The extension's global storage folder in this profile (the Sent History, the rate ledger). */
  get globalStorage(): string {
    return join(this.profile.userData, 'User', 'globalStorage', 'dingtalk-sender.dingtalk-sender');
  }

  /**
   * With E2E_SCREENSHOTS=<folder> (e.g. media/screenshots), saves the part of the window around
   * `around` (all of them, when several: a menu and the view it opened on) as <folder>/<name>, for the README.
   */
  async illustrate(name: string, around: Locator | Locator[], margin = 12): Promise<void> {
    const folder = process.env.E2E_SCREENSHOTS;
    if (!folder) {
      return;
    }
    const boxes = (await Promise.all([around].flat().map((locator) => locator.boundingBox()))).filter((box) => box !== null);
    if (boxes.length > 0) {
      const x = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
      const y = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
      const right = Math.max(...boxes.map((box) => box.x + box.width)) + margin;
      const bottom = Math.max(...boxes.map((box) => box.y + box.height)) + margin;
      await this.page.screenshot({ path: join(folder, name), clip: { x, y, width: right - x, height: bottom - y } });
    }
  }

  /** Closes VS Code (so everything it writes is on disk), keeping the simulator and the profile. */
  async stopVsCode(): Promise<void> {
    if (this.vscodeOpen) {
      this.vscodeOpen = false;
      await this.window.close();
    }
  }

  /** Keeps a screenshot, VS Code's and the browser's logs, and what the simulator saw. */
  async saveArtifacts(): Promise<string> {
    const dir = join(e2eCache, 'failures', slug(this.title));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (this.vscodeOpen) {
      await this.page.screenshot({ path: join(dir, 'screenshot.png') }).catch(() => undefined);
    }
    writeFileSync(join(dir, 'browser-console.log'), this.consoleLog.join('\n'));
    writeFileSync(join(dir, 'simulator.json'), JSON.stringify({ requests: this.sim.requests, messages: this.sim.messages, uploads: this.sim.uploads }, null, 2));
    for (const file of this.window.logFiles.filter(existsSync)) {
      cpSync(file, join(dir, basename(file)));
    }
    const logs = join(this.profile.userData, 'logs');
    if (existsSync(logs)) {
      cpSync(logs, join(dir, 'vscode-logs'), { recursive: true });
    }
    return dir;
  }

  async close(): Promise<void> {
    open.delete(this);
    await this.stopVsCode();
    await this.sim.stop();
    rmSync(this.profile.root, { recursive: true, force: true });
  }

  static openSessions(): Session[] {
    return [...open];
  }
}

/** Every file below `dirs` that contains one of `needles` (as UTF-8 or UTF-16), as "path: needle". */
export function filesContaining(dirs: string[], needles: string[], base: string): string[] {
  const patterns = needles.flatMap((needle) => [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')].map((bytes) => ({ needle, bytes })));
  const hits = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.isFile() && statSync(path).size < 200 * 1024 * 1024) {
        const content = readFileSync(path);
        for (const pattern of patterns.filter(({ bytes }) => content.includes(bytes))) {
          hits.add(`${relative(base, path)}: ${pattern.needle}`);
        }
      }
    }
  };
  dirs.filter(existsSync).forEach(walk);
  return [...hits];
}
