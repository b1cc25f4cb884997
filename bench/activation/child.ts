/**
 * One activation in a fresh process: resolves `vscode` to the bench's fake, then times loading the
 * production bundle and running `activate()` with a minimal ExtensionContext. Prints one JSON line.
 * argv[2]: path of the bundle.
 */
import Module from 'node:module';
import { join } from 'node:path';
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

const context = {
  subscriptions: [] as Array<{ dispose(): unknown }>,
  extension: { id: 'dingtalk-sender.dingtalk-sender', packageJSON: { version: '0.0.0-bench' } },
  globalStorageUri: fakeVscode.Uri.file('/nonexistent/dingtalk-sender-bench'),
  globalState: memento({
    'dingtalk.robots': [{ id: 'bench', name: 'Bench robot', kind: 'webhook' }],
    'dingtalk.defaultRobotId': 'bench',
  }),
  secrets: {
    get: async () => undefined,
    store: async () => undefined,
    delete: async () => undefined,
    onDidChange: () => new fakeVscode.Disposable(),
  },
};

async function main(): Promise<void> {
  const bundle = process.argv[2];
  const start = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS and its load is what is timed
  const extension = require(bundle) as Extension;
  const loaded = performance.now();
  await extension.activate(context);
  const activated = performance.now();
  context.subscriptions.forEach((item) => item.dispose());
  await extension.deactivate?.();
  const run: ActivationRun = {
    loadMs: loaded - start,
    activateMs: activated - loaded,
    commands: fakeVscode.commands.registered.length,
    touched: fakeVscode.touched,
  };
  console.log(JSON.stringify(run));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
