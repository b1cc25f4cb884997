import { join } from 'node:path';
import * as vscode from 'vscode';
import { DingTalkClient, fileLedger, type ClientEvent } from './core';
import { RobotStore } from './extension/robotStore';
import type { HistoryServices } from './extension/history/sendAgain';
import { SendHistory } from './extension/history/store';
import { GlobalStorageHistoryFile } from './extension/vscode/historyFile';
import { createHistoryView } from './extension/vscode/historyView';
import { registerCommands } from './extension/vscode/registerCommands';
import { affectsTransport, readSettings, transportOptions } from './extension/vscode/settings';
import { createStatusBar } from './extension/vscode/statusBar';
import { VsCodeUi } from './extension/vscode/ui';

let client: DingTalkClient | undefined;
/** Clients replaced after a proxy change: sends under way finish on them; they close on deactivate. */
const retired: DingTalkClient[] = [];
let history: SendHistory | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const version = String(context.extension.packageJSON.version ?? '');
  const log = vscode.window.createOutputChannel('DingTalk', { log: true });
  const listeners = new Set<(event: ClientEvent) => void>();
  history = new SendHistory(new GlobalStorageHistoryFile(context.globalStorageUri), log);
  // Every window of this user on this machine draws from one budget per robot, and so do the
  // clients replaced after a proxy change while their sends finish.
  let ledgerFailed = false;
  const ledger = fileLedger(join(context.globalStorageUri.fsPath, 'rate-ledger.json'), {
    onError: (error) => {
      if (!ledgerFailed) {
        ledgerFailed = true;
        log.warn(`The rate-limit ledger shared with other windows cannot be used (${error instanceof Error ? error.message : String(error)}); this window keeps to DingTalk's limit on its own.`);
      }
    },
  });
  // Not awaited: the first read marks sends a crashed window left 'sending' as not sent.
  void history.load();
  const services: HistoryServices = {
    ui: new VsCodeUi(),
    t: (message, ...args) => vscode.l10n.t(message, ...args),
    locale: vscode.env.language,
    robots: new RobotStore(context.globalState, context.secrets),
    settings: readSettings,
    client: () => {
      client ??= new DingTalkClient({
        logger: log,
        transport: transportOptions(version),
        rateLimit: { ledger },
        onEvent: (event) => listeners.forEach((listener) => listener(event)),
      });
      return client;
    },
    onClientEvent: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    log,
    history,
  };
  registerCommands(context, services, log);
  context.subscriptions.push(
    log,
    createStatusBar(services),
    createHistoryView(services),
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
  // Sends still waiting (in the rate-limit queue, say) go into the history as not sent, before VS Code goes.
  await history?.close();
  history = undefined;
  await Promise.all([client, ...retired.splice(0)].map((old) => old?.close()));
  client = undefined;
}
