import { fork, type ChildProcess } from 'node:child_process';
import type { SimulatorOptions, SimulatorStats } from '../../test/sim/simulator';
import { FAKE } from './fixtures';
import { script } from './paths';
import type { SimCommand } from './simChild';

interface Reply {
  id?: number;
  result?: unknown;
  ready?: boolean;
  origin?: string;
}

/** The simulator running in a child process: its origin, and its counters read over IPC. */
export class SimProcess {
  private lastId = 0;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
  ) {
    child.on('message', (reply: Reply) => {
      if (reply.id !== undefined) {
        this.pending.get(reply.id)?.resolve(reply.result);
        this.pending.delete(reply.id);
      }
    });
    // A simulator that dies mid-run fails the section instead of leaving it waiting forever.
    child.on('exit', (code) => {
      for (const call of this.pending.values()) {
        call.reject(new Error(`the simulator process exited with ${code}`));
      }
      this.pending.clear();
    });
  }

  static start(options: Pick<SimulatorOptions, 'rateLimit' | 'tokenTtlSeconds'> = {}): Promise<SimProcess> {
    const child = fork(script('lib/simChild'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the simulator process exited with ${code} before it was ready`)));
      child.once('message', (reply: Reply) => {
        if (reply.ready && reply.origin) {
          child.removeAllListeners('exit');
          resolve(new SimProcess(child, reply.origin));
        }
      });
    });
  }

  webhookUrl(accessToken: string = FAKE.token): string {
    return `${this.origin}/robot/send?access_token=${encodeURIComponent(accessToken)}`;
  }

  stats(): Promise<SimulatorStats> {
    return this.call('stats') as Promise<SimulatorStats>;
  }

  async reset(): Promise<void> {
    await this.call('reset');
  }

  /** An oapi access token for the fake app, as curl would need it (one /gettoken request). */
  async oapiToken(): Promise<string> {
    const query = new URLSearchParams({ appkey: FAKE.appKey, appsecret: FAKE.appSecret });
    const answer = (await (await fetch(`${this.origin}/gettoken?${query}`)).json()) as { access_token?: string };
    if (!answer.access_token) {
      throw new Error(`the simulator gave no token: ${JSON.stringify(answer)}`);
    }
    return answer.access_token;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call('stop');
    await exited;
  }

  private call(cmd: SimCommand['cmd']): Promise<unknown> {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd } satisfies SimCommand, (error) => error && reject(error));
    });
  }
}
