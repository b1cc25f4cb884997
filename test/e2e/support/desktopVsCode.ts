import { resolveCliPathFromVSCodeExecutablePath } from '@vscode/test-electron';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { prepareProfile, profileEnv, runCli, type Profile, type VsCodeWindow, type WindowOptions } from './vscodeWindow';

/**
 * Desktop VS Code (for contributors who have it; these machines cannot download it): the extension is
 * installed with the CLI @vscode/test-electron finds next to `executable`, and the window is driven
 * through playwright's Electron support. Context menus and dialogs are switched to VS Code's own
 * (custom) style so the same selectors work as in code-server.
 */
export async function openDesktop(executable: string, profile: Profile, options: WindowOptions): Promise<VsCodeWindow> {
  const logFile = join(profile.root, 'vscode-cli.log');
  const env = profileEnv(profile);
  const profileArgs = ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
  const settings = { ...options.settings, 'window.titleBarStyle': 'custom', 'window.menuStyle': 'custom', 'window.dialogStyle': 'custom' };
  const cli = resolveCliPathFromVSCodeExecutablePath(executable);
  await prepareProfile(profile, { ...options, settings }, (args) => runCli(cli, [...profileArgs, ...args], env, logFile));

  const args = [options.workspace, ...profileArgs, '--new-window', '--skip-welcome', '--skip-release-notes', '--disable-gpu', '--disable-updates'];
  if (options.trusted) {
    args.push('--disable-workspace-trust');
  }
  if (options.locale) {
    args.push('--locale', options.locale);
  }
  const app = await electron.launch({ executablePath: executable, args, env });
  const page = await app.firstWindow();
  await page.setViewportSize({ width: 1400, height: 900 }).catch(() => undefined);
  return {
    page,
    logFiles: [logFile],
    readClipboard: () => app.evaluate(({ clipboard }) => clipboard.readText()),
    close: () => app.close().catch(() => undefined),
  };
}
