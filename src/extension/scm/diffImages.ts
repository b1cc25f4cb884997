import { DingTalkError, errorMessage, type TextLanguage } from '../../core';
import type { SnippetImages, SnippetRequest } from '../snippetImage/images';
import { isDiffShown } from './changeMessage';
import type { ChangeSet, FileChange } from './changeSet';

/** One file's diff as a picture, to upload as an image. */
export interface DiffImage {
  /** Above the picture and in the message: `src/app.ts +3 -1`. */
  header: string;
  /** The name it is uploaded under: `app.ts.diff.png`. */
  fileName: string;
  png: Uint8Array;
}

/**
 * What the renderer draws for a file: its hunks as VS Code shows a `.diff` file, in the user's
 * theme and the diff grammar, so added and removed lines take the theme's inserted and deleted colors.
 */
export function diffImageRequest(file: FileChange): SnippetRequest {
  const name = file.oldPath ? `${file.oldPath} → ${file.path}` : file.path;
  return {
    code: file.hunks.flatMap((hunk) => [hunk.header, ...hunk.lines]).join('\n'),
    language: 'diff',
    header: `${name} +${file.added} -${file.removed}`,
    firstLine: 1,
    tabSize: 4,
  };
}

function imageName(path: string): string {
  const base = path.split('/').pop() ?? '';
  return `${base.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+/, '') || 'diff'}.diff.png`;
}

/**
 * Each diff the message would show, drawn; or why one could not be (a diff too long or too tall
 * for a picture, a renderer failure), in which case the whole change goes as text.
 */
export async function drawDiffs(images: SnippetImages, change: ChangeSet, language: TextLanguage): Promise<{ drawn: DiffImage[] } | { refused: string }> {
  const drawn: DiffImage[] = [];
  for (const file of change.files.filter(isDiffShown)) {
    const request = diffImageRequest(file);
    try {
      const picture = await images.render(request);
      drawn.push({ header: request.header, fileName: imageName(file.path), png: picture.png });
    } catch (error) {
      return { refused: error instanceof DingTalkError ? error.localized(language) : errorMessage(error) };
    }
  }
  return { drawn };
}
