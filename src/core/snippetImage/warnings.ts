/**
 * Why a snippet image is not exactly what the editor shows, or (`themeDefaults`) which of its colors
 * are VS Code's defaults because the theme sets none. The host logs them; `missingGlyphs` is worth
 * telling the user, with the offer to send the code as text.
 */
export type SnippetWarningCode = 'themeMissing' | 'themeIncomplete' | 'themeDefaults' | 'grammarMissing' | 'grammarFailed' | 'grammarIncomplete' | 'tokenizeStopped' | 'missingGlyphs';

export interface SnippetWarning {
  code: SnippetWarningCode;
  en: string;
  zh: string;
  /** For `missingGlyphs`: the characters drawn as empty boxes, each once. */
  characters?: string[];
}

export function warning(code: SnippetWarningCode, en: string, zh: string): SnippetWarning {
  return { code, en, zh };
}
