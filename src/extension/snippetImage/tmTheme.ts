import type * as FastPlist from 'fast-plist';
import type { ThemeJson, TokenColorRule } from '../../core';
import { isRecord } from '../isRecord';

/** Microsoft's plist parser, the one VS Code's own is taken from; read on the first TextMate theme. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
const plist = (): typeof FastPlist => require('fast-plist') as typeof FastPlist;

/** The settings of a TextMate theme's global rule (the one without a scope) that VS Code takes as editor colors (themeCompatibility.ts); those a picture uses. */
const EDITOR_COLORS: Record<string, string> = { background: 'editor.background', foreground: 'editor.foreground' };

/**
 * TextMate-style `settings` as VS Code's `convertSettings` reads them: every rule is a token rule, and
 * the global rule's background and foreground are also the editor's colors.
 */
export function fromTextMateSettings(settings: unknown[]): Required<Pick<ThemeJson, 'colors'>> & { tokenColors: TokenColorRule[] } {
  const tokenColors = settings.filter(isRecord) as TokenColorRule[];
  const colors: Record<string, string> = {};
  for (const rule of tokenColors.filter((r) => !r.scope && isRecord(r.settings))) {
    for (const [key, value] of Object.entries(rule.settings as Record<string, unknown>)) {
      if (key in EDITOR_COLORS && typeof value === 'string') {
        colors[EDITOR_COLORS[key]] = value;
      }
    }
  }
  return { colors, tokenColors };
}

/** A `.tmTheme` file (a plist whose `settings` are the rules), as VS Code reads one: its name, editor colors and token colors. */
export function parseTmTheme(content: string, path: string): ThemeJson & { tokenColors: TokenColorRule[] } {
  let value: unknown;
  try {
    value = plist().parse(content);
  } catch (error) {
    throw new Error(`${path}: not a TextMate theme (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (!isRecord(value) || !Array.isArray(value.settings)) {
    throw new Error(`${path}: not a TextMate theme ('settings' is not an array)`);
  }
  return { name: typeof value.name === 'string' ? value.name : undefined, ...fromTextMateSettings(value.settings) };
}
