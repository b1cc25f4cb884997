import { contentText, isText, MESSAGE_LANGUAGE } from '../history/entry';
import { entryWithContent, type HistoryServices } from '../history/sendAgain';
import type { PreviewDocument } from '../ports';

/**
 * Opens an entry's content in an untitled editor: a selection or markdown send as markdown, a typed
 * message as plain text (DingTalk shows it as such), files as their paths.
 */
export async function previewFromHistory(services: HistoryServices, id: string | undefined, open: (document: PreviewDocument) => Promise<void>): Promise<void> {
  const found = entryWithContent(services, id);
  if (!found) {
    return;
  }
  const { content } = found;
  const language = isText(content) && content.language !== MESSAGE_LANGUAGE ? content.language : 'plaintext';
  await open({ content: contentText(content), language });
}
