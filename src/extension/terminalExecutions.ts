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
  /** The lines the terminal printed after it, as far as they were heard: past its scrollback, it is not on the terminal any more. */
  linesAfter: number;
}

/**
 * Output a terminal printed that is no longer kept, so the selection may be in it unseen: a run
 * dropped from the log, the start of a run that printed more than is kept, or what the terminal
 * printed before it was heard (no command line then). Once the terminal has printed more lines
 * after it than its scrollback holds, it is out of the terminal too.
 */
export interface UnkeptOutput {
  commandLine?: string;
  cwd?: string;
  /** The lines the terminal printed after it, as far as they were heard. */
  linesAfter: number;
}

export interface ExecutionLimits {
  /** Runs kept, over all terminals: the oldest goes first. */
  executions: number;
  /** Characters kept of one run's output: the last ones. */
  chars: number;
  /** Characters kept of all the runs' output together: the oldest runs go first. No more bound than the other two when absent. */
  total?: number;
}

/**
 * 512 K characters in all, of up to 128 runs, 64 K of each (the tail of a long run, which is where an
 * error usually is). Bounded by characters rather than by a few runs, since most commands print a few
 * lines: the runs a terminal may still show (its scrollback is 1000 lines unless set) are then
 * commonly all kept, and a run dropped, whose output is unknown so that it might have printed any
 * selection, seldom keeps a header from being shown.
 */
export const EXECUTION_LIMITS: ExecutionLimits = { executions: 128, chars: 64 * 1024, total: 512 * 1024 };

/** Runs dropped that are remembered (command line, folder, where they ended: no output) per terminal; older ones count as output of an unknown command. */
const UNKEPT_REMEMBERED = 32;

interface Run<K> {
  terminal: K;
  commandLine: string;
  cwd?: string;
  chunks: string[];
  length: number;
  /** Whether the start of its output was dropped. */
  cut: boolean;
  /** The terminal's line count (`Heard.lines`) when its output ended, so far. */
  endsAt: number;
}

/** What was heard of one terminal beyond its runs kept. */
interface Heard {
  /** Lines printed by the runs heard, in all. */
  lines: number;
  /** Runs dropped, oldest first, with `endsAt` for where their output ended. */
  dropped: Array<Pick<Run<unknown>, 'commandLine' | 'cwd' | 'endsAt'>>;
  /** Where the output of an unknown command ended: what the terminal printed before it was heard, runs dropped and forgotten. */
  unknownEndsAt?: number;
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    count += 1;
  }
  return count;
}

/** Takes one chunk of a run's output; false once the run is no longer kept, so the reader can stop. */
export type OutputRecorder = (chunk: string) => boolean;

export class ExecutionLog<K> {
  /** Newest first. */
  private runs: Run<K>[] = [];
  /** Characters of output kept, over all runs. */
  private kept = 0;
  private readonly heard = new Map<K, Heard>();

  constructor(private readonly limits: ExecutionLimits = EXECUTION_LIMITS) {}

  /** A terminal that printed before it was heard (it was open before the log was made): what it shows may come from any command. */
  unheard(terminal: K): void {
    const heard = this.terminal(terminal);
    heard.unknownEndsAt = heard.lines;
  }

  /** A command starts in `terminal`: its output goes to the recorder returned. */
  start(terminal: K, commandLine: string, cwd?: string): OutputRecorder {
    const heard = this.terminal(terminal);
    const run: Run<K> = { terminal, commandLine, cwd, chunks: [], length: 0, cut: false, endsAt: heard.lines };
    this.runs = [run, ...this.runs];
    this.dropOldest(this.runs.length - this.limits.executions);
    return (chunk) => {
      if (!this.runs.includes(run)) {
        return false;
      }
      heard.lines += newlines(chunk);
      run.endsAt = heard.lines;
      this.append(run, chunk);
      return true;
    };
  }

  /** The terminal closed: its runs go. */
  forget(terminal: K): void {
    const [gone, kept] = [this.runs.filter((run) => run.terminal === terminal), this.runs.filter((run) => run.terminal !== terminal)];
    this.kept -= gone.reduce((chars, run) => chars + run.length, 0);
    this.runs = kept;
    this.heard.delete(terminal);
  }

  /** The runs kept of `terminal`, newest first. */
  executions(terminal: K): ExecutionOutput[] {
    const lines = this.heard.get(terminal)?.lines ?? 0;
    return this.runs
      .filter((run) => run.terminal === terminal)
      .map((run) => ({ commandLine: run.commandLine, cwd: run.cwd, output: run.chunks.join(''), linesAfter: lines - run.endsAt }));
  }

  /** The output `terminal` printed that is not kept, with the lines printed after each part. */
  unkept(terminal: K): UnkeptOutput[] {
    const heard = this.heard.get(terminal);
    if (!heard) {
      return [];
    }
    const after = (endsAt: number) => heard.lines - endsAt;
    const starts = this.runs
      .filter((run) => run.terminal === terminal && run.cut)
      .map((run) => ({ commandLine: run.commandLine, cwd: run.cwd, linesAfter: after(run.endsAt) + run.chunks.reduce((lines, chunk) => lines + newlines(chunk), 0) }));
    const dropped = heard.dropped.map((run) => ({ commandLine: run.commandLine, cwd: run.cwd, linesAfter: after(run.endsAt) }));
    return [...starts, ...dropped, ...(heard.unknownEndsAt === undefined ? [] : [{ linesAfter: after(heard.unknownEndsAt) }])];
  }

  private terminal(terminal: K): Heard {
    let heard = this.heard.get(terminal);
    if (!heard) {
      heard = { lines: 0, dropped: [] };
      this.heard.set(terminal, heard);
    }
    return heard;
  }

  /** Drops the `count` oldest runs, remembering where each ended. */
  private dropOldest(count: number): void {
    for (let dropped = 0; dropped < count; dropped += 1) {
      this.dropAt(this.runs.length - 1);
    }
  }

  /** Drops the run at `index` of the runs, remembering where it ended. */
  private dropAt(index: number): void {
    const [old] = this.runs.splice(index, 1);
    this.kept -= old.length;
    this.remember(old);
  }

  private remember(run: Run<K>): void {
    const heard = this.terminal(run.terminal);
    heard.dropped.push({ commandLine: run.commandLine, cwd: run.cwd, endsAt: run.endsAt });
    while (heard.dropped.length > UNKEPT_REMEMBERED) {
      const forgotten = heard.dropped.shift();
      heard.unknownEndsAt = Math.max(heard.unknownEndsAt ?? 0, forgotten?.endsAt ?? 0);
    }
  }

  private append(run: Run<K>, chunk: string): void {
    const before = run.length;
    run.chunks.push(chunk);
    run.length += chunk.length;
    // Whole chunks drop off the front; only the one cut across is copied.
    while (run.length > this.limits.chars) {
      run.cut = true;
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
    this.kept += run.length - before;
    // Over the bound of all output: the oldest runs go, never this one (no longer than a run's bound).
    for (let at = this.runs.length - 1; this.limits.total !== undefined && this.kept > this.limits.total && at >= 0; at -= 1) {
      if (this.runs[at] !== run) {
        this.dropAt(at);
      }
    }
  }
}
