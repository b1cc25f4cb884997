import { recallEntry } from '../history/recallEntry';
import type { HistoryServices } from '../history/sendAgain';

/** Recall from DingTalk on a Sent History entry: every part that arrived, after a question naming the group. */
export async function recallFromHistory(services: HistoryServices, id: string | undefined): Promise<void> {
  await recallEntry(services, id);
}
