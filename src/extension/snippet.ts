import { escapeHtmlText } from '../core';
import type { DocumentState, SelectionState } from './editorState';
import type { Translate } from './ports';

/** A code snippet as one markdown message. */
export interface Snippet {
  /** The markdown title, shown in DingTalk's conversation list: `src/app.ts:3-9`. */
  title: string;
  /** What the user is told was sent: `src/app.ts:3–9`. */
  label: string;
  /** The message as it is sent: a header per selection, then its code in a fence, HTML-escaped. */
  text: string;
}

/** Lines of code and where they stand in the document (1-based, inclusive). */
interface Block {
  startLine: number;
  endLine: number;
  lines: string[];
}

/** VS Code language ids whose fence name people know by another name; an empty name means no tag. */
const FENCE_NAMES: Record<string, string> = {
  typescript: 'ts',
  javascript: 'js',
  typescriptreact: 'tsx',
  javascriptreact: 'jsx',
  shellscript: 'bash',
  plaintext: '',
  jsonc: 'json',
  'objective-c': 'objectivec',
  'objective-cpp': 'objectivec',
  'cuda-cpp': 'cuda',
  dockercompose: 'yaml',
  'git-commit': '',
  ignore: '',
  log: '',
};

export function fenceLanguage(languageId: string): string {
  const name = FENCE_NAMES[languageId] ?? languageId;
  // A fence's info string ends at whitespace, and a backtick in it would break the opener.
  return /^[\w+#.-]+$/.test(name) ? name : '';
}

/** A fence longer than any backtick run in the code, so nothing inside can close it. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function sharedPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) {
    i += 1;
  }
  return a.slice(0, i);
}

/**
 * Removes the indentation every non-blank line shares. Tabs and spaces are compared as they are
 * (no tab width is assumed), so mixed indentation only loses what is truly common.
 */
export function dedent(lines: string[]): string[] {
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim()) {
      const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
      common = common === undefined ? indent : sharedPrefix(common, indent);
    }
  }
  const cut = common?.length ?? 0;
  return lines.map((line) => (line.trim() ? line.slice(cut) : ''));
}

export function isBinary(text: string): boolean {
  return text.includes('\u0000');
}

/** The lines of `text` starting at `startLine`, without blank lines at either end; undefined when all are blank. */
function block(startLine: number, text: string): Block | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((line) => line.trim());
  if (first < 0) {
    return undefined;
  }
  const last = lines.length - 1 - [...lines].reverse().findIndex((line) => line.trim());
  // Line numbers follow from the text, so a selection ending at the start of the next line counts right.
  return { startLine: startLine + first, endLine: startLine + last, lines: lines.slice(first, last + 1) };
}

function range(block: Block, dash: string): string {
  return block.startLine === block.endLine ? `${block.startLine}` : `${block.startLine}${dash}${block.endLine}`;
}

/** Backslash-escapes what markdown would read as emphasis, code or a link in a path (`__init__.py`). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]]/g, '\\$&');
}

/** The code in a fence, HTML-escaped even there: DingTalk's desktop renders a tag inside a fence, and the phone blanks the message. */
function fenced(code: string, language: string): string {
  const fence = fenceFor(code);
  return `${fence}${language}\n${escapeHtmlText(code)}\n${fence}`;
}

function header(t: Translate, path: string, block: Block | undefined): string {
  const bold = `**${escapeHtmlText(escapeMarkdown(path))}**`;
  if (!block) {
    return bold;
  }
  const lines = block.startLine === block.endLine ? t('line {0}', block.startLine) : t('lines {0}–{1}', block.startLine, block.endLine);
  return `${bold} · ${lines}`;
}

/**
 * Builds the markdown message for the selections of a document, in document order, or for the
 * whole document when `selections` is undefined. Blank selections are left out; the caller refuses
 * when nothing is left (`undefined`).
 */
export function buildSnippet(document: Pick<DocumentState, 'relativePath' | 'languageId' | 'text'>, selections: SelectionState[] | undefined, t: Translate): Snippet | undefined {
  const path = document.relativePath;
  const language = fenceLanguage(document.languageId);
  if (!selections) {
    const whole = block(1, document.text);
    return whole && { title: path, label: path, text: `${header(t, path, undefined)}\n\n${fenced(dedent(whole.lines).join('\n'), language)}` };
  }
  const blocks = [...selections]
    .sort((a, b) => a.startLine - b.startLine)
    .map((s) => block(s.startLine, s.text))
    .filter((b): b is Block => b !== undefined);
  if (blocks.length === 0) {
    return undefined;
  }
  return {
    title: `${path}:${blocks.map((b) => range(b, '-')).join(',')}`,
    label: `${path}:${blocks.map((b) => range(b, '–')).join(', ')}`,
    text: blocks.map((b) => `${header(t, path, b)}\n\n${fenced(dedent(b.lines).join('\n'), language)}`).join('\n\n'),
  };
}
