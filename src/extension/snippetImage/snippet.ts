import type { IndentationMeaning, Mentions } from '../../core';
import type { EditorState, SelectionState } from '../editorState';
import type { TextContent } from '../history/entry';
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
  /** The image an earlier try uploaded (a Sent History Retry): reused when the picture is the same, byte for byte. */
  uploaded?: UploadedImage;
}

/** An uploaded snippet image, as the Sent History keeps it: a media id belongs to the app that uploaded it. */
export interface UploadedImage {
  id: string;
  /** The AppKey of the app that uploaded it. */
  app: string;
  /** The PNG's SHA-256 in hex. */
  sha256: string;
}

/** What a send that switched form in its preview carries over, so the user is not asked again. */
export interface SwitchedForm {
  mentions: { at: Mentions | undefined; typed: boolean };
  /** The user chose to redact the secrets the scan found in this code. */
  redacted?: boolean;
}

/** What a text snippet's preview may say and offer besides the text. */
export interface SnippetForms {
  /** The same code as an image, for the preview's "Send as Image". */
  image?: ImageSnippet;
  /** Whether the code's indentation carries meaning (`snippetIndentation`): the preview warns. */
  indentation?: IndentationMeaning;
  /** The send switched from the image form in its preview. */
  switched?: SwitchedForm;
  /** Terminal output, not code: the terminal's name, which the preview names it by and the Sent History keeps. */
  terminal?: string;
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

/** The code to draw: `part` of the document (by default the first selection, or with nothing selected, the lines on screen). */
export function imageSnippetOf(editor: EditorState, part: SelectionState | undefined = editor.selections[0] ?? editor.visibleRange): ImageSnippet | undefined {
  const { document } = editor;
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

/** The lines from the first selection's first to the last one's last, as one part of the document. */
export function spanOf(editor: EditorState): SelectionState | undefined {
  const { selections, document } = editor;
  if (selections.length === 0) {
    return undefined;
  }
  const startLine = Math.min(...selections.map((s) => s.startLine));
  const endLine = Math.max(...selections.map((s) => s.endLine));
  const lines = document.text.split(/\r\n|\r|\n/).slice(startLine - 1, endLine);
  return { startLine, endLine, text: lines.join('\n') };
}

/** The whole document as one part. */
export function wholeOf(editor: EditorState): SelectionState {
  const text = editor.document.text.replace(/(?:\r\n|\r|\n)$/, '');
  return { startLine: 1, endLine: text.split(/\r\n|\r|\n/).length, text };
}

/**
 * The snippet a Sent History entry kept (its code, language, header, header link and form), to send
 * again as it went. `alsoText` stays undefined for an entry of an older version, which did not keep it.
 */
export function imageSnippetFromHistory(content: TextContent, summary: string): ImageSnippet {
  const header = /^(.*):(\d+)(?:-(\d+))?$/.exec(content.title ?? '');
  const startLine = header ? Number(header[2]) : 1;
  // Links are found by the first line of code, blank lines above it left out (snippet.ts's `snippetLinks`).
  const firstCode = Math.max(0, content.text.split(/\r\n|\r|\n/).findIndex((line) => line.trim()));
  return {
    code: content.text,
    languageId: content.language,
    relativePath: header ? header[1] : summary,
    startLine,
    endLine: header?.[3] ? Number(header[3]) : startLine,
    tabSize: content.tabSize ?? 4,
    uploaded: content.media,
    alsoText: content.alsoText,
    links: content.link && new Map([[startLine + firstCode, content.link]]),
  };
}
