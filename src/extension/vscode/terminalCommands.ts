import * as vscode from 'vscode';

interface ShellExecutionEvent {
  readonly terminal: vscode.Terminal;
  readonly execution: { readonly commandLine: { readonly value: string } };
}

type ExecutionEvents = { onDidStartTerminalShellExecution?: vscode.Event<ShellExecutionEvent> };

/**
 * The last command line each terminal ran, as shell integration reported it (VS Code 1.93 and later).
 * Made at activation, so it hears the commands run before the first Send Terminal Selection; kept
 * apart from terminal.ts so activation loads the listener and not the terminal commands.
 */
export class TerminalCommands implements vscode.Disposable {
  private readonly last = new WeakMap<vscode.Terminal, string>();
  private readonly subscription?: vscode.Disposable;

  constructor() {
    const onStart = (vscode.window as unknown as ExecutionEvents).onDidStartTerminalShellExecution;
    this.subscription = onStart?.((event) => this.last.set(event.terminal, event.execution.commandLine.value));
  }

  commandLine(terminal: vscode.Terminal): string | undefined {
    return this.last.get(terminal);
  }

  dispose(): void {
    this.subscription?.dispose();
  }
}
