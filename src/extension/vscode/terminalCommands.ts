import * as vscode from 'vscode';
import { ExecutionLog, type ExecutionOutput, type OutputRecorder, type UnkeptOutput } from '../terminalExecutions';

/** What VS Code 1.93 and later tell of a command run through shell integration; absent on older versions, so read structurally. */
interface ShellExecution {
  readonly commandLine: { readonly value: string };
  readonly cwd?: vscode.Uri;
  read?(): AsyncIterable<string>;
}

interface ShellExecutionEvent {
  readonly terminal: vscode.Terminal;
  readonly execution: ShellExecution;
}

type ExecutionEvents = { onDidStartTerminalShellExecution?: vscode.Event<ShellExecutionEvent> };

/** Reads a run's output into the log until it ends, or until the log no longer keeps it. */
async function record(stream: AsyncIterable<string> | undefined, recorder: OutputRecorder): Promise<void> {
  if (!stream) {
    return;
  }
  for await (const chunk of stream) {
    if (!recorder(chunk)) {
      break;
    }
  }
}

/**
 * The last few commands each terminal ran and what they printed, as shell integration streams them
 * (VS Code 1.93 and later; bounded: terminalExecutions.ts). Made at activation, so it hears the
 * commands run before the first Send Terminal Selection; kept apart from terminal.ts so activation
 * loads the listener and not the terminal commands.
 */
export class TerminalCommands implements vscode.Disposable {
  private readonly log = new ExecutionLog<vscode.Terminal>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    const onStart = (vscode.window as unknown as ExecutionEvents).onDidStartTerminalShellExecution;
    if (onStart) {
      // What the terminals open now printed was not heard.
      vscode.window.terminals.forEach((terminal) => this.log.unheard(terminal));
      this.subscriptions.push(
        onStart((event) => {
          const { execution } = event;
          const recorder = this.log.start(event.terminal, execution.commandLine.value, execution.cwd?.fsPath);
          // read() must be called right away, or the start of the output is missed; a stream that fails just ends the record.
          void record(execution.read?.(), recorder).catch(() => undefined);
        }),
        vscode.window.onDidCloseTerminal((terminal) => this.log.forget(terminal)),
      );
    }
  }

  /** The runs kept of `terminal`, newest first. */
  executions(terminal: vscode.Terminal): ExecutionOutput[] {
    return this.log.executions(terminal);
  }

  /** What `terminal` printed that is not kept: the selection may be in it. */
  unkept(terminal: vscode.Terminal): UnkeptOutput[] {
    return this.log.unkept(terminal);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}
