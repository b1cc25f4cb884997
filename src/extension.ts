import * as vscode from 'vscode';
import { DingTalkClient, type ClientEvent } from './core';
import { RobotStore } from './extension/robotStore';
import type { Services } from './extension/services';
import { registerCommands } from './extension/vscode/registerCommands';
import { affectsTransport, readSettings, transportOptions } from './extension/vscode/settings';
import { createStatusBar } from './extension/vscode/statusBar';
import { VsCodeUi } from './extension/vscode/ui';

let client: DingTalkClient | undefined;
/** Clients replaced after a proxy change: sends under way finish on them; they close on deactivate. */
const retired: DingTalkClient[] = [];

export function activate(context: vscode.ExtensionContext): void {
  const version = String(context.extension.packageJSON.version ?? '');
  const log = vscode.window.createOutputChannel('DingTalk', { log: true });
  const listeners = new Set<(event: ClientEvent) => void>();
  const services: Services = {
    ui: new VsCodeUi(),
    t: (message, ...args) => vscode.l10n.t(message, ...args),
    locale: vscode.env.language,
    robots: new RobotStore(context.globalState, context.secrets),
    settings: readSettings,
    client: () => {
      client ??= new DingTalkClient({
        logger: log,
        transport: transportOptions(version),
        onEvent: (event) => listeners.forEach((listener) => listener(event)),
      });
      return client;
    },
    onClientEvent: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    log,
  };
  registerCommands(context, services, log);
  context.subscriptions.push(
    log,
    createStatusBar(services),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsTransport(event) && client) {
        retired.push(client);
        client = undefined;
      }
    }),
  );
  log.info(`DingTalk Sender ${version} activated (VS Code ${vscode.version}, ${vscode.env.language})`);
}

export async function deactivate(): Promise<void> {
  await Promise.all([client, ...retired.splice(0)].map((old) => old?.close()));
  client = undefined;
}
