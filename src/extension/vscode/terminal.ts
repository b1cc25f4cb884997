import * as vscode from 'vscode';
import { runOfSelection, type TerminalBuffer } from '../terminal/selectionExecution';
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
  const { commandLine, cwd } = runOfSelection(output, commands.executions(terminal), commands.unkept(terminal), buffer(terminal));
  return { terminalName: terminal.name, output, cwd, commandLine };
}

/**
 * The lines `terminal` holds: `terminal.integrated.scrollback` above its screen and the screen's
 * rows. `Terminal.dimensions` is not in the stable API's types, though the extension host has long
 * given it to every extension, so it is read structurally; without it, the scrollback alone.
 */
function buffer(terminal: vscode.Terminal): TerminalBuffer {
  const lines = vscode.workspace.getConfiguration('terminal.integrated').get<number>('scrollback', 1000);
  const rows = (terminal as unknown as { dimensions?: { rows?: number } }).dimensions?.rows;
  return { scrollback: Number.isFinite(lines) && lines >= 0 ? lines : 1000, rows: rows !== undefined && Number.isFinite(rows) && rows > 0 ? rows : 0 };
}

export function workspaceFolders(): WorkspaceFolderInfo[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ name: folder.name, path: folder.uri.fsPath }));
}
