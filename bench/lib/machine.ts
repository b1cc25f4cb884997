import { cpus, loadavg, platform, release, totalmem, type as osType } from 'node:os';
import { execFileSync } from 'node:child_process';

export interface Machine {
  date: string;
  node: string;
  os: string;
  cpu: string;
  cores: number;
  memory: string;
  curl: string;
  /** 1-minute load average when the run started (other work on the machine skews figures). */
  loadAtStart: number;
}

/** The 1-minute load average now. */
export function load(): number {
  return loadavg()[0];
}

function curlVersion(): string {
  try {
    return execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0].split(' ').slice(0, 2).join(' ');
  } catch {
    return 'not found';
  }
}

/** What a reader needs to judge the figures: when, on what, with which Node. */
export function describeMachine(): Machine {
  const list = cpus();
  const model = list[0]?.model.trim() || 'unknown CPU';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    os: `${osType()} ${release()} (${platform()}/${process.arch})`,
    cpu: `${model}, ${list.length} logical cores`,
    cores: list.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    curl: curlVersion(),
    loadAtStart: load(),
  };
}
