import type { EditorState } from '../editorState';
import type { SnippetLinks } from '../snippet';

/** The code of one image, as the editor has it. */
export interface ImageSnippet {
  code: string;
  languageId: string;
  /** Workspace-relative, never absolute. */
  relativePath: string;
  startLine: number;
  endLine: number;
  tabSize: number;
  /** The file on disk, for "Send as File" when the image is refused; only when saved. */
  fsPath?: string;
  /** `snippetFormat: imageAndText`: the code follows the image as a markdown snippet, so it can be copied. */
  alsoText?: boolean;
  /** The code's lines on the remote (`snippetLinks`): the message's header line links there. */
  links?: SnippetLinks;
}

function range(snippet: Pick<ImageSnippet, 'startLine' | 'endLine'>, dash: string): string {
  return snippet.startLine === snippet.endLine ? `${snippet.startLine}` : `${snippet.startLine}${dash}${snippet.endLine}`;
}

/** The header drawn above the code and the message title: `src/app.ts:3-9`. */
export function imageHeader(snippet: ImageSnippet): string {
  return `${snippet.relativePath}:${range(snippet, '-')}`;
}

/** How notices and the Sent History name it: `src/app.ts:3–9`. */
export function imageLabel(snippet: ImageSnippet): string {
  return `${snippet.relativePath}:${range(snippet, '–')}`;
}

/** The name the PNG is uploaded under: `app.ts-3-9.png`. */
export function imageFileName(snippet: ImageSnippet): string {
  return `${snippet.relativePath.split('/').pop() || 'snippet'}-${range(snippet, '-')}.png`;
}

/** The code to draw: the first selection, or with nothing selected, the part of the file on screen. */
export function imageSnippetOf(editor: EditorState): ImageSnippet | undefined {
  const { document } = editor;
  const part = editor.selections[0] ?? editor.visibleRange;
  if (!part) {
    return undefined;
  }
  return {
    code: part.text,
    languageId: document.languageId,
    relativePath: document.relativePath,
    startLine: part.startLine,
    endLine: part.endLine,
    tabSize: editor.tabSize ?? 4,
    fsPath: document.isDirty ? undefined : document.fsPath,
  };
}

/** The snippet a Sent History entry kept (its code, language and header), to send again. */
export function imageSnippetFromHistory(content: { text: string; language: string; title?: string }, summary: string): ImageSnippet {
  const header = /^(.*):(\d+)(?:-(\d+))?$/.exec(content.title ?? '');
  const startLine = header ? Number(header[2]) : 1;
  return {
    code: content.text,
    languageId: content.language,
    relativePath: header ? header[1] : summary,
    startLine,
    endLine: header?.[3] ? Number(header[3]) : startLine,
    tabSize: 4,
  };
}
