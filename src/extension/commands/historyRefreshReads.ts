import { refreshReadStatus } from '../history/readStatus';
import type { HistoryServices } from '../history/sendAgain';
import { bucketOf, queueReporter } from '../queueProgress';

/**
 * Refresh Read Status: on one entry, or (from the view's title bar) on the recent app-robot sends;
 * DingTalk's refusals are shown. Under a cancellable progress that tells a throttle's wait.
 */
export async function refreshReadsFromHistory(services: HistoryServices, id: string | undefined): Promise<void> {
  await services.ui.withProgress(services.t('Asking DingTalk who has read the messages…'), (progress) =>
    refreshReadStatus(services, id === undefined ? undefined : [id], true, {
      signal: progress.signal,
      watch: (robot) => services.onClientEvent(queueReporter(services, progress, bucketOf(robot))),
    }),
  );
}
