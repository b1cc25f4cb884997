/**
 * One activation in a fresh process: resolves `vscode` to the bench's fake, then times loading the
 * production bundle and running `activate()` with a minimal ExtensionContext. Prints one JSON line.
 * argv[2]: path of the bundle; argv[3] `send`: then runs Send Message twice, to a local HTTP server
 * standing in for DingTalk, timing each from the command to the first byte the server receives.
 * argv[3] `command`: runs command argv[4] with the JSON argument argv[5] once, the Sent History file
 * argv[6] (if given) in global storage and a robot that can upload ('files'), and reports the error
 * notifications and the history file after it (the unit tests' damaged installations).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import Module from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as fakeVscode from './fakeVscode';

interface Extension {
  activate(context: unknown): unknown;
  deactivate?(): unknown;
}

export interface ActivationRun {
  loadMs: number;
  activateMs: number;
  commands: number;
  touched: Record<string, number>;
  /** The files of the bundle's folder in require.cache once activate() returned. */
  loaded: string[];
  /** With `send`: the first Send Message after activation (it loads what sending needs) and the next. */
  send?: { coldMs: number; warmMs: number; loaded: string[] };
  /** With `command`: the error notifications it showed and the Sent History file after it. */
  command?: { errors: string[]; history?: string };
}

const fakePath = join(__dirname, 'fakeVscode.js');
const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? fakePath : resolve.call(this, request, ...rest);
};

/** globalState / secrets as Maps, holding one robot so activation takes the "user has a robot" path. */
function memento(initial: Record<string, unknown>): object {
  const values = new Map(Object.entries(initial));
  return {
    get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
    keys: () => [...values.keys()],
    setKeysForSync: () => undefined,
  };
}

const storage = mkdtempSync(join(tmpdir(), 'dingtalk-sender-activation-'));
const commanding = process.argv[3] === 'command';
process.on('exit', () => rmSync(storage, { recursive: true, force: true }));

const context = {
  subscriptions: [] as Array<{ dispose(): unknown }>,
  extension: { id: 'dingtalk-sender.dingtalk-sender', packageJSON: { version: '0.0.0-bench' } },
  // The bundle's folder is <extension>/dist.
  extensionPath: dirname(dirname(process.argv[2])),
  globalStorageUri: fakeVscode.Uri.file(storage),
  globalState: memento({
    'dingtalk.robots': [{ id: 'bench', name: 'Bench robot', kind: 'webhook' }, ...(commanding ? [{ id: 'files', name: 'Files robot', kind: 'webhook', appKey: 'bench-made-up-app-key' }] : [])],
    'dingtalk.defaultRobotId': 'bench',
  }),
  secrets: {
    get: async (key: string) => secrets.get(key),
    store: async () => undefined,
    delete: async () => undefined,
    onDidChange: () => new fakeVscode.Disposable(),
  },
};

const secrets = new Map<string, string>();

function loadedBundles(bundle: string): string[] {
  return Object.keys(require.cache)
    .filter((file) => dirname(file) === dirname(bundle))
    .map((file) => basename(file))
    .sort();
}

/** A stand-in for DingTalk's webhook that notes when each request's first byte arrives. */
async function listen(arrivals: number[]): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.setHeader('content-type', 'application/json').end('{"errcode":0,"errmsg":"ok"}'));
  });
  server.on('connection', (socket) => socket.on('data', () => arrivals.push(performance.now())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Runs Send Message (the text given, so nothing is asked) and gives the time to the first byte on the wire. */
async function timedSend(arrivals: number[], text: string): Promise<number> {
  const seen = arrivals.length;
  const start = performance.now();
  await fakeVscode.commands.executeCommand('dingtalk.sendMessage', { text });
  if (arrivals.length === seen) {
    throw new Error(`Send Message sent nothing: ${fakeVscode.errors.join(' / ') || 'no error shown'}`);
  }
  return arrivals[seen] - start;
}

async function main(): Promise<void> {
  const bundle = process.argv[2];
  const sending = process.argv[3] === 'send';
  const arrivals: number[] = [];
  const server = sending ? await listen(arrivals) : undefined;
  if (server) {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fakeVscode.userSettings.set('dingtalk.oapiBaseUrl', origin);
    fakeVscode.userSettings.set('dingtalk.confirmBeforeSend', 'never');
    secrets.set('dingtalk.robot.bench', JSON.stringify({ webhook: `${origin}/robot/send?access_token=bench-made-up-token` }));
  }
  if (commanding && process.argv[6]) {
    copyFileSync(process.argv[6], join(storage, 'history.json'));
  }
  const start = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS and its load is what is timed
  const extension = require(bundle) as Extension;
  const loaded = performance.now();
  await extension.activate(context);
  const activated = performance.now();
  const run: ActivationRun = {
    loadMs: loaded - start,
    activateMs: activated - loaded,
    commands: fakeVscode.commands.registered.length,
    touched: { ...fakeVscode.touched },
    loaded: loadedBundles(bundle),
  };
  if (server) {
    const coldMs = await timedSend(arrivals, 'Bench: the first send after activation');
    const warmMs = await timedSend(arrivals, 'Bench: the next send');
    run.send = { coldMs, warmMs, loaded: loadedBundles(bundle) };
  }
  if (commanding) {
    // As the Sent History view showing does: its entries once the history is read.
    await Promise.all(fakeVscode.treeDataProviders.map((provider) => provider.getChildren()));
    await fakeVscode.commands.executeCommand(process.argv[4], JSON.parse(process.argv[5] ?? 'null'));
    let history: string | undefined;
    try {
      history = readFileSync(join(storage, 'history.json'), 'utf8');
    } catch {
      history = undefined;
    }
    run.command = { errors: [...fakeVscode.errors], history };
  }
  context.subscriptions.forEach((item) => item.dispose());
  await extension.deactivate?.();
  server?.close();
  server?.closeAllConnections();
  console.log(JSON.stringify(run));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
