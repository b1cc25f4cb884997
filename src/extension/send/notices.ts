import type { SendResult } from '../../core';
import type { Services } from '../services';

/** Adds to a success notice that the robot's keyword was put in, so the group's view does not surprise the user. */
export function withKeywordNote(services: Services, notice: string, keywordAdded: string | undefined): string {
  return keywordAdded ? `${notice} ${services.t('The robot\'s keyword "{0}" was added to it.', keywordAdded)}` : notice;
}

/** "Sent src/app.ts:3–9 to "Team" in 2 parts." for a text or markdown send. */
export function sentNotice(services: Services, what: string, robotName: string, result: SendResult): string {
  const { t } = services;
  const notice = result.parts > 1 ? t('Sent {0} to "{1}" in {2} parts.', what, robotName, result.parts) : t('Sent {0} to "{1}".', what, robotName);
  return withKeywordNote(services, notice, result.keywordAdded);
}
