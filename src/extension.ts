import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LedgerFactory } from './core';
import { ClientLifecycle } from './extension/clientLifecycle';
import { tellDamagedInstalls } from './extension/damagedInstall';
import type { Translate } from './extension/ports';
import type { HistoryServices } from './extension/history/sendAgain';
import { SendHistory } from './extension/history/store';
import { RobotStore } from './extension/robotStore';
import { SendsUnderWay } from './extension/sendsUnderWay';
import { UnsentContentStore } from './extension/unsentContent';
import { GlobalStorageHistoryFile } from './extension/vscode/historyFile';
import { createHistoryView } from './extension/vscode/historyView';
import { core, damagedInstalls } from './extension/lazy';
import { registerCommands } from './extension/vscode/commandRegistration';
import { affectsTransport, readSettings, transportOptions } from './extension/vscode/settings';
import { createStatusBar } from './extension/vscode/statusBar';
import { VsCodeUi } from './extension/vscode/ui';

/** What outlives a command: closed on deactivate, after the history has recorded the sends still waiting. */
let session: { history: SendHistory; clients: ClientLifecycle } | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const version = String(context.extension.packageJSON.version ?? '');
  const log = vscode.window.createOutputChannel('DingTalk', { log: true });
  const ui = new VsCodeUi();
  const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
  // First: a part loaded on first use that cannot be loaded is told from the first time on.
  context.subscriptions.push(tellDamagedInstalls(ui, t, log, () => log.show()));
  // Changes the history file could not take are kept in the window's own state over a reload: another window never saves them twice.
  const history = new SendHistory(new GlobalStorageHistoryFile(context.globalStorageUri), log, { keep: context.workspaceState });
  // Every window of this user on this machine draws from one budget per robot, and so do the
  // clients replaced after a proxy change while their sends finish. Made with the first client, as
  // the core is loaded on first use.
  let ledger: LedgerFactory | undefined;
  let ledgerFailed = false;
  const sharedLedger = (): LedgerFactory =>
    (ledger ??= core().fileLedger(join(context.globalStorageUri.fsPath, 'rate-ledger.json'), {
      onError: (error) => {
        if (!ledgerFailed) {
          ledgerFailed = true;
          log.warn(`The rate-limit ledger shared with other windows cannot be used (${core().errorMessage(error)}); this window keeps to DingTalk's limit on its own.`);
        }
      },
    }));
  // Not awaited: the first read marks sends a crashed window left 'sending' as not sent.
  void history.load();
  const clients = new ClientLifecycle((onEvent) => new (core().DingTalkClient)({ logger: log, transport: transportOptions(version), rateLimit: { ledger: sharedLedger() }, onEvent }));
  const unsent = new UnsentContentStore();
  const underWay = new SendsUnderWay();
  session = { history, clients };
  const services: Omit<HistoryServices, 'flows'> = {
    ui,
    t,
    // The core's choice of language, asked of it when a command first needs it.
    get language() {
      return core().textLanguage(vscode.env.language);
    },
    locale: vscode.env.language,
    robots: new RobotStore(context.globalState, context.secrets),
    settings: readSettings,
    client: () => clients.client(),
    onClientEvent: (listener) => clients.onEvent(listener),
    log,
    history,
    unsent,
    underWay,
    damagedInstalls,
  };
  registerCommands(context, services, log);
  context.subscriptions.push(
    log,
    unsent,
    underWay,
    createStatusBar(services),
    createHistoryView(services),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsTransport(event)) {
        clients.renew();
      }
    }),
  );
  log.info(`DingTalk Sender ${version} activated (VS Code ${vscode.version}, ${vscode.env.language})`);
}

export async function deactivate(): Promise<void> {
  const ending = session;
  session = undefined;
  // Sends still waiting (in the rate-limit queue, say) go into the history as not sent, before VS Code goes.
  await ending?.history.close();
  await ending?.clients.dispose();
}
