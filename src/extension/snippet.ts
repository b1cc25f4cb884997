import { escapeHtmlText } from '../core';
import type { DocumentState, SelectionState } from './editorState';
import type { Translate } from './ports';
import { snippetLink, type SnippetLink } from './scm/snippetLink';

/** A code snippet as one markdown message. */
export interface Snippet {
  /** The markdown title, shown in DingTalk's conversation list: `src/app.ts:3-9`. */
  title: string;
  /** What the user is told was sent: `src/app.ts:3–9`. */
  label: string;
  /** The message as it is sent: a header per selection, then its code in a fence, HTML-escaped. */
  text: string;
  /**
   * The short hashes of the pushed commits a header links to "as of": the selected lines differ
   * there (unsaved or unpushed edits), so the group reads the local version, the link an older one.
   */
  linkedAsOf?: string[];
}

/** Each selection's link to the remote, by the first line of its code (blank lines at either end left out). */
export type SnippetLinks = ReadonlyMap<number, SnippetLink>;

/** Finds the remote's lines for a file's lines (the default asks git: `scm/snippetLink.ts`). */
export type LinkFinder = (file: string, startLine: number, endLine: number, text: string) => Promise<SnippetLink | undefined>;

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

/** A URL as a markdown link target: parentheses and spaces in a path would end it early. */
function linkTarget(url: string): string {
  return url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function header(t: Translate, path: string, block: Block | undefined, link?: SnippetLink): string {
  const name = escapeHtmlText(escapeMarkdown(path));
  if (!block) {
    return `**${name}**`;
  }
  const lines = block.startLine === block.endLine ? t('line {0}', block.startLine) : t('lines {0}–{1}', block.startLine, block.endLine);
  if (!link) {
    return `**${name}** · ${lines}`;
  }
  const asOf = link.differs ? ` ${t('(as of {0})', link.shortCommit)}` : '';
  return `**[${name} · ${lines}${asOf}](${linkTarget(link.url)})**`;
}

/** The blocks of the selections, in document order; blank selections left out. */
function blocksOf(selections: readonly SelectionState[]): Block[] {
  return [...selections]
    .sort((a, b) => a.startLine - b.startLine)
    .map((s) => block(s.startLine, s.text))
    .filter((b): b is Block => b !== undefined);
}

/**
 * The links of the selections' headers: each block's lines on the remote at the newest pushed
 * commit. None for an untitled document, a file outside git, without a remote of known form, or
 * that commit lacks; a failure to ask git is no link either, never a failed send.
 */
export async function snippetLinks(fsPath: string | undefined, selections: readonly SelectionState[], find: LinkFinder = snippetLink): Promise<SnippetLinks> {
  const links = new Map<number, SnippetLink>();
  if (!fsPath) {
    return links;
  }
  await Promise.all(
    blocksOf(selections).map(async (b) => {
      const link = await find(fsPath, b.startLine, b.endLine, b.lines.join('\n')).catch(() => undefined);
      if (link) {
        links.set(b.startLine, link);
      }
    }),
  );
  return links;
}

/** An image snippet's header (`src/app.ts:3-9`) as markdown text, escaped as the text form's header: `__init__.py` is not bold, `<T>` no tag. */
export function imageHeaderText(header: string): string {
  return escapeHtmlText(escapeMarkdown(header));
}

/** The header line an image snippet's markdown message shows above the picture: `header`, linked when `link` is given. */
export function linkedImageHeader(t: Translate, header: string, link: SnippetLink | undefined): string {
  if (!link) {
    return imageHeaderText(header);
  }
  const asOf = link.differs ? ` ${t('(as of {0})', link.shortCommit)}` : '';
  return `[${imageHeaderText(header)}${asOf}](${linkTarget(link.url)})`;
}

/** The preview's note when a link shows an older version of the lines than the group reads. */
export function localVersionNote(t: Translate, asOf: readonly string[] | undefined): string | undefined {
  return asOf && asOf.length > 0
    ? t('The selected lines differ from the pushed commit {0} (unsaved or unpushed edits): the group sees your local version, and the link shows the lines as of that commit.', asOf.join(', '))
    : undefined;
}

/**
 * Builds the markdown message for the selections of a document, in document order, or for the
 * whole document when `selections` is undefined. Blank selections are left out; the caller refuses
 * when nothing is left (`undefined`). A selection with a link (`snippetLinks`) has its header linked.
 */
export function buildSnippet(
  document: Pick<DocumentState, 'relativePath' | 'languageId' | 'text'>,
  selections: SelectionState[] | undefined,
  t: Translate,
  links: SnippetLinks = new Map(),
): Snippet | undefined {
  const path = document.relativePath;
  const language = fenceLanguage(document.languageId);
  if (!selections) {
    const whole = block(1, document.text);
    return whole && { title: path, label: path, text: `${header(t, path, undefined)}\n\n${fenced(dedent(whole.lines).join('\n'), language)}` };
  }
  const blocks = blocksOf(selections);
  if (blocks.length === 0) {
    return undefined;
  }
  const asOf = [...new Set(blocks.map((b) => links.get(b.startLine)).filter((link) => link?.differs).map((link) => link?.shortCommit ?? ''))];
  return {
    title: `${path}:${blocks.map((b) => range(b, '-')).join(',')}`,
    label: `${path}:${blocks.map((b) => range(b, '–')).join(', ')}`,
    text: blocks.map((b) => `${header(t, path, b, links.get(b.startLine))}\n\n${fenced(dedent(b.lines).join('\n'), language)}`).join('\n\n'),
    ...(asOf.length > 0 ? { linkedAsOf: asOf } : {}),
  };
}
