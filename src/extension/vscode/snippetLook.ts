import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { GrammarSource, Logger, ThemeJson, ThemeKind, TokenColorRule } from '../../core';
import type { SnippetLook } from '../snippetImage/images';

/** `include` chains deeper than this are a loop or a mistake. */
const MAX_INCLUDES = 10;

interface ThemeContribution {
  id?: string;
  label?: string;
  path?: string;
}

interface GrammarContribution {
  language?: string;
  scopeName?: string;
  path?: string;
  embeddedLanguages?: Record<string, string>;
}

function contributions<T>(key: 'themes' | 'grammars'): Array<{ extension: vscode.Extension<unknown>; item: T }> {
  return vscode.extensions.all.flatMap((extension) => {
    const items = (extension.packageJSON as { contributes?: Record<string, unknown> }).contributes?.[key];
    return Array.isArray(items) ? items.map((item) => ({ extension, item: item as T })) : [];
  });
}

async function readJsonc(path: string): Promise<unknown> {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(await readFile(path, 'utf8'), errors, { allowTrailingComma: true });
  if (errors.length > 0 && value === undefined) {
    throw new Error(`${path}: ${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}`);
  }
  return value;
}

/** A theme file with its `include` chain merged: the included file's colors under this one's, its token colors first. */
async function readTheme(path: string, depth = 0): Promise<ThemeJson> {
  const json = (await readJsonc(path)) as ThemeJson & { include?: string };
  let tokenColors = json.tokenColors;
  if (typeof tokenColors === 'string' && tokenColors.endsWith('.json')) {
    const referenced = (await readJsonc(join(dirname(path), tokenColors))) as TokenColorRule[] | { tokenColors?: TokenColorRule[]; settings?: TokenColorRule[] };
    tokenColors = Array.isArray(referenced) ? referenced : (referenced.tokenColors ?? referenced.settings);
  }
  const own: ThemeJson = { ...json, tokenColors };
  if (!json.include || depth >= MAX_INCLUDES) {
    return own;
  }
  const base = await readTheme(join(dirname(path), json.include), depth + 1);
  const rules = (theme: ThemeJson): TokenColorRule[] => (Array.isArray(theme.tokenColors) ? theme.tokenColors : (theme.settings ?? []));
  return {
    name: own.name ?? base.name,
    type: own.type ?? base.type,
    colors: { ...base.colors, ...own.colors },
    tokenColors: [...rules(base), ...rules(own)],
  };
}

function themeKind(): ThemeKind {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'highContrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'highContrastLight';
    default:
      return 'dark';
  }
}

/** The file of the theme named by `workbench.colorTheme`, from the extension contributing it. */
function activeThemeFile(): string | undefined {
  const name = vscode.workspace.getConfiguration('workbench').get<string>('colorTheme');
  const found = contributions<ThemeContribution>('themes').find(({ item }) => item.path && (item.id === name || item.label === name));
  return found?.item.path && join(found.extension.extensionPath, found.item.path);
}

async function grammarFile(extension: vscode.Extension<unknown>, contribution: GrammarContribution): Promise<GrammarSource> {
  const path = join(extension.extensionPath, contribution.path ?? '');
  return { path, content: await readFile(path, 'utf8') };
}

/** The language's grammar, and the grammars it embeds or includes by scope name that some extension contributes. */
async function readGrammars(language: string, log: Logger): Promise<Pick<SnippetLook, 'grammar' | 'embeddedGrammars'>> {
  const grammars = contributions<GrammarContribution>('grammars').filter(({ item }) => item.path && item.scopeName);
  const main = grammars.find(({ item }) => item.language === language);
  if (!main) {
    return {};
  }
  const grammar = await grammarFile(main.extension, main.item);
  const content = (grammar as { content: string }).content;
  const wanted = new Set([
    ...Object.keys(main.item.embeddedLanguages ?? {}),
    ...[...content.matchAll(/"include"\s*:\s*"([\w.-]+)(?:#[\w.-]*)?"/g)].map((m) => m[1]),
  ]);
  wanted.delete(main.item.scopeName as string);
  const embedded = await Promise.all(
    grammars
      .filter(({ item }) => wanted.has(item.scopeName as string))
      .map(async ({ extension, item }) => {
        try {
          return [await grammarFile(extension, item)];
        } catch (error) {
          log.info(`Snippet images: the grammar ${item.scopeName} cannot be read: ${String(error)}`);
          return [];
        }
      }),
  );
  return { grammar, embeddedGrammars: embedded.flat() };
}

/**
 * How the user's editor looks for `language`: the active color theme's JSON and the grammar VS Code
 * uses for it, from the extensions that contribute them. What cannot be read is left out, so the
 * renderer falls back to a built-in theme of the same kind, or plain text; the log says why.
 */
export function createSnippetLook(log: Logger): (language: string) => Promise<SnippetLook> {
  const themes = new Map<string, Promise<ThemeJson | undefined>>();
  return async (language) => {
    const kind = themeKind();
    const file = activeThemeFile();
    let theme: Promise<ThemeJson | undefined> | undefined;
    if (file) {
      theme = themes.get(file);
      if (!theme) {
        theme = readTheme(file).catch((error: unknown) => {
          log.info(`Snippet images: the color theme ${file} cannot be read (${String(error)}); a built-in ${kind} theme is used.`);
          themes.delete(file);
          return undefined;
        });
        themes.set(file, theme);
      }
    } else {
      log.info(`Snippet images: no installed extension contributes the color theme; a built-in ${kind} theme is used.`);
    }
    const grammars = await readGrammars(language, log).catch((error: unknown) => {
      log.info(`Snippet images: the grammar of ${language} cannot be read (${String(error)}); the code is drawn as plain text.`);
      return {};
    });
    return { theme: await theme, themeKind: kind, ...grammars };
  };
}
