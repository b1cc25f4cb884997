/**
 * How the user's editor looks, read from the installed extensions' manifests and files, with no
 * VS Code API: the adapter (vscode/snippetLook.ts) hands in the extensions, the theme setting and
 * the theme's kind. What cannot be read is left out and said in the log, so the renderer falls back
 * to a built-in theme of the same kind, or plain text.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { injectionsInto, type GrammarFile, type GrammarSource, type InjectedGrammar, type Logger, type ThemeJson, type ThemeKind, type TokenColorRule } from '../../core';
import { isRecord } from '../isRecord';
import type { SnippetLook } from './images';
import { fromTextMateSettings, parseTmTheme } from './tmTheme';

/** An installed extension as VS Code lists it: where it is, and its package.json. */
export interface InstalledExtension {
  extensionPath: string;
  packageJSON: unknown;
}

/** What the look is read from; the VS Code adapter answers from `vscode.extensions` and the settings. */
export interface LookHost {
  extensions(): readonly InstalledExtension[];
  /** `workbench.colorTheme`: a theme's id, or its label when it has none. */
  colorTheme(): string | undefined;
  /** The active theme's kind, for a theme no installed extension contributes. */
  themeKind(): ThemeKind;
  /** `workbench.colorCustomizations` and `editor.tokenColorCustomizations`, as the user set them. */
  customizations?(): { colors?: unknown; tokenColors?: unknown };
}

/** `include` chains and grammar includes deeper than this are a loop or a mistake. */
const MAX_DEPTH = 10;

interface ThemeContribution {
  id?: string;
  label?: string;
  path?: string;
  uiTheme?: string;
}

interface GrammarContribution {
  language?: string;
  scopeName?: string;
  path?: string;
  embeddedLanguages?: Record<string, string>;
  injectTo?: string[];
}

/** One item of `contributes.themes` or `contributes.grammars`, with the extension that contributes it. */
export interface Contribution<T> {
  extensionPath: string;
  item: T;
}

export function contributions<T>(extensions: readonly InstalledExtension[], key: 'themes' | 'grammars'): Array<Contribution<T>> {
  return extensions.flatMap((extension) => {
    const contributes = isRecord(extension.packageJSON) ? extension.packageJSON.contributes : undefined;
    const items = isRecord(contributes) ? contributes[key] : undefined;
    return Array.isArray(items) ? items.filter(isRecord).map((item) => ({ extensionPath: extension.extensionPath, item: item as T })) : [];
  });
}

/** A contributed theme's file, and its kind as VS Code takes it: from the contribution's `uiTheme`, never from the file. */
export interface ThemeFile {
  path: string;
  kind: ThemeKind;
}

/** VS Code's theme type for a `uiTheme` (colorThemeData.ts, `fromExtensionTheme` and `type`): anything but these three is dark. */
function kindOfUiTheme(uiTheme: string | undefined): ThemeKind {
  switch (uiTheme) {
    case 'vs':
      return 'light';
    case 'hc-black':
      return 'highContrast';
    case 'hc-light':
      return 'highContrastLight';
    default:
      return 'dark';
  }
}

/** The file and kind of the theme `name` (`workbench.colorTheme`: an id, or a label), from the extension contributing it. */
export function themeFile(extensions: readonly InstalledExtension[], name: string | undefined): ThemeFile | undefined {
  if (!name) {
    return undefined;
  }
  const themes = contributions<ThemeContribution>(extensions, 'themes').filter(({ item }) => typeof item.path === 'string');
  // VS Code names a theme by its id when it has one, else by its label.
  const found = themes.find(({ item }) => item.id === name) ?? themes.find(({ item }) => !item.id && item.label === name) ?? themes.find(({ item }) => item.label === name);
  return found && { path: join(found.extensionPath, found.item.path as string), kind: kindOfUiTheme(found.item.uiTheme) };
}

function rulesOf(theme: ThemeJson): TokenColorRule[] {
  return Array.isArray(theme.tokenColors) ? theme.tokenColors : (theme.settings ?? []);
}

/** VS Code reads a theme file whose name ends in `.json` as JSON, any other as a TextMate (plist) theme. */
const isJson = (path: string): boolean => extname(path).toLowerCase() === '.json';

/** Reads a theme's file as text: a plain read, or `themeCache`'s, which notes each file's version. */
export type ReadText = (path: string) => Promise<string>;

const readText: ReadText = (path) => readFile(path, 'utf8');

async function readJsonc(path: string, read: ReadText): Promise<unknown> {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(await read(path), errors, { allowTrailingComma: true });
  if (errors.length > 0 && value === undefined) {
    throw new Error(`${path}: ${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}`);
  }
  return value;
}

/**
 * The file a JSON theme's `tokenColors` names. VS Code reads it as a TextMate theme (plist), whatever
 * its name, its global rule's colors coming with it; a JSON file there fails VS Code's theme load, so
 * it fails this one, saying so.
 */
async function readTokenColors(path: string, read: ReadText): Promise<Pick<ThemeJson, 'colors'> & { tokenColors: TokenColorRule[] }> {
  const content = await read(path);
  try {
    const { colors, tokenColors } = parseTmTheme(content, path);
    return { colors, tokenColors };
  } catch (error) {
    if (/^\s*[[{]/.test(content)) {
      throw new Error(`${path}: 'tokenColors' names a JSON file, and VS Code reads only a TextMate theme (.tmTheme, a plist) there: put the rules in the theme's own 'tokenColors' array`, { cause: error });
    }
    throw error;
  }
}

/**
 * A theme file with its `include` chain merged, as VS Code reads it: JSON with comments and trailing
 * commas; the included file's colors under this one's, its token colors first; `tokenColors` may
 * name a `.tmTheme` file, whose editor colors then win over the file's. A `.tmTheme` file, and a JSON
 * theme with TextMate-style `settings`, give their rules, and their global rule's background and
 * foreground as the editor's.
 */
export async function readTheme(path: string, read: ReadText = readText, depth = 0): Promise<ThemeJson> {
  if (!isJson(path)) {
    return parseTmTheme(await read(path), path);
  }
  const json = await readJsonc(path, read);
  if (!isRecord(json)) {
    throw new Error(`${path}: not a theme (a JSON object)`);
  }
  const theme = json as ThemeJson & { include?: unknown; settings?: unknown; tokenColors?: unknown };
  // VS Code reads the included file first. It takes an `include` or `tokenColors` only when truthy: `null` or `""` is none.
  let base: ThemeJson | undefined;
  if (typeof theme.include === 'string' && theme.include) {
    if (depth >= MAX_DEPTH) {
      throw new Error(`${path}: the include chain is more than ${MAX_DEPTH} files deep`);
    }
    base = await readTheme(join(dirname(path), theme.include), read, depth + 1);
  }
  let own: ThemeJson;
  if (Array.isArray(theme.settings)) {
    own = { name: theme.name, type: theme.type, ...fromTextMateSettings(theme.settings) };
  } else {
    const colors = isRecord(theme.colors) ? (theme.colors as ThemeJson['colors']) : undefined;
    const tokenColors = theme.tokenColors || undefined;
    if (tokenColors !== undefined && typeof tokenColors !== 'string' && !Array.isArray(tokenColors)) {
      throw new Error(`${path}: 'tokenColors' is neither an array of rules nor the path of a TextMate theme file`);
    }
    const referenced = typeof tokenColors === 'string' ? await readTokenColors(join(dirname(path), tokenColors), read) : { tokenColors: tokenColors as TokenColorRule[] | undefined };
    own = { name: theme.name, type: theme.type, colors: 'colors' in referenced ? { ...colors, ...referenced.colors } : colors, tokenColors: referenced.tokenColors };
  }
  if (!base) {
    return own;
  }
  return {
    name: own.name ?? base.name,
    type: own.type ?? base.type,
    colors: { ...base.colors, ...own.colors },
    tokenColors: [...rulesOf(base), ...rulesOf(own)],
  };
}

/** Themes kept by `themeCache`: one is in use at a time; a few, for a user switching between them. */
const MAX_CACHED_THEMES = 8;

/** Puts `value` under `key` as the most recently used, and drops the least recently used beyond `max`. */
function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) {
      break;
    }
    map.delete(oldest);
  }
}

async function fileVersion(path: string): Promise<string | undefined> {
  try {
    const { mtimeMs, size } = await stat(path);
    return `${mtimeMs}:${size}`;
  } catch {
    return undefined;
  }
}

/**
 * A theme reader that reads a theme again only when one of the files it was read from (the theme,
 * its include chain, its `tokenColors` file) changed its modification time or size, as
 * `grammarFileCache` does for grammars: a theme author's edit shows in the next image. A theme that
 * could not be read is not kept. The least recently used themes go beyond `max`.
 */
export function themeCache(read: ReadText = readText, max = MAX_CACHED_THEMES): (path: string) => Promise<ThemeJson> {
  const themes = new Map<string, { files: Array<{ path: string; version: string | undefined }>; theme: Promise<ThemeJson> }>();
  const unchanged = async (files: Array<{ path: string; version: string | undefined }>): Promise<boolean> =>
    (await Promise.all(files.map(async (file) => file.version !== undefined && (await fileVersion(file.path)) === file.version))).every(Boolean);
  return async (path) => {
    const known = themes.get(path);
    if (known && (await unchanged(known.files))) {
      keepRecent(themes, path, known, max);
      return known.theme;
    }
    const files: Array<{ path: string; version: string | undefined }> = [];
    const entry = {
      files,
      theme: readTheme(path, async (file) => {
        files.push({ path: file, version: await fileVersion(file) });
        return read(file);
      }),
    };
    keepRecent(themes, path, entry, max);
    entry.theme.catch(() => themes.get(path) === entry && themes.delete(path));
    return entry.theme;
  };
}

/** The scopes of `editor.tokenColorCustomizations`' groups (VS Code's colorThemeData.ts, `tokenGroupToScopesMap`). */
const TOKEN_GROUPS: Record<string, string[]> = {
  comments: ['comment', 'punctuation.definition.comment'],
  strings: ['string', 'meta.embedded.assembly'],
  keywords: ['keyword - keyword.operator', 'keyword.control', 'storage', 'storage.type'],
  numbers: ['constant.numeric'],
  types: ['entity.name.type', 'entity.name.class', 'support.type', 'support.class'],
  functions: ['entity.name.function', 'support.function'],
  variables: ['variable', 'entity.name.variable'],
};

/** Whether a `[…]` key's theme name is the theme's (`workbench.colorTheme`): the name, or with `*` at its start, end or both. */
function isThemeMatch(pattern: string, name: string): boolean {
  const starts = pattern.startsWith('*');
  const ends = pattern.endsWith('*');
  return (
    pattern === name ||
    (starts && ends && name.includes(pattern.slice(1, -1))) ||
    (ends && name.startsWith(pattern.slice(0, -1))) ||
    (starts && name.endsWith(pattern.slice(1)))
  );
}

/**
 * A customization setting's layers as VS Code applies them (colorThemeData.ts,
 * `getThemeSpecificColors`): the settings for every theme, then those under every `[…]` key naming
 * this theme (`[One][Two]`, `[*Dark*]`), their rule lists joined.
 */
function layersFor(value: unknown, name: string | undefined): Array<Record<string, unknown>> {
  if (!isRecord(value)) {
    return [];
  }
  const forTheme: Record<string, unknown> = {};
  let matched = false;
  for (const [key, scoped] of Object.entries(value)) {
    const names = key.startsWith('[') && key.endsWith(']') && isRecord(scoped) ? [...key.matchAll(/\[(.+?)\]/g)].map((m) => m[1]) : [];
    if (name === undefined || !names.some((pattern) => isThemeMatch(pattern, name))) {
      continue;
    }
    matched = true;
    for (const [subkey, override] of Object.entries(scoped as Record<string, unknown>)) {
      const original = forTheme[subkey];
      if (Array.isArray(original) && Array.isArray(override)) {
        forTheme[subkey] = [...(original as unknown[]), ...(override as unknown[])];
      } else if (override) {
        forTheme[subkey] = override;
      }
    }
  }
  return matched ? [value, forTheme] : [value];
}

/** One layer's token rules, as VS Code's `addCustomTokenColors` makes them: the groups' first, then the `textMateRules` with a scope and settings. */
function customTokenRules(layer: Record<string, unknown>): TokenColorRule[] {
  const groups = Object.entries(TOKEN_GROUPS).flatMap(([group, scopes]) => {
    const value = layer[group];
    const settings = typeof value === 'string' ? { foreground: value } : value;
    return value && isRecord(settings) ? scopes.map((scope) => ({ scope, settings: settings as TokenColorRule['settings'] })) : [];
  });
  const rules = Array.isArray(layer.textMateRules) ? (layer.textMateRules.filter((rule) => isRecord(rule) && rule.scope && rule.settings) as TokenColorRule[]) : [];
  return [...groups, ...rules];
}

/**
 * The user's `workbench.colorCustomizations` and `editor.tokenColorCustomizations` over the theme, as
 * VS Code applies them: the settings for every theme, then those for this one (`layersFor`); token
 * rules (the groups such as `comments`, then `textMateRules`) after the theme's, so they win.
 */
export function customized(theme: ThemeJson, name: string | undefined, customizations: { colors?: unknown; tokenColors?: unknown }): ThemeJson {
  const colors = { ...theme.colors };
  for (const layer of layersFor(customizations.colors, name)) {
    for (const [key, color] of Object.entries(layer)) {
      if (!key.startsWith('[') && typeof color === 'string') {
        colors[key] = color;
      }
    }
  }
  const rules = layersFor(customizations.tokenColors, name).flatMap(customTokenRules);
  return { ...theme, colors, tokenColors: [...rulesOf(theme), ...rules] };
}

/** The scope names a grammar includes from other grammars (`source.css`, `text.html.basic#tags`), JSON or plist. */
export function includedScopes(content: string): string[] {
  const json = [...content.matchAll(/"include"\s*:\s*"([^"#$][^"#]*)(?:#[^"]*)?"/g)].map((m) => m[1]);
  const plist = [...content.matchAll(/<key>include<\/key>\s*<string>([^<#$][^<#]*)(?:#[^<]*)?<\/string>/g)].map((m) => m[1]);
  return [...new Set([...json, ...plist])];
}

/** Reads a grammar file: `GrammarFiles`' caching reader, or a plain read. */
export type ReadGrammarFile = (path: string) => Promise<GrammarFile>;

const readGrammarFile: ReadGrammarFile = async (path) => ({ path, content: await readFile(path, 'utf8') });

/** Grammar files kept by `grammarFileCache`: a language needs a handful; a window rarely draws more than a few languages. */
const MAX_CACHED_GRAMMAR_FILES = 48;

/**
 * A grammar reader that hands back the very object it read before while the file's modification
 * time and size are unchanged: the renderer keeps a grammar compiled for as long as it is given the
 * same object (highlight.ts), so a second image of a language neither reads nor compiles again.
 * The least recently used files go beyond `max`.
 */
export function grammarFileCache(read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'), max = MAX_CACHED_GRAMMAR_FILES): ReadGrammarFile {
  const files = new Map<string, { version: string; file: GrammarFile }>();
  return async (path) => {
    const { mtimeMs, size } = await stat(path);
    const version = `${mtimeMs}:${size}`;
    const known = files.get(path);
    if (known?.version === version) {
      keepRecent(files, path, known, max);
      return known.file;
    }
    files.delete(path);
    const file = { path, content: await read(path) };
    keepRecent(files, path, { version, file }, max);
    return file;
  };
}

/**
 * The grammar contributions as VS Code's TMScopeRegistry keeps them: one per scope name, the last
 * registered (a later extension's grammar for `source.js` replaces the built-in one).
 */
function byScopeName(grammars: Array<Contribution<GrammarContribution>>): Map<string, Contribution<GrammarContribution>> {
  return new Map(grammars.map((contribution) => [contribution.item.scopeName as string, contribution]));
}

/**
 * The grammars VS Code injects into `scopeName` (TMGrammarFactory: every contribution's `injectTo`
 * counts, and each injected scope is the grammar registered last under its name), with all the
 * targets each is injected into.
 */
function injectionsOf(grammars: Array<Contribution<GrammarContribution>>, scopeName: string): Map<string, string[]> {
  const injecting = grammars.flatMap(({ item }) => (Array.isArray(item.injectTo) ? [{ scopeName: item.scopeName as string, injectTo: item.injectTo }] : []));
  const injected = new Map<string, string[]>();
  for (const injection of injectionsInto(injecting, scopeName)) {
    if (injection.scopeName !== scopeName && !injected.has(injection.scopeName)) {
      injected.set(injection.scopeName, [...new Set(injecting.filter((other) => other.scopeName === injection.scopeName).flatMap((other) => other.injectTo))]);
    }
  }
  return injected;
}

/**
 * The grammar VS Code uses for `language` (the last extension contributing one wins, as in VS Code,
 * so an installed extension's grammar overrides a built-in one), the grammars injected into it, and
 * the grammars they need: those they include by scope name and the languages they embed, each
 * transitively. Each scope name is the grammar registered last under it (`byScopeName`). As in VS Code, only injections into the language's own grammar apply, so only those
 * are read. A grammar that cannot be read is left out, said in the log.
 */
export async function readGrammars(
  extensions: readonly InstalledExtension[],
  language: string,
  log: Logger,
  readFileOf: ReadGrammarFile = readGrammarFile,
): Promise<Pick<SnippetLook, 'grammar' | 'embeddedGrammars' | 'injectedGrammars'>> {
  const grammars = contributions<GrammarContribution>(extensions, 'grammars').filter(({ item }) => typeof item.path === 'string' && typeof item.scopeName === 'string');
  const registered = byScopeName(grammars);
  const forLanguage = (id: string) => {
    const scopeName = grammars.filter(({ item }) => item.language === id).at(-1)?.item.scopeName;
    return scopeName === undefined ? undefined : registered.get(scopeName);
  };
  const main = forLanguage(language);
  if (!main) {
    return {};
  }
  const grammarFile = (contribution: Contribution<GrammarContribution>): Promise<GrammarFile> => readFileOf(join(contribution.extensionPath, contribution.item.path as string));
  const grammar = await grammarFile(main);
  const injections = injectionsOf(grammars, main.item.scopeName as string);
  const tried = new Set<string>([main.item.scopeName as string]);
  const embedded: GrammarSource[] = [];
  const injected: InjectedGrammar[] = [];
  const read = async (contribution: Contribution<GrammarContribution>): Promise<GrammarFile> => {
    const file = await grammarFile(contribution);
    const injectTo = injections.get(contribution.item.scopeName as string);
    if (injectTo) {
      injected.push({ grammar: file, injectTo });
    } else {
      embedded.push(file);
    }
    return file;
  };
  let wanted = [...[...injections.keys()].map((scopeName) => registered.get(scopeName) as Contribution<GrammarContribution>), ...neededBy(main, grammar.content, registered, forLanguage)];
  for (let depth = 0; wanted.length > 0 && depth < MAX_DEPTH; depth++) {
    const next: Array<Contribution<GrammarContribution>> = [];
    for (const contribution of wanted) {
      const scope = contribution.item.scopeName as string;
      if (tried.has(scope)) {
        continue;
      }
      tried.add(scope);
      try {
        const file = await read(contribution);
        next.push(...neededBy(contribution, file.content, registered, forLanguage));
      } catch (error) {
        log.info(`Snippet images: the grammar ${scope} cannot be read: ${String(error)}`);
      }
    }
    wanted = next;
  }
  return { grammar, embeddedGrammars: embedded, injectedGrammars: injected };
}

function neededBy(
  contribution: Contribution<GrammarContribution>,
  content: string,
  registered: Map<string, Contribution<GrammarContribution>>,
  forLanguage: (id: string) => Contribution<GrammarContribution> | undefined,
): Array<Contribution<GrammarContribution>> {
  const { item } = contribution;
  const embedded = Object.values(item.embeddedLanguages ?? {}).flatMap((id) => forLanguage(id) ?? []);
  const included = includedScopes(content).flatMap((scopeName) => registered.get(scopeName) ?? []);
  return [...new Set([...included, ...embedded])].filter(({ item: other }) => other.scopeName !== item.scopeName);
}

/**
 * How the user's editor looks for a language: the active color theme (with the user's color
 * customizations) and the language's grammars. A theme, or a grammar file, is read again only when
 * one of its files changed (`themeCache`; `grammarFileCache`, reading with `readGrammarText`).
 */
export function createLook(host: LookHost, log: Logger, readGrammarText?: ReadText): (language: string) => Promise<SnippetLook> {
  const themes = themeCache();
  const grammarFiles = grammarFileCache(readGrammarText);
  return async (language) => {
    const name = host.colorTheme();
    const file = themeFile(host.extensions(), name);
    const kind = file?.kind ?? host.themeKind();
    let theme: Promise<ThemeJson | undefined> | undefined;
    if (file) {
      theme = themes(file.path).catch((error: unknown) => {
        log.info(`Snippet images: the color theme ${file.path} cannot be read (${String(error)}); a built-in ${kind} theme is used.`);
        return undefined;
      });
    } else {
      log.info(`Snippet images: no installed extension contributes the color theme ${name ?? '(none set)'}; a built-in ${kind} theme is used.`);
    }
    const grammars = await readGrammars(host.extensions(), language, log, grammarFiles).catch((error: unknown) => {
      log.info(`Snippet images: the grammar of ${language} cannot be read (${String(error)}); the code is drawn as plain text.`);
      return {};
    });
    if (!('grammar' in grammars) && language !== 'plaintext') {
      log.info(`Snippet images: no installed extension contributes a grammar for ${language}; the code is drawn as plain text.`);
    }
    const themeJson = await theme;
    const customizations = host.customizations?.() ?? {};
    return { theme: themeJson && customized(themeJson, name, customizations), themeKind: kind, ...grammars };
  };
}
