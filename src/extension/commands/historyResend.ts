import { entryWithContent, robotForEntry, sendAgain, type HistoryServices } from '../history/sendAgain';

/**
 * Sends a past send again, after a confirmation that names the robot: the group gets it a second
 * time. It is recorded as a new send; the old entry stays as it was.
 */
export async function resendFromHistory(services: HistoryServices, id: string | undefined): Promise<unknown> {
  const { ui, t } = services;
  const found = entryWithContent(services, id);
  if (!found) {
    return undefined;
  }
  const { entry, content } = found;
  const robot = await robotForEntry(services, entry);
  if (!robot) {
    return undefined;
  }
  const resend = t('Resend');
  const detail = entry.kind === 'file' ? t('The group gets the files again, as they are on disk now.') : t('The group gets it a second time.');
  if ((await ui.confirm(t('Send {0} to "{1}" again?', entry.summary, robot.name), detail, resend)) !== resend) {
    return undefined;
  }
  return sendAgain(services, entry, content, { robot });
}
