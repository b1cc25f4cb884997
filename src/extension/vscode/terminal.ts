import * as vscode from 'vscode';
import { executionOfSelection } from '../terminal/selectionExecution';
import type { TerminalOutput, WorkspaceFolderInfo } from '../terminal/terminalMessage';
import type { TerminalCommands } from './terminalCommands';

/** What VS Code 1.93 and later tell of a terminal's shell integration; absent on older versions, so read structurally. */
interface ShellIntegration {
  readonly cwd?: vscode.Uri;
}

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

/** The clicked terminal (its context menu) or the active one, with its selection and what shell integration knows of it. */
export async function terminalOutput(commands: TerminalCommands, clicked?: unknown): Promise<TerminalOutput | undefined> {
  const terminal = vscode.window.terminals.find((candidate) => candidate === clicked) ?? vscode.window.activeTerminal;
  if (!terminal) {
    return undefined;
  }
  const integration = (terminal as unknown as { shellIntegration?: ShellIntegration }).shellIntegration;
  const output = await selectedText(terminal);
  // A command line only when the selection is known to be its output; its folder then, else the terminal's now.
  const execution = executionOfSelection(output, commands.executions(terminal));
  return { terminalName: terminal.name, output, cwd: execution?.cwd ?? integration?.cwd?.fsPath, commandLine: execution?.commandLine };
}

export function workspaceFolders(): WorkspaceFolderInfo[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ name: folder.name, path: folder.uri.fsPath }));
}
