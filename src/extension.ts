import * as vscode from 'vscode';
import { DingTalkClient, type ClientEvent } from './core';
import { RobotStore } from './extension/robotStore';
import type { Services } from './extension/services';
import { registerCommands } from './extension/vscode/registerCommands';
import { affectsTransport, readSettings, transportOptions } from './extension/vscode/settings';
import { createStatusBar } from './extension/vscode/statusBar';
import { VsCodeUi } from './extension/vscode/ui';

let client: DingTalkClient | undefined;

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
      if (affectsTransport(event)) {
        // The next send builds a client with the new proxy; sends under way finish on the old one.
        void client?.close();
        client = undefined;
      }
    }),
  );
  log.info(`DingTalk Sender ${version} activated (VS Code ${vscode.version}, ${vscode.env.language})`);
}

export async function deactivate(): Promise<void> {
  await client?.close();
  client = undefined;
}
