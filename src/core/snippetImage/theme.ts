import type { IRawTheme } from 'vscode-textmate';
import { DARK, LIGHT } from './builtinThemes';
import type { ThemeJson, TokenColorRule } from './themeJson';
import { warning, type SnippetWarning } from './warnings';

export type { ThemeJson, TokenColorRule } from './themeJson';

/** What `vscode.window.activeColorTheme.kind` says, for picking the built-in theme to fall back on. */
export type ThemeKind = 'dark' | 'light' | 'highContrast' | 'highContrastLight';

/** A color as SVG wants it: six hex digits and a separate opacity. */
export interface Paint {
  hex: string;
  opacity: number;
}

export interface ResolvedTheme {
  name: string;
  background: Paint;
  foreground: Paint;
  lineNumber: Paint;
  /** For vscode-textmate: the rules, with the editor's colors as the defaults. */
  raw: IRawTheme;
}

/** `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`, as VS Code themes write colors; undefined for anything else. */
export function parseColor(value: unknown): Paint | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(value.trim());
  if (!match) {
    return undefined;
  }
  let digits = match[1];
  if (digits.length <= 4) {
    digits = [...digits].map((d) => d + d).join('');
  }
  const opacity = digits.length === 8 ? parseInt(digits.slice(6), 16) / 255 : 1;
  return { hex: `#${digits.slice(0, 6).toLowerCase()}`, opacity };
}

/** A paint as a theme writes it: `#rrggbb`, with the alpha digits when it is not opaque. */
function colorString(paint: Paint): string {
  return paint.opacity < 1 ? `${paint.hex}${Math.round(paint.opacity * 255).toString(16).padStart(2, '0')}` : paint.hex;
}

/**
 * A rule's color as VS Code hands it to the tokenizer (colorThemeData.ts, `normalizeColor`): `#RGB`,
 * `#RGBA`, `#RRGGBB` or `#RRGGBBAA`, written out in full in capitals, the alpha kept unless opaque;
 * anything else is no color.
 */
export function normalizeColor(color: unknown): string | undefined {
  if (typeof color !== 'string' || !/^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(color)) {
    return undefined;
  }
  let digits = color.slice(1).toUpperCase();
  if (digits.length <= 4) {
    digits = [...digits].map((d) => d + d).join('');
  }
  return `#${digits.endsWith('FF') && digits.length === 8 ? digits.slice(0, 6) : digits}`;
}

function isLight(paint: Paint): boolean {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(paint.hex.slice(i, i + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 128;
}

/** The token rules VS Code adds after a theme's (colorThemeData.ts, `defaultThemeColors`), for the log files' info, warning, error and debug lines. */
const DEFAULT_TOKEN_RULES: Record<ThemeKind, TokenColorRule[]> = {
  light: tokenRules('#316bcd', '#cd9731', '#cd3131', '#800080'),
  dark: tokenRules('#6796e6', '#cd9731', '#f44747', '#b267e6'),
  highContrastLight: tokenRules('#316bcd', '#cd9731', '#cd3131', '#800080'),
  highContrast: tokenRules('#6796e6', '#008000', '#FF0000', '#b267e6'),
};

function tokenRules(info: string, warn: string, error: string, debug: string): TokenColorRule[] {
  return Object.entries({ info, warn, error, debug }).map(([token, foreground]) => ({ scope: `token.${token}-token`, settings: { foreground } }));
}

function builtinFor(kind: ThemeKind): ThemeJson {
  return kind === 'light' || kind === 'highContrastLight' ? LIGHT : DARK;
}

/** The editor colors a picture draws with: the background, the code's default color, the line numbers (and the wrap marker, the header's rule). */
type EditorColor = 'editor.background' | 'editor.foreground' | 'editorLineNumber.foreground';

/**
 * What VS Code draws with where a theme sets none of the editor colors: its color registry's default
 * for the theme's type (docs/architecture.md, "Snippet images").
 */
const VSCODE_DEFAULTS: Record<ThemeKind, Record<EditorColor, string>> = {
  light: { 'editor.background': '#FFFFFF', 'editor.foreground': '#333333', 'editorLineNumber.foreground': '#237893' },
  dark: { 'editor.background': '#1E1E1E', 'editor.foreground': '#BBBBBB', 'editorLineNumber.foreground': '#858585' },
  highContrast: { 'editor.background': '#000000', 'editor.foreground': '#FFFFFF', 'editorLineNumber.foreground': '#FFFFFF' },
  highContrastLight: { 'editor.background': '#FFFFFF', 'editor.foreground': '#292929', 'editorLineNumber.foreground': '#292929' },
};

const KIND_NAMES: Record<ThemeKind, { en: string; zh: string }> = {
  light: { en: 'light', zh: '浅色' },
  dark: { en: 'dark', zh: '深色' },
  highContrast: { en: 'high contrast dark', zh: '高对比度深色' },
  highContrastLight: { en: 'high contrast light', zh: '高对比度浅色' },
};

/** A theme's kind from its JSON alone, for a host that does not know it: its `type`, else its background's lightness. */
function kindOf(theme: ThemeJson, background: Paint | undefined): ThemeKind | undefined {
  switch (theme.type) {
    case 'light':
    case 'vs':
      return 'light';
    case 'dark':
    case 'vs-dark':
      return 'dark';
    case 'hc':
    case 'hc-black':
      return 'highContrast';
    case 'hcLight':
    case 'hc-light':
      return 'highContrastLight';
  }
  return background ? (isLight(background) ? 'light' : 'dark') : undefined;
}

function usableRules(rules: unknown): TokenColorRule[] {
  return Array.isArray(rules) ? rules.filter((rule): rule is TokenColorRule => typeof rule === 'object' && rule !== null && typeof rule.settings === 'object' && rule.settings !== null) : [];
}

/**
 * The theme to draw with, as VS Code draws it. Its kind is the host's (VS Code's: the contribution's
 * `uiTheme`), else what the JSON says (`kindOf`). An editor color the theme does not set is VS Code's
 * default for that kind, said in a `themeDefaults` warning; a theme without token rules takes the
 * built-in theme's (`themeIncomplete`), and no theme at all the built-in theme (`themeMissing`).
 */
export function resolveTheme(theme: ThemeJson | undefined, kind: ThemeKind | undefined, warnings: SnippetWarning[]): ResolvedTheme {
  if (!theme) {
    const builtin = builtinFor(kind ?? 'dark');
    warnings.push(
      warning('themeMissing', `No color theme was given; drew with the built-in ${builtin.name} theme.`, `未提供颜色主题，已使用内置主题 ${builtin.name}。`),
    );
    return resolveTheme(builtin, kind, []);
  }
  const colors = theme.colors ?? {};
  const themeKind = kind ?? kindOf(theme, parseColor(colors['editor.background'])) ?? 'dark';
  const defaulted: EditorColor[] = [];
  const color = (key: EditorColor): Paint => {
    const given = parseColor(colors[key]);
    if (given) {
      return given;
    }
    defaulted.push(key);
    return parseColor(VSCODE_DEFAULTS[themeKind][key]) as Paint;
  };
  const background = color('editor.background');
  const foreground = color('editor.foreground');
  const lineNumber = color('editorLineNumber.foreground');
  const name = theme.name ?? 'unnamed theme';
  if (defaulted.length > 0) {
    const values = defaulted.map((key) => `${key} ${VSCODE_DEFAULTS[themeKind][key]}`).join(', ');
    warnings.push(
      warning(
        'themeDefaults',
        `The color theme "${name}" sets no ${defaulted.join(', ')}; drew VS Code's defaults for a ${KIND_NAMES[themeKind].en} theme (${values}), as the editor does.`,
        `颜色主题“${name}”未设置 ${defaulted.join('、')}，已与编辑器一样使用 VS Code 对${KIND_NAMES[themeKind].zh}主题的默认颜色（${values}）。`,
      ),
    );
  }
  let rules = usableRules(theme.tokenColors ?? theme.settings);
  if (rules.length === 0) {
    const builtin = builtinFor(themeKind);
    rules = usableRules(builtin.tokenColors);
    warnings.push(
      warning(
        'themeIncomplete',
        `The color theme "${name}" has no usable tokenColors; took those from the built-in ${builtin.name} theme.`,
        `颜色主题“${name}”缺少可用的 tokenColors，已改用内置主题 ${builtin.name} 的对应部分。`,
      ),
    );
  }
  // VS Code's token rules (colorThemeData.ts, `tokenColors`): first the defaults, the editor's own
  // foreground and background; then the rules with a scope (every other rule without one is dropped),
  // theirs and the user's; then its token.*-token rules for the editor's kind of theme, unless the
  // theme has its own.
  const scoped = rules.filter((rule) => rule.scope);
  const ordered = scoped.some((rule) => rule.scope === 'token.info-token') ? scoped : [...scoped, ...DEFAULT_TOKEN_RULES[themeKind]];
  const raw: IRawTheme = {
    name,
    settings: [
      { settings: { foreground: normalizeColor(colorString(foreground)), background: normalizeColor(colorString(background)) } },
      ...ordered.map(({ scope, settings }) => ({
        scope,
        settings: { foreground: normalizeColor(settings?.foreground), background: normalizeColor(settings?.background), fontStyle: settings?.fontStyle },
      })),
    ] as IRawTheme['settings'],
  };
  return { name, background: { hex: background.hex, opacity: 1 }, foreground, lineNumber, raw };
}
