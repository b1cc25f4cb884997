import type { InputOptions, PickItem, PickOptions, PreviewAnswer, PreviewModel, ProgressReporter, Ui } from '../../src/extension/ports';

/** What a scripted pick answers: an item's label (matched without $(icon) prefixes), or a test over the items. */
export type PickAnswer = string | undefined | ((labels: string[]) => string | undefined);

/**
 * What a scripted notification answers: an action, undefined to dismiss it, or a function of what is
 * shown (it may change the world first, e.g. remove a robot while an error is on screen).
 */
export type ActionAnswer = string | undefined | ((shown: Shown) => string | undefined | Promise<string | undefined>);

export interface Shown {
  kind: 'info' | 'warn' | 'error' | 'confirm';
  message: string;
  actions: string[];
}

const bare = (label: string): string => label.replace(/^\$\([^)]*\)\s*/, '');

/**
 * A Ui whose user follows a script: picks, inputs, notification actions and preview answers are taken
 * in order from their own queues. A prompt or preview with no answer left fails the test; a
 * notification with none is dismissed.
 * Inputs run the real validator, and a refused value counts as a retyped one (the next input answer).
 */
export class ScriptedUi implements Ui {
  readonly picks: PickAnswer[] = [];
  readonly pickManys: Array<string[] | undefined> = [];
  readonly inputs: Array<string | undefined> = [];
  /** Answers to notifications and confirmations that offer actions. */
  readonly actions: ActionAnswer[] = [];
  readonly shown: Shown[] = [];
  readonly prompts: string[] = [];
  /** Every input box opened, with its options (prompt, prefilled value, password). */
  readonly inputOptions: InputOptions[] = [];
  readonly refused: Array<{ value: string; reason: string }> = [];
  readonly progress: Array<{ title: string; messages: string[] }> = [];
  clipboard = '';
  readonly openedSettings: string[] = [];
  /** Answers to send previews, in order (undefined: Cancel, or the panel closed). */
  readonly previewAnswers: Array<PreviewAnswer | undefined> = [];
  /** Every send preview shown. */
  readonly previews: PreviewModel[] = [];
  /** Called with the progress controller once a progress notification starts (to cancel it, say). */
  onProgress?: (cancel: () => void) => void;

  script(answers: { picks?: PickAnswer[]; inputs?: Array<string | undefined>; actions?: ActionAnswer[]; previews?: Array<PreviewAnswer | undefined> }): this {
    this.picks.push(...(answers.picks ?? []));
    this.inputs.push(...(answers.inputs ?? []));
    this.actions.push(...(answers.actions ?? []));
    this.previewAnswers.push(...(answers.previews ?? []));
    return this;
  }

  async pick<T>(items: PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    this.prompts.push(options.placeholder ?? options.title ?? '');
    if (this.picks.length === 0) {
      throw new Error(`Unexpected pick: ${options.placeholder ?? options.title} [${items.map((i) => i.label).join(' | ')}]`);
    }
    const answer = this.picks.shift();
    const labels = items.map((item) => bare(item.label));
    const label = typeof answer === 'function' ? answer(labels) : answer;
    if (label === undefined) {
      return undefined;
    }
    const index = labels.indexOf(label);
    if (index < 0) {
      throw new Error(`No item "${label}" in [${labels.join(' | ')}]`);
    }
    return items[index].value;
  }

  async pickMany<T>(items: PickItem<T>[], options: PickOptions): Promise<T[] | undefined> {
    this.prompts.push(options.placeholder ?? options.title ?? '');
    if (this.pickManys.length === 0) {
      throw new Error(`Unexpected multi-pick: ${options.placeholder ?? options.title}`);
    }
    const labels = this.pickManys.shift();
    return labels && items.filter((item) => labels.includes(bare(item.label))).map((item) => item.value);
  }

  async input(options: InputOptions): Promise<string | undefined> {
    this.prompts.push(options.prompt);
    this.inputOptions.push(options);
    for (;;) {
      if (this.inputs.length === 0) {
        throw new Error(`Unexpected input box: ${options.prompt}`);
      }
      const value = this.inputs.shift();
      if (value === undefined) {
        return undefined;
      }
      const reason = options.validate?.(value);
      if (!reason) {
        return value;
      }
      this.refused.push({ value, reason });
    }
  }

  info(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('info', message, actions);
  }

  warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('warn', message, actions);
  }

  error(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('error', message, actions);
  }

  async confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('confirm', `${message}\n${detail}`, actions);
  }

  async withProgress<T>(title: string, task: (progress: ProgressReporter) => Promise<T>): Promise<T> {
    const record = { title, messages: [] as string[] };
    this.progress.push(record);
    const controller = new AbortController();
    this.onProgress?.(() => controller.abort());
    return task({ report: (message) => record.messages.push(message), signal: controller.signal });
  }

  async copy(text: string): Promise<void> {
    this.clipboard = text;
  }

  async openSetting(id: string): Promise<void> {
    this.openedSettings.push(id);
  }

  async preview(model: PreviewModel): Promise<PreviewAnswer | undefined> {
    this.previews.push(model);
    if (this.previewAnswers.length === 0) {
      throw new Error(`Unexpected send preview: ${model.title} (${model.summary})`);
    }
    return this.previewAnswers.shift();
  }

  /** The value each input box opened with. */
  get prefills(): Array<string | undefined> {
    return this.inputOptions.map((options) => options.value);
  }

  /** The messages shown so far of one kind. */
  messages(kind: Shown['kind']): string[] {
    return this.shown.filter((s) => s.kind === kind).map((s) => s.message);
  }

  private async notify(kind: Shown['kind'], message: string, actions: string[]): Promise<string | undefined> {
    const shown: Shown = { kind, message, actions };
    this.shown.push(shown);
    if (actions.length === 0 || this.actions.length === 0) {
      return undefined;
    }
    const next = this.actions.shift();
    const answer = typeof next === 'function' ? await next(shown) : next;
    if (answer !== undefined && !actions.includes(answer)) {
      throw new Error(`No action "${answer}" in [${actions.join(' | ')}] for: ${message}`);
    }
    return answer;
  }
}
