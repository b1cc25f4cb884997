import { contentText } from '../history/entry';
import { entryWithContent, type HistoryServices } from '../history/sendAgain';

/** Puts an entry's content on the clipboard: the text, or the files' paths one a line. */
export async function copyFromHistory(services: HistoryServices, id: string | undefined): Promise<void> {
  const found = entryWithContent(services, id);
  if (!found) {
    return;
  }
  await services.ui.copy(contentText(found.content));
  void services.ui.info(services.t('The content is on the clipboard.'));
}
