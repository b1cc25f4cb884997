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

function isLight(paint: Paint): boolean {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(paint.hex.slice(i, i + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 128;
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
  // Rules without a scope set the defaults, and later ones win: the editor's own colors come last, as in VS Code.
  const raw: IRawTheme = {
    name,
    settings: [...rules, { settings: { foreground: foreground.hex, background: background.hex } }] as IRawTheme['settings'],
  };
  return { name, background: { hex: background.hex, opacity: 1 }, foreground, lineNumber, raw };
}
