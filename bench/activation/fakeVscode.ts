/**
 * The `vscode` module as far as `activate()` touches it, and no further: the bench's "minimal host".
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
  createTreeView(): object {
    count('window.createTreeView');
    return { onDidChangeVisibility: () => new Disposable(), dispose: () => undefined };
  },
};

export const commands = {
  registered: [] as string[],
  registerCommand(id: string): Disposable {
    count('commands.registerCommand');
    commands.registered.push(id);
    return new Disposable();
  },
};

export const workspace = {
  getConfiguration(section: string): object {
    count('workspace.getConfiguration');
    return {
      section,
      get: () => undefined,
      inspect: (key: string) => ({ key: `${section}.${key}` }),
    };
  },
  onDidChangeConfiguration(): Disposable {
    count('workspace.onDidChangeConfiguration');
    return new Disposable();
  },
  /** An empty global storage: the Sent History starts empty, as on a first activation. */
  fs: {
    async readFile(): Promise<Uint8Array> {
      count('workspace.fs.readFile');
      throw new FileSystemError('FileNotFound');
    },
  },
};
