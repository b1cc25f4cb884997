import type { HistoryServices } from '../history/sendAgain';

/** Removes one entry from the Sent History; what was sent stays in DingTalk. */
export async function removeFromHistory(services: HistoryServices, id: string | undefined): Promise<void> {
  if (id !== undefined) {
    await services.history.remove(id);
  }
}
