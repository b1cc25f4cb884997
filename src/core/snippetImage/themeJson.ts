/** The shape of a VS Code color theme's JSON, apart from theme.ts so the built-in themes can use it without an import cycle. */

/** One `tokenColors` rule of a VS Code theme. */
export interface TokenColorRule {
  name?: string;
  scope?: string | string[];
  settings?: { foreground?: string; background?: string; fontStyle?: string };
}

/**
 * A VS Code color theme as its JSON file has it, with any `include` chain already merged by the host
 * (the included file's `colors` under this one's, its `tokenColors` before this one's). Old
 * TextMate-style themes have `settings` instead of `tokenColors`.
 */
export interface ThemeJson {
  name?: string;
  type?: string;
  colors?: Record<string, string | null | undefined>;
  tokenColors?: TokenColorRule[] | string;
  settings?: TokenColorRule[];
}
