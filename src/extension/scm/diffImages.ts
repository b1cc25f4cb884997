import { DingTalkError, errorMessage, type TextLanguage } from '../../core';
import { isDamagedInstall } from '../lazy';
import type { SnippetImages, SnippetRequest } from '../snippetImage/images';
import { isDiffShown } from './changeMessage';
import type { ChangeSet, FileChange, Hunk } from './changeSet';
import { numberedLines } from './patch';

/** One file's diff as a picture, to upload as an image. */
export interface DiffImage {
  /** Above the picture and in the message: `src/app.ts +3 -1`. */
  header: string;
  /** The name it is uploaded under: `app.ts.diff.png`. */
  fileName: string;
  png: Uint8Array;
}

/** Where the renderer breaks lines (SnippetInput.code takes any line ending): a hunk line has no \n, but may hold a \r. */
const DRAWN_LINE_BREAK = /\r\n|\r|\n/;

/**
 * The gutter of a file's diff picture, line by line as `diffImageRequest` draws them: the file's line
 * numbers, old and new side by side as a pull request shows them. A context line has both, a
 * removed line its old number, an added line its new one; a hunk header and a `\ No newline at end
 * of file` note have none. A line git reads as one but the picture draws as several (a carriage
 * return inside it) is labelled on its first.
 */
export function diffLineLabels(hunks: readonly Hunk[]): Array<string | undefined> {
  const numbered: Array<[number | undefined, number | undefined] | undefined> = [];
  const push = (line: string, pair: [number | undefined, number | undefined] | undefined): void => {
    numbered.push(pair, ...Array<undefined>(line.split(DRAWN_LINE_BREAK).length - 1).fill(undefined));
  };
  for (const hunk of hunks) {
    push(hunk.header, undefined);
    for (const line of numberedLines(hunk)) {
      push(line.text, line.old === undefined && line.new === undefined ? undefined : [line.old, line.new]);
    }
  }
  const width = numbered.reduce((widest, pair) => Math.max(widest, ...(pair ?? []).map((n) => String(n ?? '').length)), 0);
  return numbered.map((pair) => pair && pair.map((n) => String(n ?? '').padStart(width)).join(' '));
}

/**
 * What the renderer draws for a file: its hunks as VS Code shows a `.diff` file, in the user's
 * theme and the diff grammar, so added and removed lines take the theme's inserted and deleted
 * colors; in the gutter, the file's line numbers instead of the picture's.
 */
export function diffImageRequest(file: FileChange): SnippetRequest {
  const name = file.oldPath ? `${file.oldPath} → ${file.path}` : file.path;
  return {
    code: file.hunks.flatMap((hunk) => [hunk.header, ...hunk.lines]).join('\n'),
    language: 'diff',
    header: `${name} +${file.added} -${file.removed}`,
    firstLine: 1,
    lineLabels: diffLineLabels(file.hunks),
    tabSize: 4,
  };
}

function imageName(path: string): string {
  const base = path.split('/').pop() ?? '';
  return `${base.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+/, '') || 'diff'}.diff.png`;
}

/**
 * Each diff the message would show, drawn; or why one could not be (a diff too long or too tall
 * for a picture, a renderer failure) or that the renderer cannot be loaded (`damaged`, a damaged
 * installation the user was told of), in which case the whole change goes as text.
 */
export async function drawDiffs(images: SnippetImages, change: ChangeSet, language: TextLanguage): Promise<{ drawn: DiffImage[] } | { refused: string } | { damaged: true }> {
  const drawn: DiffImage[] = [];
  for (const file of change.files.filter(isDiffShown)) {
    const request = diffImageRequest(file);
    try {
      const picture = await images.render(request);
      drawn.push({ header: request.header, fileName: imageName(file.path), png: picture.png });
    } catch (error) {
      if (isDamagedInstall(error)) {
        // Told already, with Show Log (damagedInstall.ts): the change goes as text.
        return { damaged: true };
      }
      return { refused: error instanceof DingTalkError ? error.localized(language) : errorMessage(error) };
    }
  }
  return { drawn };
}
