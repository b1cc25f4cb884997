/**
 * Whether a snippet's indentation carries meaning, for a warning before it is sent as text: DingTalk's
 * clients collapse indentation inside a code block to the left margin, spaces or tabs alike
 * (docs/dingtalk-api.md §11), and the image form keeps it.
 *
 * - `syntax`: the language reads indentation (Python, YAML, a Makefile's tab-led recipe lines…), so the
 *   flattened code means something else or nothing;
 * - `layout`: lines are nested, so the flattened code is harder to read but means the same;
 * - undefined: every line starts at the same column (once the indentation they share is set aside),
 *   so there is nothing to flatten.
 */
export type IndentationMeaning = 'syntax' | 'layout';

/** VS Code language ids whose grammar reads indentation. */
const INDENTATION_LANGUAGES = new Set([
  'python',
  'yaml',
  'dockercompose',
  'github-actions-workflow',
  'ansible',
  'makefile',
  'coffeescript',
  'pug',
  'jade',
  'haml',
  'sass',
  'stylus',
  'fsharp',
  'haskell',
  'nim',
  'elm',
]);

function leading(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

export function snippetIndentation(languageId: string, code: string): IndentationMeaning | undefined {
  const lines = code.split(/\r\n?|\n/).filter((line) => line.trim());
  if (languageId === 'makefile' && lines.some((line) => line.startsWith('\t'))) {
    return 'syntax';
  }
  // Nested: lines start at more than one indentation (what they all share is dedented before sending).
  if (new Set(lines.map(leading)).size < 2) {
    return undefined;
  }
  return INDENTATION_LANGUAGES.has(languageId) ? 'syntax' : 'layout';
}
