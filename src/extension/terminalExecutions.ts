/**
 * The output of the last few commands run in the terminals, as shell integration streams it, so Send
 * Terminal Selection can tell which command printed the selected text. Made at activation (a command
 * run before the first send must be heard): no imports, and bounded in memory, whatever the commands print.
 */

/** One command's run, as recorded. */
export interface ExecutionOutput {
  commandLine: string;
  /** The working directory the shell reported for it, when it did. */
  cwd?: string;
  /** What it wrote to the terminal, escape sequences and all: its last `chars` characters. */
  output: string;
}

export interface ExecutionLimits {
  /** Runs kept, over all terminals: the oldest goes first. */
  executions: number;
  /** Characters kept of one run's output: the last ones. */
  chars: number;
}

/**
 * 8 runs of 64 K characters: about 0.5 M characters at most (commonly far less, most commands print
 * a few lines), and the tail of a long run, which is where an error usually is.
 */
export const EXECUTION_LIMITS: ExecutionLimits = { executions: 8, chars: 64 * 1024 };

interface Run<K> {
  terminal: K;
  commandLine: string;
  cwd?: string;
  chunks: string[];
  length: number;
}

/** Takes one chunk of a run's output; false once the run is no longer kept, so the reader can stop. */
export type OutputRecorder = (chunk: string) => boolean;

export class ExecutionLog<K> {
  /** Newest first. */
  private runs: Run<K>[] = [];

  constructor(private readonly limits: ExecutionLimits = EXECUTION_LIMITS) {}

  /** A command starts in `terminal`: its output goes to the recorder returned. */
  start(terminal: K, commandLine: string, cwd?: string): OutputRecorder {
    const run: Run<K> = { terminal, commandLine, cwd, chunks: [], length: 0 };
    this.runs = [run, ...this.runs].slice(0, this.limits.executions);
    return (chunk) => {
      if (!this.runs.includes(run)) {
        return false;
      }
      this.append(run, chunk);
      return true;
    };
  }

  /** The terminal closed: its runs go. */
  forget(terminal: K): void {
    this.runs = this.runs.filter((run) => run.terminal !== terminal);
  }

  /** The runs kept of `terminal`, newest first. */
  executions(terminal: K): ExecutionOutput[] {
    return this.runs
      .filter((run) => run.terminal === terminal)
      .map((run) => ({ commandLine: run.commandLine, cwd: run.cwd, output: run.chunks.join('') }));
  }

  private append(run: Run<K>, chunk: string): void {
    run.chunks.push(chunk);
    run.length += chunk.length;
    // Whole chunks drop off the front; only the one cut across is copied.
    while (run.length > this.limits.chars) {
      const excess = run.length - this.limits.chars;
      const first = run.chunks[0];
      if (first.length <= excess) {
        run.chunks.shift();
        run.length -= first.length;
      } else {
        run.chunks[0] = first.slice(excess);
        run.length -= excess;
      }
    }
  }
}
