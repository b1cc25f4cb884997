import { refreshReadStatus } from '../history/readStatus';
import type { HistoryServices } from '../history/sendAgain';

/** Refresh Read Status: on one entry, or (from the view's title bar) on the recent app-robot sends; DingTalk's refusals are shown. */
export async function refreshReadsFromHistory(services: HistoryServices, id: string | undefined): Promise<void> {
  await refreshReadStatus(services, id === undefined ? undefined : [id], true);
}
