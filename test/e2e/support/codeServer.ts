import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { tools } from './tools';
import { prepareProfile, profileEnv, runCli, type Profile, type VsCodeWindow, type WindowOptions } from './vscodeWindow';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`code-server exited with ${server.exitCode} before it was ready`);
    }
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server was not ready at ${url} after ${timeoutMs / 1000} s`);
}

/** Stops a detached process and its group (code-server's extension hosts and watchers). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))]);
  if (!inTime) {
    process.kill(-child.pid, 'SIGKILL');
    await exited;
  }
}

/**
 * code-server (VS Code 1.139: the real workbench and extension host) on a free loopback port, with
 * the packaged extension installed in the profile, shown in Debian's Chromium.
 */
export async function openCodeServer(profile: Profile, options: WindowOptions): Promise<VsCodeWindow> {
  const { node, codeServer, chromium: browserPath } = tools();
  const logFile = join(profile.root, 'server.log');
  const env = profileEnv(profile);
  const base = [codeServer, '--config', join(profile.xdg, 'code-server.yaml'), '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
  if (options.locale) {
    // code-server takes the display language from --locale or <user-data>/User/argv.json.
    base.push('--locale', options.locale);
    writeFileSync(join(profile.userData, 'User', 'argv.json'), JSON.stringify({ locale: options.locale }));
  }
  await prepareProfile(profile, options, (args) => runCli(node, [...base, ...args], env, logFile));

  const port = await freePort();
  const args = [...base, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check'];
  if (options.trusted) {
    args.push('--disable-workspace-trust');
  }
  const log = createWriteStream(logFile, { flags: 'a' });
  const server = spawn(node, [...args, options.workspace], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  server.stdout?.pipe(log, { end: false });
  server.stderr?.pipe(log, { end: false });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${url}/healthz`, server, 60_000);
    const browser = await chromium.launchPersistentContext(profile.browser, {
      executablePath: browserPath,
      headless: true,
      env,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      viewport: { width: 1400, height: 900 },
      locale: options.locale,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${url}/?folder=${encodeURIComponent(options.workspace)}`);
    return {
      page,
      logFiles: [logFile],
      readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
      openAnother: async (workspace) => {
        const tab = await browser.newPage();
        await tab.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
        return tab;
      },
      close: async () => {
        await browser.close().catch(() => undefined);
        await stopGroup(server);
        await new Promise<void>((resolve) => log.end(resolve));
      },
    };
  } catch (error) {
    await stopGroup(server);
    await new Promise<void>((resolve) => log.end(resolve));
    throw error;
  }
}
