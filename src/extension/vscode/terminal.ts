import * as vscode from 'vscode';
import { runOfSelection } from '../terminal/selectionExecution';
import type { TerminalOutput, WorkspaceFolderInfo } from '../terminal/terminalMessage';
import type { TerminalCommands } from './terminalCommands';

/**
 * The terminal's selected text. `Terminal.selection` is still a proposed API, so the selection is
 * copied with the terminal's own Copy command and read from the clipboard, which is put back as it was.
 */
async function selectedText(terminal: vscode.Terminal): Promise<string> {
  const saved = await vscode.env.clipboard.readText();
  // A marker tells an empty selection (the clipboard untouched) from a selection equal to the clipboard.
  const marker = `\u0000dingtalk-sender-${Date.now()}`;
  await vscode.env.clipboard.writeText(marker);
  try {
    terminal.show(false);
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    const copied = await vscode.env.clipboard.readText();
    return copied === marker ? '' : copied;
  } finally {
    await vscode.env.clipboard.writeText(saved);
  }
}

/** The clicked terminal (its context menu) or the active one, with its selection and what shell integration knows of the run that printed it. */
export async function terminalOutput(commands: TerminalCommands, clicked?: unknown): Promise<TerminalOutput | undefined> {
  const terminal = vscode.window.terminals.find((candidate) => candidate === clicked) ?? vscode.window.activeTerminal;
  if (!terminal) {
    return undefined;
  }
  const output = await selectedText(terminal);
  // The terminal's folder now is not shown: the selection may have been printed before a `cd`.
  const { commandLine, cwd } = runOfSelection(output, commands.executions(terminal), commands.unkept(terminal), scrollback());
  return { terminalName: terminal.name, output, cwd, commandLine };
}

/** The lines a terminal keeps above its screen (`terminal.integrated.scrollback`). */
function scrollback(): number {
  const lines = vscode.workspace.getConfiguration('terminal.integrated').get<number>('scrollback', 1000);
  return Number.isFinite(lines) && lines >= 0 ? lines : 1000;
}

export function workspaceFolders(): WorkspaceFolderInfo[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ name: folder.name, path: folder.uri.fsPath }));
}
