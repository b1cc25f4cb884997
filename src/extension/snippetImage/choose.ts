import type { EditorState } from '../editorState';
import type { Services } from '../services';
import { imageSnippetOf, spanOf, wholeOf, type ImageSnippet } from './snippet';

/**
 * The code Send Selection as Image draws: the selection; with several (multi-cursor), the lines from
 * the first to the last as one image, or the selections as text, as the user chooses; with nothing
 * selected, the lines on screen, or, when the editor shows none (a file sent from the explorer), the
 * whole file if the user says so. Resolves `text` for the selections as text, undefined when the
 * user stopped.
 */
export async function chooseImageCode(services: Services, editor: EditorState): Promise<ImageSnippet | 'text' | undefined> {
  const { ui, t } = services;
  const { selections, document } = editor;
  if (selections.length > 1) {
    const span = spanOf(editor);
    if (!span) {
      return undefined;
    }
    const asImage = t('Send Lines {0}–{1} as Image', span.startLine, span.endLine);
    const asText = t('Send Selections as Text');
    const choice = await ui.confirm(
      t('{0} selections are made: an image shows one piece of code.', selections.length),
      t('As an image, lines {0}–{1} go, with the lines between the selections; as text, only the selections.', span.startLine, span.endLine),
      asImage,
      asText,
    );
    return choice === asImage ? imageSnippetOf(editor, span) : choice === asText ? 'text' : undefined;
  }
  if (selections.length === 1 || editor.visibleRange) {
    return imageSnippetOf(editor);
  }
  const whole = wholeOf(editor);
  const asImage = t('Send as Image');
  const choice = await ui.confirm(t('Nothing is selected. Send all of {0} as an image?', document.relativePath), t('Its {0} lines go as one image.', whole.endLine), asImage);
  return choice === asImage ? imageSnippetOf(editor, whole) : undefined;
}
