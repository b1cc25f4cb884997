/**
 * What the commands need from their host, as small interfaces. The VS Code adapters in
 * `src/extension/vscode/` implement them; unit tests hand in fakes. Nothing here imports `vscode`.
 */

/** Formats a user-visible string in the user's language; `{0}`, `{1}` … are replaced by `args`. */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** VS Code's SecretStorage, as far as the robot store uses it. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** VS Code's globalState (a Memento), as far as the extension uses it. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
  picked?: boolean;
}

export interface PickOptions {
  title?: string;
  placeholder?: string;
}

export interface InputOptions {
  title?: string;
  prompt: string;
  placeholder?: string;
  value?: string;
  password?: boolean;
  /** Returns the reason the value is refused, or undefined when it is fine. */
  validate?: (value: string) => string | undefined;
}

export interface ProgressReporter {
  /** Replaces the progress message; `increment` is a share of 100. */
  report(message: string, increment?: number): void;
  /** Aborted when the user presses Cancel on the notification. */
  readonly signal: AbortSignal;
}

/** How the client sends a text: `sendMarkdown` or `sendText`. */
export type TextFormat = 'markdown' | 'text';

/** Everything the preview panel shows, already translated. */
export interface PreviewModel {
  /** The display language, for the page's `lang`. */
  lang: string;
  /** The panel's tab title. */
  title: string;
  robot: { name: string; detail: string };
  format: TextFormat;
  /** The messages in the order the group receives them, numbered and with keyword and @mentions as sent. */
  messages: string[];
  files: Array<{ name: string; size: string }>;
  /** An image send: the PNG that will be uploaded, the same bytes, as a `data:` URI. */
  image?: string;
  /** What the user should know before sending (indentation a phone may flatten, @mentions an image cannot carry). */
  notes: string[];
  /** The other form of the same code (an image of a text snippet, or the reverse), offered with one click: answers `other`. */
  other?: { label: string; hint: string };
  /** Robot, kind, @mentions, size and number of parts, on one line. */
  summary: string;
  /** Messages the send posts: the parts of a text, or one per file. */
  parts: number;
  /** JSON-escaped bytes of the text, as DingTalk's limits count them, or the files' total size. */
  bytes: number;
  labels: { send: string; cancel: string; dontAsk: string; dontAskHint: string; messages: string };
}

/** Send, "Don't Ask Again for This Robot" (which sends too), or the other form the preview offered (nothing sent yet). */
export type PreviewAnswer = 'send' | 'dontAsk' | 'other';

/** An untitled document to open. */
export interface PreviewDocument {
  content: string;
  language: string;
}

/** The user-facing parts of the window: prompts, notifications, progress, clipboard. */
export interface Ui {
  pick<T>(items: PickItem<T>[], options: PickOptions): Promise<T | undefined>;
  pickMany<T>(items: PickItem<T>[], options: PickOptions): Promise<T[] | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A short notification; resolves with the action chosen, if any. */
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  /** A modal question; resolves with the action chosen, or undefined for Cancel. */
  confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined>;
  /** A cancellable progress notification around `task`. */
  withProgress<T>(title: string, task: (progress: ProgressReporter) => Promise<T>): Promise<T>;
  copy(text: string): Promise<void>;
  /** Opens the Settings editor at one setting. */
  openSetting(id: string): Promise<void>;
  /** Shows a send as the group will see it; resolves with undefined for Cancel or a closed preview. */
  preview(model: PreviewModel): Promise<PreviewAnswer | undefined>;
}
