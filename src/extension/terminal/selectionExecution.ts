import type { ExecutionOutput } from '../terminalExecutions';
import { cleanTerminalOutput } from './cleanOutput';

/** Text as compared: escape sequences gone, redraws replayed, each line's spaces and tabs collapsed and trimmed, no blank lines at either end. */
function comparable(text: string): string {
  return cleanTerminalOutput(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * The run whose output holds the selected text, when that is known: the selection is found in the
 * output of one command line only (the newest run of it). A selection found in no run kept (it spans
 * a prompt or two runs, its run printed more than is kept, the shell has no integration) or in runs
 * of different commands belongs to none: undefined, so no command line is shown that might be wrong.
 */
export function executionOfSelection(selection: string, executions: readonly ExecutionOutput[]): ExecutionOutput | undefined {
  const wanted = comparable(selection);
  if (!wanted) {
    return undefined;
  }
  const holding = executions.filter((execution) => comparable(execution.output).includes(wanted));
  return new Set(holding.map((execution) => execution.commandLine.trim())).size === 1 ? holding[0] : undefined;
}
