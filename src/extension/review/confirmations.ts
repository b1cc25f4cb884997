import type { StateStore } from '../ports';

/** `sent`: the user confirmed a send to the robot once; `dontAsk`: never preview sends to it again. */
export type Confirmation = 'sent' | 'dontAsk';

const KEY = 'dingtalk.sendConfirmations';

/** What the user answered to the preview, per robot id, kept in globalState next to the robots. */
export class SendConfirmations {
  constructor(private readonly state: StateStore) {}

  get(robotId: string): Confirmation | undefined {
    return this.all()[robotId];
  }

  /** A confirmed send never undoes "Don't ask again". */
  async remember(robotId: string, answer: Confirmation): Promise<void> {
    const all = this.all();
    if (all[robotId] !== answer && all[robotId] !== 'dontAsk') {
      await this.state.update(KEY, { ...all, [robotId]: answer });
    }
  }

  async forget(robotId: string): Promise<void> {
    const { [robotId]: forgotten, ...rest } = this.all();
    if (forgotten) {
      await this.state.update(KEY, Object.keys(rest).length ? rest : undefined);
    }
  }

  private all(): Record<string, Confirmation> {
    return this.state.get<Record<string, Confirmation>>(KEY) ?? {};
  }
}
