import { DingTalkError, errorMessage } from '../../core';
import { sentNoticeWithRecall } from '../history/recallEntry';
import { SendRecording } from '../history/recording';
import { confirmSend } from '../review/confirmSend';
import { chooseRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';
import { describeFailure, endpointProblem, isCancelled, offersEdit } from './failure';
import type { SendJob } from './kind';
import { bucketOf, queueReporter } from '../queueProgress';

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

/**
 * A Retry of a send that may have reached the group, where DingTalk has no way to drop a second copy
 * (app robots): the user's word first. True when the send may go again.
 */
export async function confirmMayDuplicate(services: Services, record: RobotRecord): Promise<boolean> {
  const { t } = services;
  const again = t('Send Again');
  const detail = t('The last try may have reached the group, and DingTalk cannot tell an app robot\'s second copy from the first: sending again may post it twice. Check the group first.');
  return (await services.ui.confirm(t('Send to "{0}" again?', record.name), detail, again)) === again;
}

/** One try at the send, recorded as 'sending', under a progress notification that tells this robot's waits. */
async function attempt<T>(services: Services, job: SendJob<T>, target: RobotRecord, resumeFrom: number, msgUuids: string[] | undefined, recording: SendRecording | undefined): Promise<T> {
  await recording?.start(target, resumeFrom);
  const robot = await services.robots.robot(target.id, services.settings().endpoints);
  return services.ui.withProgress(job.title(target), async (progress) => {
    const subscription = services.onClientEvent(queueReporter(services, progress, bucketOf(robot)));
    try {
      return await job.run(robot, progress, resumeFrom, target, msgUuids);
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
 * recorded from its first attempt to its outcome, in one entry however many Retries it takes. A
 * failure that may have reached the group says so: a webhook Retry reuses the parts' msgUuids (DingTalk
 * drops a copy it has), an app robot's Retry asks first, as it may post twice.
 * Resolves with the result, or undefined when nothing (more) was sent.
 */
export async function runSend<T>(services: Services, job: SendJob<T>): Promise<T | undefined> {
  const { ui, t } = services;
  const recording = services.history && job.history ? new SendRecording(services.history, job.history, services.now ?? Date.now) : undefined;
  let record = job.robot;
  let resumeFrom = job.startAt ?? 0;
  let msgUuids = job.msgUuids;
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
      msgUuids = undefined;
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
      const result = await attempt(services, job, target, resumeFrom, msgUuids, recording).finally(() => underWay.finish());
      services.unsent.sent(job.content);
      await recording?.sent(target, result);
      await services.robots.touch(target.id);
      void sentNoticeWithRecall(services, job.success(result, target), recording?.entryId).catch((error: unknown) => services.log.error(`The sent notice failed: ${errorMessage(error)}`));
      return result;
    } catch (error) {
      services.unsent.keep({ ...job.content, robotId: target.id });
      const known = error instanceof DingTalkError ? error : undefined;
      const resumeAt = known?.partial ? known.partial.sent : resumeFrom;
      // A webhook Retry hands the same msgUuids back, whether or not this try may have arrived.
      msgUuids = known?.msgUuids ?? msgUuids;
      const message = describeFailure(services, error, target, job.progressNote);
      await recording?.failed(target, error, message);
      if (known?.mayHaveArrived) {
        const retryNote = known.retryMayDuplicate ? 'a Retry may post it twice' : 'a Retry reuses its msgUuids';
        services.log.warn(`Send to "${target.name}" may have arrived (${retryNote}): ${errorMessage(error)}`);
      } else {
        services.log.error(`Send to "${target.name}" failed: ${errorMessage(error)}`);
      }
      const retry = t('Retry');
      const edit = t('Edit Robot');
      const copy = t('Copy Content');
      const actions = offersEdit(error) ? [retry, edit, copy] : [retry, copy];
      const show = isCancelled(error) || known?.mayHaveArrived ? ui.warn.bind(ui) : ui.error.bind(ui);
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
          msgUuids = undefined;
          continue;
        }
      } else if (action !== retry) {
        return undefined;
      } else if (known?.retryMayDuplicate && !(await confirmMayDuplicate(services, target))) {
        return undefined;
      }
      resumeFrom = resumeAt;
    }
  }
}
