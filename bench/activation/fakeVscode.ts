import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The `vscode` module as far as `activate()` and one Send Message touch it, and no further: the bench's "minimal host".
 * Anything activate() starts to use that is not here fails loudly (undefined is not a function), so
 * this file is updated on purpose rather than the figures drifting silently. Every call is counted,
 * so the child can report what activation did.
 */

export const touched: Record<string, number> = {};

function count(name: string): void {
  touched[name] = (touched[name] ?? 0) + 1;
}

export class Disposable {
  constructor(private readonly callOnDispose: () => unknown = () => undefined) {}

  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    count('Disposable.from');
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }

  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => unknown>();

  readonly event = (listener: (value: T) => unknown): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    this.listeners.forEach((listener) => listener(value));
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Just enough of a file URI for the history file's paths. */
export class Uri {
  private constructor(readonly fsPath: string) {}

  static file(path: string): Uri {
    return new Uri(path);
  }

  static joinPath(base: Uri, ...segments: string[]): Uri {
    count('Uri.joinPath');
    return new Uri([base.fsPath, ...segments].join('/'));
  }
}

export class FileSystemError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export const version = '1.90.0';

export const StatusBarAlignment = { Left: 1, Right: 2 } as const;

export const env = { language: 'en' };

export const ProgressLocation = { Notification: 15 } as const;

/** The user's settings (`section.key` → value), as `inspect().globalValue` gives them. */
export const userSettings = new Map<string, unknown>();

export const l10n = {
  t(message: string, ...args: unknown[]): string {
    count('l10n.t');
    return message.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
  },
};

function logChannel(name: string): object {
  const lines: string[] = [];
  const write = (level: string) => (message: string) => void lines.push(`[${level}] ${message}`);
  return {
    name,
    lines,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    append: (text: string) => void lines.push(text),
    appendLine: (text: string) => void lines.push(text),
    show: () => undefined,
    hide: () => undefined,
    clear: () => void (lines.length = 0),
    dispose: () => undefined,
  };
}

class StatusBarItem {
  name = '';
  text = '';
  tooltip = '';
  command = '';
  visible = false;

  constructor(
    readonly id: string,
    readonly alignment: number,
    readonly priority: number,
  ) {}

  show(): void {
    this.visible = true;
  }

  hide(): void {
    this.visible = false;
  }

  dispose(): void {
    this.visible = false;
  }
}

export const window = {
  createOutputChannel(name: string): object {
    count('window.createOutputChannel');
    return logChannel(name);
  },
  createStatusBarItem(id: string, alignment: number, priority: number): object {
    count('window.createStatusBarItem');
    return new StatusBarItem(id, alignment, priority);
  },
  async showInformationMessage(): Promise<undefined> {
    count('window.showInformationMessage');
    return undefined;
  },
  async showErrorMessage(message: string): Promise<undefined> {
    count('window.showErrorMessage');
    errors.push(message);
    return undefined;
  },
  withProgress<T>(_options: unknown, task: (progress: object, token: object) => Promise<T>): Promise<T> {
    count('window.withProgress');
    return task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => new Disposable() });
  },
  createTreeView(_id: string, options: { treeDataProvider: TreeDataProvider }): object {
    count('window.createTreeView');
    treeDataProviders.push(options.treeDataProvider);
    return { onDidChangeVisibility: () => new Disposable(), dispose: () => undefined };
  },
};

interface TreeDataProvider {
  getChildren(element?: unknown): Promise<unknown[]>;
}

/** The tree views' data, for a child that asks for the entries as a view that shows does. */
export const treeDataProviders: TreeDataProvider[] = [];

/** The error notifications shown, so a run that failed says why. */
export const errors: string[] = [];

const handlers = new Map<string, (...args: unknown[]) => unknown>();

export const commands = {
  registered: [] as string[],
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    count('commands.registerCommand');
    commands.registered.push(id);
    handlers.set(id, handler);
    return new Disposable(() => handlers.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    count('commands.executeCommand');
    return handlers.get(id)?.(...args);
  },
};

export const workspace = {
  getConfiguration(section: string): object {
    count('workspace.getConfiguration');
    return {
      section,
      get: () => undefined,
      inspect: (key: string) => ({ key: `${section}.${key}`, globalValue: userSettings.get(`${section}.${key}`) }),
    };
  },
  onDidChangeConfiguration(): Disposable {
    count('workspace.onDidChangeConfiguration');
    return new Disposable();
  },
  /** The global storage on disk; the bench hands in an empty folder, as on a first activation. */
  fs: {
    async readFile(uri: Uri): Promise<Uint8Array> {
      count('workspace.fs.readFile');
      return readFile(uri.fsPath).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? new FileSystemError('FileNotFound') : error;
      });
    },
    async writeFile(uri: Uri, content: Uint8Array): Promise<void> {
      count('workspace.fs.writeFile');
      await mkdir(dirname(uri.fsPath), { recursive: true });
      await writeFile(uri.fsPath, content);
    },
    async createDirectory(uri: Uri): Promise<void> {
      count('workspace.fs.createDirectory');
      await mkdir(uri.fsPath, { recursive: true });
    },
    async rename(from: Uri, to: Uri): Promise<void> {
      count('workspace.fs.rename');
      await rename(from.fsPath, to.fsPath);
    },
  },
};
