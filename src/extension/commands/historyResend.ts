import { entryWithContent, resend, type HistoryServices } from '../history/sendAgain';

/** Sends a past send again, once the user confirms: recorded as a new send, the old entry stays as it was. */
export async function resendFromHistory(services: HistoryServices, id: string | undefined): Promise<unknown> {
  const found = entryWithContent(services, id);
  return found && resend(services, found.entry, found.content);
}
