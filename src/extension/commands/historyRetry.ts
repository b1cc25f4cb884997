import { confirmMayDuplicate } from '../send/runner';
import { entryWithContent, mayGoAgain, resend, robotForEntry, sendAgain, type HistoryServices } from '../history/sendAgain';

/**
 * Sends a failed, cancelled or not-sent entry again to its robot (another one if it was removed), in
 * place of the entry: it turns 'sending', then shows how the retry went.
 */
export async function retryFromHistory(services: HistoryServices, id: string | undefined): Promise<unknown> {
  const found = entryWithContent(services, id);
  if (!found) {
    return undefined;
  }
  const { entry, content } = found;
  if (!mayGoAgain(services, content)) {
    return undefined;
  }
  if (entry.result === 'sending') {
    void services.ui.info(services.t('This is already being sent to "{0}".', entry.robotName));
    return undefined;
  }
  if (entry.result === 'sent') {
    // Arrived since the menu was opened: a second copy needs the user's word.
    return resend(services, entry, content);
  }
  const robot = await robotForEntry(services, entry);
  if (!robot) {
    return undefined;
  }
  const sameRobot = robot.id === entry.robotId;
  if (entry.result === 'uncertain' && sameRobot && !entry.msgUuids && !(await confirmMayDuplicate(services, robot))) {
    return undefined;
  }
  // What arrived is not sent twice (a webhook part that may have arrived goes with its msgUuid, which
  // DingTalk drops if it has it); another robot (the entry's was removed) gets everything.
  const resumeFrom = sameRobot ? entry.arrived : undefined;
  const msgUuids = sameRobot ? entry.msgUuids : undefined;
  return sendAgain(services, entry, content, { robot, entryId: entry.id, resumeFrom, msgUuids });
}
