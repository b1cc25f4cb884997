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

function builtinFor(kind: ThemeKind | undefined): ThemeJson {
  return kind === 'light' || kind === 'highContrastLight' ? LIGHT : DARK;
}

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
 * The theme to draw with: the user's where it is usable, the built-in one of the same kind (dark or
 * light) for whatever part of it is missing, each fallback said in a warning.
 */
export function resolveTheme(theme: ThemeJson | undefined, kind: ThemeKind | undefined, warnings: SnippetWarning[]): ResolvedTheme {
  if (!theme) {
    const builtin = builtinFor(kind);
    warnings.push(
      warning('themeMissing', `No color theme was given; drew with the built-in ${builtin.name} theme.`, `未提供颜色主题，已使用内置主题 ${builtin.name}。`),
    );
    return resolveTheme(builtin, kind, []);
  }
  const colors = theme.colors ?? {};
  const givenBackground = parseColor(colors['editor.background']);
  const builtin = builtinFor(kindOf(theme, givenBackground) ?? kind);
  const builtinColors = builtin.colors ?? {};
  const missing: string[] = [];
  const color = (key: string): Paint => {
    const given = parseColor(colors[key]);
    if (given) {
      return given;
    }
    missing.push(key);
    return parseColor(builtinColors[key]) as Paint;
  };
  const background = color('editor.background');
  const foreground = color('editor.foreground');
  const lineNumber = parseColor(colors['editorLineNumber.foreground']) ?? { hex: foreground.hex, opacity: foreground.opacity * 0.5 };
  let rules = usableRules(theme.tokenColors ?? theme.settings);
  if (rules.length === 0) {
    missing.push('tokenColors');
    rules = usableRules(builtin.tokenColors);
  }
  const name = theme.name ?? 'unnamed theme';
  if (missing.length > 0) {
    warnings.push(
      warning(
        'themeIncomplete',
        `The color theme "${name}" has no usable ${missing.join(', ')}; took those from the built-in ${builtin.name} theme.`,
        `颜色主题“${name}”缺少可用的 ${missing.join('、')}，已改用内置主题 ${builtin.name} 的对应部分。`,
      ),
    );
  }
  // VS Code's token rules (colorThemeData.ts, `tokenColors`): first the defaults, the editor's own
  // foreground and background; then the rules with a scope (every other rule without one is dropped),
  // theirs and the user's; then its token.*-token rules for the editor's kind of theme, unless the
  // theme has its own.
  const themeKind = kind ?? kindOf(theme, givenBackground) ?? 'dark';
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
