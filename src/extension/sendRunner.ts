import { DingTalkError, type ClientEvent, type Robot } from '../core';
import { editRobot } from './commands/editRobot';
import type { ProgressReporter } from './ports';
import type { RobotRecord } from './robotStore';
import type { Services, UnsentContent } from './services';

/** One send the user asked for: what to run, and what to give back if it fails. */
export interface SendJob<T> {
  robot: RobotRecord;
  /** The progress notification's title, e.g. "Sending app.ts:3–9 to Team". */
  title: string;
  /** What Copy Content and the unsent store hold when the send fails. */
  content: Omit<UnsentContent, 'robotId'>;
  /** Sends; `resumeFrom` is the first part still to send after a split send failed midway. */
  run(robot: Robot, progress: ProgressReporter, resumeFrom: number): Promise<T>;
  /** The success notification. */
  success(result: T): string;
  /** How far a send that failed midway got, e.g. "1 of 3 files arrived"; parts of a message by default. */
  progressNote?(sent: number, total: number): string;
}

/** Categories the user fixes in the robot's own settings, so "Edit Robot" is offered. */
const ROBOT_PROBLEMS = new Set(['auth', 'keyword', 'sign', 'ip']);
const ROBOT_INPUT_CODES = new Set(['needsAppCredentials', 'secretsMissing', 'invalidSecret', 'notRobotWebhook', 'insecureUrl', 'invalidUrl', 'incompleteApp']);

function offersEdit(error: unknown): boolean {
  return error instanceof DingTalkError && (ROBOT_PROBLEMS.has(error.category) || ROBOT_INPUT_CODES.has(String(error.code)));
}

function isCancelled(error: unknown): boolean {
  return error instanceof DingTalkError && error.code === 'cancelled';
}

/** Tells the user, through the progress notification, why a send is waiting. */
function queueReporter(services: Services, progress: ProgressReporter): (event: ClientEvent) => void {
  const { t } = services;
  return (event) => {
    if (event.type === 'queue' && event.stats.expectedWaitMs > 0) {
      progress.report(t('Waiting for DingTalk\'s limit of 20 messages a minute (about {0} s)…', Math.ceil(event.stats.expectedWaitMs / 1000)));
    } else if (event.type === 'rateLimited') {
      progress.report(t('DingTalk asked to slow down; resuming in {0} s…', Math.ceil(Math.max(0, event.resumeAt - Date.now()) / 1000)));
    } else if (event.type === 'retrying') {
      progress.report(t('Retrying ({0})…', event.attempt));
    }
  };
}

/**
 * Runs a send with a cancellable progress notification; on failure keeps the content and offers
 * Retry, Edit Robot and Copy Content until the user succeeds or walks away.
 * Resolves with the result, or undefined when nothing (more) was sent.
 */
export async function runSend<T>(services: Services, job: SendJob<T>): Promise<T | undefined> {
  const { ui, t } = services;
  let record = job.robot;
  let resumeFrom = 0;
  for (;;) {
    try {
      const robot = await services.robots.robot(record.id, services.settings().endpoints);
      const result = await ui.withProgress(job.title, async (progress) => {
        const subscription = services.onClientEvent(queueReporter(services, progress));
        try {
          return await job.run(robot, progress, resumeFrom);
        } finally {
          subscription.dispose();
        }
      });
      services.unsent = undefined;
      await services.robots.touch(record.id);
      void ui.info(job.success(result));
      return result;
    } catch (error) {
      services.unsent = { ...job.content, robotId: record.id };
      const resumeAt = error instanceof DingTalkError && error.partial ? error.partial.sent : resumeFrom;
      const message = describeFailure(services, error, record, job.progressNote);
      services.log.error(`Send to "${record.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      const retry = t('Retry');
      const edit = t('Edit Robot');
      const copy = t('Copy Content');
      const actions = offersEdit(error) ? [retry, edit, copy] : [retry, copy];
      const show = isCancelled(error) ? ui.warn.bind(ui) : ui.error.bind(ui);
      const action = await show(message, ...actions);
      if (action === copy) {
        await ui.copy(job.content.text);
        void ui.info(t('The content is on the clipboard.'));
        return undefined;
      }
      if (action === edit) {
        const edited = await editRobot(services, record.id);
        if (!edited) {
          return undefined;
        }
        record = edited;
      } else if (action !== retry) {
        return undefined;
      }
      resumeFrom = resumeAt;
    }
  }
}

/** The failure in the user's language, with how far a split send got. */
export function describeFailure(
  services: Services,
  error: unknown,
  record: RobotRecord,
  progressNote?: (sent: number, total: number) => string,
): string {
  const { t } = services;
  if (!(error instanceof DingTalkError)) {
    return t('Sending to "{0}" failed unexpectedly: {1}. The "DingTalk" output channel has details.', record.name, error instanceof Error ? error.message : String(error));
  }
  const message = error.localized(services.locale);
  if (error.partial) {
    const { sent, total } = error.partial;
    return `${message} ${progressNote ? progressNote(sent, total) : t('{0} of {1} parts arrived; Retry sends the rest.', sent, total)}`;
  }
  return message;
}
