import * as vscode from 'vscode';
import { CommandIds, MenuCommandIds } from '../commandIds';
import type { HistoryServices } from '../history/sendAgain';
import { lazyBundle, needingCore, runHandler } from '../lazy';
import type * as Table from './registerCommands';
import { TerminalCommands } from './terminalCommands';

type Handlers = ReturnType<typeof Table.commandHandlers>;

/**
 * Registers every command at activation, each as a thunk: the first call loads the registration
 * table with the commands and everything they use (dist/commands.js, see src/extension/lazy.ts).
 * A table that cannot be loaded is told once as a damaged installation (`damagedInstall.ts`), not
 * as VS Code's "command … resulted in an error", and is loaded again on a later call. The table
 * imports the core, which is loaded first, so a damaged dist/core.js is told as the core's.
 */
export function registerCommands(context: vscode.ExtensionContext, services: Omit<HistoryServices, 'flows'>, log: vscode.LogOutputChannel): void {
  const terminalCommands = new TerminalCommands();
  context.subscriptions.push(terminalCommands);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first command (dist/commands.js)
  const table = lazyBundle('commands', needingCore(() => require('./registerCommands') as typeof Table));
  let handlers: Handlers | undefined;
  const load = (): Handlers => {
    handlers ??= table().commandHandlers(context, services, log, terminalCommands);
    return handlers;
  };
  for (const id of [...Object.values(CommandIds), ...Object.values(MenuCommandIds)]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => runHandler(() => load()[id](...args))));
  }
}
