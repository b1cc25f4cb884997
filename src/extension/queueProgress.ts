import { robotKey, type ClientEvent, type ErrorReason, type Robot } from '../core';
import type { ProgressReporter, Translate } from './ports';
import type { Services } from './services';

/** The rate-limit bucket the core reports this robot's waits under; undefined when the robot is unusable. */
export function bucketOf(robot: Robot): string | undefined {
  try {
    return robotKey(robot);
  } catch {
    return undefined;
  }
}

/** Why a try is sent again, as the progress notification says it. */
function retryCause(t: Translate, reason: ErrorReason): string {
  switch (reason) {
    case 'timeout':
      return t('DingTalk did not answer in time');
    case 'network':
      return t('the connection to DingTalk failed');
    case 'serverBusy':
      return t('DingTalk was busy');
    case 'accessTokenRefused':
      return t('the access token expired');
    default:
      return t('DingTalk gave an unexpected answer');
  }
}

/** Tells the user, through the progress notification, why this send (or read status refresh), and not another one, is waiting. */
export function queueReporter(services: Pick<Services, 't' | 'now'>, progress: ProgressReporter, bucket: string | undefined): (event: ClientEvent) => void {
  const { t } = services;
  const now = services.now ?? Date.now;
  const seconds = (until: number): number => Math.ceil(Math.max(0, until - now()) / 1000);
  let last: string | undefined;
  // DingTalk's "too fast" arrives as an event and again as the queue's pause: say it once.
  const report = (message: string): void => {
    if (message !== last) {
      last = message;
      progress.report(message);
    }
  };
  // The gateway's refusal as a 302 or a page looks like a proxy's login page or redirect: its pause says both.
  let gateway: { until: number; status: number | string } | undefined;
  const paused = (until: number): string =>
    gateway?.until === until
      ? t('DingTalk\'s gateway refused the request (HTTP {0}): a throttle, or a proxy in the way; trying again in {1} s…', gateway.status, seconds(until))
      : t('DingTalk asked to slow down; resuming in {0} s…', seconds(until));
  return (event) => {
    if (event.type === 'queue') {
      if (event.robot !== bucket) {
        return;
      }
      if (event.stats.pausedUntil !== undefined && event.stats.queued > 0) {
        report(paused(event.stats.pausedUntil));
      } else if (event.stats.expectedWaitMs > 0) {
        const wait = Math.ceil(event.stats.expectedWaitMs / 1000);
        report(
          event.stats.otherWindows > 0
            ? t('Waiting for DingTalk\'s limit of 20 messages a minute, shared with {0} sends from other windows (about {1} s)…', event.stats.otherWindows, wait)
            : t('Waiting for DingTalk\'s limit of 20 messages a minute (about {0} s)…', wait),
        );
      }
    } else if (event.type === 'rateLimited') {
      if (event.robot === bucket) {
        gateway = event.code === 'gatewayPage' ? { until: event.resumeAt, status: event.httpStatus ?? '?' } : undefined;
        report(paused(event.resumeAt));
      }
    } else if (event.type === 'retrying' && event.robot === bucket) {
      report(t('Retrying in {0} s (try {1}): {2}…', Math.ceil(event.delayMs / 1000), event.attempt, retryCause(t, event.reason)));
    }
  };
}

