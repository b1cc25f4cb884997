import type { ExecutionOutput, UnkeptOutput } from '../terminalExecutions';
import { cleanTerminalOutput } from './cleanOutput';

/** Text as compared: escape sequences gone, redraws replayed, each line's spaces and tabs collapsed and trimmed, no blank lines at either end. */
function comparable(text: string): string {
  return cleanTerminalOutput(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** What is known of the run that printed the selection: each only when every run that may have printed it agrees. */
export interface SelectionRun {
  commandLine?: string;
  cwd?: string;
}

/**
 * The lines a terminal holds: its scrollback (`terminal.integrated.scrollback`) above its screen, and
 * the screen's rows, which xterm.js keeps besides (its buffer is `rows + scrollback` lines long).
 */
export interface TerminalBuffer {
  scrollback: number;
  rows: number;
}

/** The value every run gives, when they all give the same one. */
function agreed(values: ReadonlyArray<string | undefined>): string | undefined {
  return values.every((value) => value !== undefined && value === values[0]) ? values[0] : undefined;
}

/**
 * The command line and folder of the run that printed the selected text, as far as that is certain.
 * The runs that may have printed it are those the terminal may still show, with fewer lines after
 * them than `buffer` holds (no bound without it): its kept runs whose output holds the text, and its
 * output not kept (`unkept`). A command line (a folder) is given only when those runs all have that
 * command line (that folder); a selection in no run kept (it spans a prompt or two runs, its run
 * printed more than is kept, the shell has no integration) gets neither. So none is shown that
 * might be wrong.
 */
export function runOfSelection(selection: string, executions: readonly ExecutionOutput[], unkept: readonly UnkeptOutput[] = [], buffer?: TerminalBuffer): SelectionRun {
  const wanted = comparable(selection);
  const held = buffer ? buffer.scrollback + buffer.rows : Number.POSITIVE_INFINITY;
  const shown = (output: { linesAfter: number }) => output.linesAfter < held;
  const holding = wanted ? executions.filter((execution) => shown(execution) && comparable(execution.output).includes(wanted)) : [];
  if (holding.length === 0) {
    return {};
  }
  const possible = [...holding, ...unkept.filter(shown)];
  const commandLine = agreed(possible.map((run) => run.commandLine?.trim()));
  const cwd = agreed(possible.map((run) => run.cwd));
  return { ...(commandLine ? { commandLine } : {}), ...(cwd ? { cwd } : {}) };
}
