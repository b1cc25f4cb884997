import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type IOnigLib, type IRawGrammar, type StateStack } from 'vscode-textmate';
import { injectionsInto } from './injections';
import { parseColor, type Paint, type ResolvedTheme } from './theme';
import { once, wasmBytes, type WasmSource } from './wasm';
import { warning, type SnippetWarning } from './warnings';

/** A grammar file as an extension ships it (`.tmLanguage.json`, or plist `.tmLanguage`): its text and its path, whose extension tells the format. */
export interface GrammarFile {
  path: string;
  content: string;
}

/** A TextMate grammar: its parsed JSON (with `scopeName`), or the file. */
export type GrammarSource = object | GrammarFile;

/**
 * A grammar an extension contributes with `injectTo`: VS Code applies it, where its
 * `injectionSelector` matches, to the grammars of those scopes and of the scopes under them
 * (`source.js` takes in `source.js.jsx`).
 */
export interface InjectedGrammar {
  grammar: GrammarSource;
  injectTo: string[];
}

export const FontStyle = { italic: 1, bold: 2, underline: 4, strikethrough: 8 } as const;

/** A stretch of one line in one style. */
export interface StyledSpan {
  text: string;
  color: Paint;
  /** `FontStyle` bits. */
  fontStyle: number;
}

export interface HighlightOptions {
  grammar?: GrammarSource;
  embeddedGrammars?: GrammarSource[];
  injectedGrammars?: InjectedGrammar[];
  language: string;
  theme: ResolvedTheme;
  onigWasm: WasmSource;
}

/** VS Code's own limit (`editor.maxTokenizationLineLength`): longer lines are shown plain. */
const MAX_TOKENIZED_LINE = 20_000;
/** Per line: a pathological grammar cannot hang the render, yet a cold start on a busy machine is not cut short. */
const LINE_TIME_LIMIT_MS = 3_000;
// vscode-textmate's token metadata (EncodedTokenAttributes), which it does not export.
const FONT_STYLE_MASK = 0x7800;
const FONT_STYLE_OFFSET = 11;
const FOREGROUND_MASK = 0xff8000;
const FOREGROUND_OFFSET = 15;

/** What is used here of the runtime's WebAssembly (the project's lib has no WebAssembly types). */
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: unknown): Promise<object>;
};

// Compiled here rather than by loadWASM, which keeps its first outcome for the process: a module that
// does not compile (a file cut off) then fails this render only, and the next one loads the file again.
const loadOniguruma = once(async (source) => {
  const module = await WebAssembly.compile(await wasmBytes(source));
  await oniguruma.loadWASM({ instantiator: async (imports) => ({ module, instance: await WebAssembly.instantiate(module, imports) }) });
});

const onigLib: IOnigLib = {
  createOnigScanner: (patterns) => oniguruma.createOnigScanner(patterns),
  createOnigString: (text) => oniguruma.createOnigString(text),
};

function isGrammarFile(source: GrammarSource): source is GrammarFile {
  const file = source as Partial<GrammarFile>;
  return typeof file.path === 'string' && typeof file.content === 'string';
}

function toRawGrammar(source: GrammarSource): IRawGrammar {
  return isGrammarFile(source) ? parseRawGrammar(source.content, source.path) : (source as IRawGrammar);
}

interface LoadedGrammar {
  registry: Registry;
  grammar: IGrammar;
  /** The embedded or injected grammars that could not be parsed, each named with why: the main grammar is used without them. */
  leftOut: string[];
}

/** The grammars one is loaded with: the embedded ones, and the injected ones with their targets. */
interface Companions {
  embedded: GrammarSource[];
  injections: InjectedGrammar[];
}

function sameCompanions(a: Companions, b: Companions): boolean {
  return (
    a.embedded.length === b.embedded.length &&
    a.embedded.every((grammar, i) => grammar === b.embedded[i]) &&
    a.injections.length === b.injections.length &&
    a.injections.every((injection, i) => injection.grammar === b.injections[i].grammar && injection.injectTo.join(' ') === b.injections[i].injectTo.join(' '))
  );
}

/** Compiled grammars, kept while the host keeps the grammar object: the same object with the same companions next time skips loading it again. */
const loaded = new WeakMap<object, { companions: Companions; loading: Promise<LoadedGrammar> }>();

async function loadGrammar(source: GrammarSource, embedded: GrammarSource[], injections: InjectedGrammar[]): Promise<LoadedGrammar> {
  const main = toRawGrammar(source);
  if (typeof main.scopeName !== 'string' || !main.scopeName) {
    throw new Error('the grammar has no scopeName');
  }
  const byScope = new Map<string, IRawGrammar>();
  const injected: Array<{ scopeName: string; injectTo: string[] }> = [];
  const leftOut: string[] = [];
  // As VS Code does, a grammar another extension adds that cannot be parsed is left out, not the language's own.
  const add = (other: GrammarSource): string | undefined => {
    let raw: IRawGrammar;
    try {
      raw = toRawGrammar(other);
    } catch (error) {
      leftOut.push(`${isGrammarFile(other) ? other.path : 'a grammar'}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (typeof raw.scopeName !== 'string') {
      return undefined;
    }
    byScope.set(raw.scopeName, raw);
    return raw.scopeName;
  };
  embedded.forEach(add);
  for (const injection of injections) {
    const scopeName = add(injection.grammar);
    if (scopeName) {
      injected.push({ scopeName, injectTo: injection.injectTo });
    }
  }
  byScope.set(main.scopeName, main);
  const registry = new Registry({
    onigLib: Promise.resolve(onigLib),
    loadGrammar: async (scopeName) => byScope.get(scopeName) ?? null,
    getInjections: (scopeName) => injectionsInto(injected, scopeName).map((injection) => injection.scopeName),
  });
  const grammar = await registry.loadGrammar(main.scopeName);
  if (!grammar) {
    throw new Error(`the grammar ${main.scopeName} did not load`);
  }
  return { registry, grammar, leftOut };
}

function plain(lines: string[], theme: ResolvedTheme): StyledSpan[][] {
  return lines.map((text) => [{ text, color: theme.foreground, fontStyle: 0 }]);
}

/**
 * Each line cut into styled spans, as VS Code colors it: the grammar's scopes matched against the
 * theme's rules by vscode-textmate, VS Code's own tokenizer, with Oniguruma, the regex engine the
 * grammars are written for. Without a grammar, or with one that fails, the lines are plain text.
 */
export async function highlight(lines: string[], options: HighlightOptions, warnings: SnippetWarning[]): Promise<StyledSpan[][]> {
  const { grammar: source, theme } = options;
  if (!source) {
    if (options.language !== 'plaintext') {
      warnings.push(
        warning('grammarMissing', `No grammar was given for ${options.language}; the code is drawn as plain text.`, `未提供 ${options.language} 的语法定义，代码以纯文本绘制。`),
      );
    }
    return plain(lines, theme);
  }
  const failed = (error: unknown): StyledSpan[][] => {
    loaded.delete(source);
    const reason = error instanceof Error ? error.message : String(error);
    warnings.push(
      warning('grammarFailed', `The ${options.language} grammar could not be used (${reason}); the code is drawn as plain text.`, `${options.language} 的语法定义无法使用（${reason}），代码以纯文本绘制。`),
    );
    return plain(lines, theme);
  };
  // Not the grammar's failure: an onig.wasm that cannot be read or compiled fails the render, as resvg.wasm does.
  await loadOniguruma(options.onigWasm);
  let grammar: LoadedGrammar;
  try {
    const companions = { embedded: options.embeddedGrammars ?? [], injections: options.injectedGrammars ?? [] };
    let known = loaded.get(source);
    if (!known || !sameCompanions(known.companions, companions)) {
      known = { companions, loading: loadGrammar(source, companions.embedded, companions.injections) };
      loaded.set(source, known);
    }
    grammar = await known.loading;
  } catch (error) {
    return failed(error);
  }
  if (grammar.leftOut.length > 0) {
    const list = grammar.leftOut.join('; ');
    warnings.push(
      warning(
        'grammarIncomplete',
        `Grammars added to the ${options.language} grammar could not be read and were left out (${list}); the code is highlighted without them.`,
        `添加到 ${options.language} 语法定义的部分语法无法读取，已略过（${list}），代码在没有它们的情况下着色。`,
      ),
    );
  }
  grammar.registry.setTheme(theme.raw);
  const colors = grammar.registry.getColorMap().map((hex) => parseColor(hex) ?? theme.foreground);
  let state: StateStack = INITIAL;
  let stopped = false;
  // A pattern Oniguruma cannot compile throws when the tokenizer first reaches it, not when the grammar loads.
  const tokenized = (): StyledSpan[][] => lines.map((text) => {
    if (text.length > MAX_TOKENIZED_LINE) {
      return [{ text, color: theme.foreground, fontStyle: 0 }];
    }
    const { tokens, ruleStack, stoppedEarly } = grammar.grammar.tokenizeLine2(text, state, LINE_TIME_LIMIT_MS);
    stopped ||= stoppedEarly;
    state = ruleStack;
    const spans: StyledSpan[] = [];
    for (let i = 0; i < tokens.length; i += 2) {
      const start = tokens[i];
      const end = i + 2 < tokens.length ? tokens[i + 2] : text.length;
      const metadata = tokens[i + 1];
      if (end > start) {
        spans.push({
          text: text.slice(start, end),
          color: colors[(metadata & FOREGROUND_MASK) >>> FOREGROUND_OFFSET] ?? theme.foreground,
          fontStyle: (metadata & FONT_STYLE_MASK) >>> FONT_STYLE_OFFSET,
        });
      }
    }
    return spans;
  });
  let result: StyledSpan[][];
  try {
    result = tokenized();
  } catch (error) {
    return failed(error);
  }
  if (stopped) {
    warnings.push(
      warning('tokenizeStopped', `The ${options.language} grammar took too long on some lines; parts of them are drawn without colors.`, `${options.language} 的语法定义处理部分行时超时，这些行的部分内容未着色。`),
    );
  }
  return result;
}
