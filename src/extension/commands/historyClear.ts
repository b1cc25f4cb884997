import type { HistoryServices } from '../history/sendAgain';

/** Empties the Sent History after a confirmation; sends under way stay (they would come back when they finish). */
export async function clearHistory(services: HistoryServices): Promise<void> {
  const { ui, t, history } = services;
  const count = history.entries().filter((entry) => entry.result !== 'sending').length;
  if (count === 0) {
    void ui.info(t('The Sent History is empty.'));
    return;
  }
  const clear = t('Clear History');
  const detail = t('Every entry and its content is removed from this computer ({0} in all). What was sent stays in DingTalk.', count);
  if ((await ui.confirm(t('Clear the Sent History?'), detail, clear)) === clear) {
    await history.clear();
  }
}
