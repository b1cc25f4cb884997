import { checkEndpoint, DingTalkError, robotKey, type ClientEvent, type Robot } from '../core';
import type { SendRecord } from './history/entry';
import { SendRecording } from './history/recording';
import type { ProgressReporter } from './ports';
import { confirmSend } from './review/confirmSend';
import type { SendPreview } from './review/previewModel';
import { chooseRobot } from './robotPicker';
import type { Endpoints, RobotRecord } from './robotStore';
import type { Services } from './services';
import type { UnsentContent } from './unsentContent';

/** One send the user asked for: what to run, and what to give back if it fails. */
export interface SendJob<T> {
  /** The robot picked for the send; the user may choose another one if it is removed meanwhile. */
  robot: RobotRecord;
  /** The progress notification's title for the robot sent to, e.g. "Sending app.ts:3–9 to Team". */
  title(robot: RobotRecord): string;
  /** What Copy Content and the unsent store hold when the send fails. */
  content: Omit<UnsentContent, 'robotId'>;
  /** Sends to `target`; `resumeFrom` is the first part still to send after a split send failed midway. */
  run(robot: Robot, progress: ProgressReporter, resumeFrom: number, target: RobotRecord): Promise<T>;
  /** The success notification, naming the robot the content actually went to. */
  success(result: T, robot: RobotRecord): string;
  /** How far a send that failed midway got, e.g. "1 of 3 files arrived"; parts of a message by default. */
  progressNote?(sent: number, total: number): string;
  /** The robots that can take this send, when the user chooses another one (files need upload credentials). */
  accepts?(robot: RobotRecord): boolean;
  /** What the Sent History keeps of this send; a job without it is not recorded. */
  history?: SendRecord;
  /** The first part (or file) to send: a Retry from the Sent History goes on where the send stopped. */
  startAt?: number;
  /** The send's preview, shown again (as the setting asks) when the send moves to another robot or group. */
  preview?(robot: RobotRecord): Omit<SendPreview, 'robot'>;
}

/** Categories the user fixes in the robot's own settings, so "Edit Robot" is offered. */
const ROBOT_PROBLEMS = new Set(['auth', 'keyword', 'sign', 'ip']);
/**
 * Input problems of the robot itself. The endpoint settings are checked before a send, so an
 * insecure or invalid URL found later is the robot's webhook URL.
 */
const ROBOT_INPUT_CODES = new Set(['needsAppCredentials', 'secretsMissing', 'invalidSecret', 'notRobotWebhook', 'insecureUrl', 'invalidUrl', 'incompleteApp']);

/** The endpoint settings, as the Settings editor names them. */
const ENDPOINT_SETTINGS: Array<{ key: keyof Endpoints; id: string; appOnly: boolean }> = [
  { key: 'oapiBaseUrl', id: 'dingtalk.oapiBaseUrl', appOnly: false },
  { key: 'apiBaseUrl', id: 'dingtalk.apiBaseUrl', appOnly: true },
];

function offersEdit(error: unknown): boolean {
  return error instanceof DingTalkError && (ROBOT_PROBLEMS.has(error.category) || ROBOT_INPUT_CODES.has(String(error.code)));
}

function isCancelled(error: unknown): boolean {
  return error instanceof DingTalkError && error.code === 'cancelled';
}

/** The rate-limit bucket the core reports this robot's waits under; undefined when the robot is unusable. */
function bucketOf(robot: Robot): string | undefined {
  try {
    return robotKey(robot);
  } catch {
    return undefined;
  }
}

/** Tells the user, through the progress notification, why this send (and not another one) is waiting. */
function queueReporter(services: Services, progress: ProgressReporter, bucket: string | undefined): (event: ClientEvent) => void {
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
  return (event) => {
    if (event.type === 'queue') {
      if (event.robot !== bucket) {
        return;
      }
      if (event.stats.pausedUntil !== undefined && event.stats.queued > 0) {
        report(t('DingTalk asked to slow down; resuming in {0} s…', seconds(event.stats.pausedUntil)));
      } else if (event.stats.expectedWaitMs > 0) {
        report(t('Waiting for DingTalk\'s limit of 20 messages a minute (about {0} s)…', Math.ceil(event.stats.expectedWaitMs / 1000)));
      }
    } else if (event.type === 'rateLimited') {
      if (event.robot === bucket) {
        report(t('DingTalk asked to slow down; resuming in {0} s…', seconds(event.resumeAt)));
      }
    } else if (event.type === 'retrying') {
      report(t('Retrying ({0})…', event.attempt));
    }
  };
}

/** The endpoint setting this robot would send through that the core refuses, with the reason in the user's language. */
function endpointProblem(services: Services, record: RobotRecord): { id: string; message: string } | undefined {
  const { t } = services;
  const endpoints = services.settings().endpoints;
  for (const { key, id, appOnly } of ENDPOINT_SETTINGS) {
    const value = endpoints[key];
    if (!value || (appOnly && record.kind !== 'app')) {
      continue;
    }
    try {
      const name = t('The setting {0}', id);
      checkEndpoint(value, { en: name, zh: name });
    } catch (error) {
      const reason = error instanceof DingTalkError ? error.localized(services.locale) : String(error);
      return { id, message: `${reason} ${t('Nothing was sent: correct the setting, then send again.')}` };
    }
  }
  return undefined;
}

/** Copies the content for the user; resolves with undefined, as nothing more is sent. */
async function copyContent(services: Services, text: string): Promise<undefined> {
  await services.ui.copy(text);
  void services.ui.info(services.t('The content is on the clipboard.'));
  return undefined;
}

/** The robot was removed while the send waited: offers another robot, or the content. */
async function robotRemoved<T>(services: Services, job: SendJob<T>, record: RobotRecord): Promise<RobotRecord | undefined> {
  const { ui, t } = services;
  services.unsent.keep(job.content);
  const choose = t('Choose Robot');
  const copy = t('Copy Content');
  const action = await ui.error(t('The robot "{0}" was removed.', record.name), choose, copy);
  if (action === copy) {
    return copyContent(services, job.content.text);
  }
  return action === choose ? chooseRobot(services, t('Send to which robot?'), true, job.accepts) : undefined;
}

/** Where a robot's messages go (its webhook, or its app robot and group), to tell an edit that moves them. */
async function destinationOf(services: Services, record: RobotRecord): Promise<string | undefined> {
  try {
    return bucketOf(await services.robots.robot(record.id, services.settings().endpoints));
  } catch {
    return undefined;
  }
}

/** The send is moving to `robot`: its preview, when the setting and the robot's memory call for one. */
function confirmMove<T>(services: Services, job: SendJob<T>, robot: RobotRecord): Promise<boolean> {
  return job.preview ? confirmSend(services, { ...job.preview(robot), robot }) : Promise.resolve(true);
}

/** One try at the send, recorded as 'sending', under a progress notification that tells this robot's waits. */
async function attempt<T>(services: Services, job: SendJob<T>, target: RobotRecord, resumeFrom: number, recording: SendRecording | undefined): Promise<T> {
  await recording?.start(target);
  const robot = await services.robots.robot(target.id, services.settings().endpoints);
  return services.ui.withProgress(job.title(target), async (progress) => {
    const subscription = services.onClientEvent(queueReporter(services, progress, bucketOf(robot)));
    try {
      return await job.run(robot, progress, resumeFrom, target);
    } finally {
      subscription.dispose();
    }
  });
}

/**
 * Runs a send with a cancellable progress notification; on failure keeps the content and offers
 * Retry, Edit Robot and Copy Content until the user succeeds or walks away. A robot removed
 * meanwhile is never sent to: the user may choose another one. An identical send to the same robot
 * already under way is not started twice. With a Sent History and `job.history`, the send is
 * recorded from its first attempt to its outcome, in one entry however many Retries it takes.
 * Resolves with the result, or undefined when nothing (more) was sent.
 */
export async function runSend<T>(services: Services, job: SendJob<T>): Promise<T | undefined> {
  const { ui, t } = services;
  const recording = services.history && job.history ? new SendRecording(services.history, job.history, services.now ?? Date.now) : undefined;
  let record = job.robot;
  let resumeFrom = job.startAt ?? 0;
  for (;;) {
    const current = services.robots.get(record.id);
    if (!current) {
      const chosen = await robotRemoved(services, job, record);
      if (!chosen) {
        await recording?.notStarted(record, t('The robot "{0}" was removed.', record.name));
        return undefined;
      }
      if (!(await confirmMove(services, job, chosen))) {
        return undefined;
      }
      record = chosen;
      resumeFrom = 0;
      continue;
    }
    record = current;
    const underWay = services.underWay.start(record.id, job.content.text);
    if (!underWay) {
      void ui.info(t('This is already being sent to "{0}".', record.name));
      return undefined;
    }
    const badSetting = endpointProblem(services, record);
    if (badSetting) {
      underWay.finish();
      services.unsent.keep({ ...job.content, robotId: record.id });
      services.log.error(`Send to "${record.name}" not started: ${badSetting.id} is not usable.`);
      await recording?.notStarted(record, badSetting.message);
      const open = t('Open Settings');
      const copy = t('Copy Content');
      const action = await ui.error(badSetting.message, open, copy);
      if (action === open) {
        await ui.openSetting(badSetting.id);
      } else if (action === copy) {
        await copyContent(services, job.content.text);
      }
      return undefined;
    }
    const target = record;
    try {
      // The send is under way while the attempt runs, not while its error waits for the user.
      const result = await attempt(services, job, target, resumeFrom, recording).finally(() => underWay.finish());
      services.unsent.sent(job.content);
      await recording?.sent(target, result);
      await services.robots.touch(target.id);
      void ui.info(job.success(result, target));
      return result;
    } catch (error) {
      services.unsent.keep({ ...job.content, robotId: target.id });
      const resumeAt = error instanceof DingTalkError && error.partial ? error.partial.sent : resumeFrom;
      const message = describeFailure(services, error, target, job.progressNote);
      await recording?.failed(target, error, message);
      services.log.error(`Send to "${target.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      const retry = t('Retry');
      const edit = t('Edit Robot');
      const copy = t('Copy Content');
      const actions = offersEdit(error) ? [retry, edit, copy] : [retry, copy];
      const show = isCancelled(error) ? ui.warn.bind(ui) : ui.error.bind(ui);
      const action = await show(message, ...actions);
      if (action === copy) {
        return copyContent(services, job.content.text);
      }
      if (action === edit) {
        if (!services.robots.get(target.id)) {
          // Removed while the error was shown: the loop says so instead of editing another robot.
          continue;
        }
        const before = await destinationOf(services, target);
        const edited = await services.flows.editRobot(target.id);
        if (!edited) {
          return undefined;
        }
        record = edited;
        if ((await destinationOf(services, edited)) !== before) {
          // Another group now: it gets the whole content, once the user has seen it if the setting asks.
          if (!(await confirmMove(services, job, edited))) {
            return undefined;
          }
          resumeFrom = 0;
          continue;
        }
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
