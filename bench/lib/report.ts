import type { Machine } from './machine';
import type { Section } from './section';

/** A plain-text table for the terminal. */
export function textTable(section: Section): string {
  const all = [section.columns, ...section.rows];
  const widths = section.columns.map((_, c) => Math.max(...all.map((row) => width(row[c] ?? ''))));
  const line = (row: string[]): string => row.map((cell, c) => pad(cell, widths[c])).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [`== ${section.title} ==`, line(section.columns), rule, ...section.rows.map(line), ...section.notes.map((n) => `  * ${n}`)].join('\n');
}

/** Display width: CJK and the × sign count as they look in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) {
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  }
  return w;
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function markdownTable(section: Section): string {
  const head = `| ${section.columns.map(escapeCell).join(' | ')} |`;
  const rule = `|${section.columns.map(() => '---').join('|')}|`;
  const body = section.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

const HOW_TO_READ = `**How to read this.** Every figure is the median of several runs made by one \`npm run bench\` on the machine described above, and every comparison ("vs this core", "vs minimum") is a ratio taken within that same run, so the ratios say more than the absolute numbers, which change with the machine. All traffic goes over loopback to the project's DingTalk simulator (test/sim), which runs in a process of its own for the timed sections; loopback has almost no latency, so per-message times show what each sender itself costs, not what a real network adds (against oapi.dingtalk.com a round trip adds tens of milliseconds to every sender alike, and a new TLS connection adds more, which is where keeping one connection alive pays). Request counts are what the simulator received, against the fewest requests the DingTalk API allows for that action. The rate-limit section runs on a simulated clock shared by client and simulator, so minutes of DingTalk's 20-per-minute window pass in milliseconds and the elapsed time is exact. Memory figures are growth over the process's own baseline, measured in a fresh Node process. The machine may have been doing other work (see the load average): that widens the spread of the absolute figures more than the ratios. Where the core is slower or heavier than a peer, the notes under the table say so.`;

export function markdownReport(sections: Section[], machine: Machine, command: string, durationMs: number, loadAtEnd: number): string {
  const lines = [
    '# Benchmarks',
    '',
    `Produced by \`${command}\` (bench/run.ts; the measurements took ${(durationMs / 1000).toFixed(0)} s). Run it to check these figures on your machine; \`npm run bench -- --quick\` only proves the script works (tiny sizes, written to a temporary file).`,
    '',
    `- Date: ${machine.date}`,
    `- Node.js: ${machine.node}`,
    `- OS: ${machine.os}`,
    `- CPU: ${machine.cpu}`,
    `- Memory: ${machine.memory}`,
    `- curl: ${machine.curl}`,
    `- Load average (1 min) at start / end: ${machine.loadAtStart.toFixed(2)} / ${loadAtEnd.toFixed(2)}`,
    '',
    ...(Math.max(machine.loadAtStart, loadAtEnd) > machine.cores
      ? [
          `**Note:** other work kept this machine busy during the run (load average above its ${machine.cores} cores): absolute times are slower and noisier than on an idle machine; ratios within a run are less affected.`,
          '',
        ]
      : []),
    HOW_TO_READ,
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', section.method, '', markdownTable(section), '');
    if (section.notes.length > 0) {
      lines.push(...section.notes.map((note) => `- ${note}`), '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
