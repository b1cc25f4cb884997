import { DingTalkError, errorMessage, noMessageIds, ONE_TO_ONE_WINDOW_MS, outsideWindowText, webhookCannotRecall, type RecallResult } from '../../core';
import { bucketOf, queueReporter } from '../queueProgress';
import type { Services } from '../services';
import type { HistoryEntry, RecallRecord } from './entry';
import { partsToRecall } from './recall';
import type { HistoryServices } from './sendAgain';

/** How long the Recall button of a send's notification takes back at once, like an undo; later it asks first. */
export const RECALL_UNDO_MS = 60_000;

function merged(earlier: RecallRecord | undefined, result: RecallResult): RecallRecord {
  const recalled = [...new Set([...(earlier?.recalled ?? []), ...result.recalled])];
  return { at: result.at, recalled, refused: result.refused.map((part) => ({ key: part.processQueryKey, text: part.text })) };
}

function recallText(services: Services, entry: HistoryEntry, record: RecallRecord, asked: number): { message: string; refused: boolean } {
  const { t } = services;
  const recalledNow = asked - record.refused.length;
  if (record.refused.length === 0) {
    return { message: t('Recalled {0} from "{1}". DingTalk shows no notice in the chat.', entry.summary, entry.robotName), refused: false };
  }
  const why = [...new Set(record.refused.map((part) => part.text[services.language]))].join(' ');
  return { message: t('Recalled {0} of {1} messages of {2} from "{3}". {4}', recalledNow, asked, entry.summary, entry.robotName, why), refused: true };
}

/**
 * Takes back from DingTalk every part of a Sent History entry that arrived and is still there,
 * after a modal question naming the group unless `ask` is false (the send's own notification, just
 * now). The entry then says it was recalled, when, and which parts DingTalk refused and why.
 */
export async function recallEntry(services: HistoryServices, id: string | undefined, ask = true): Promise<RecallRecord | undefined> {
  const { ui, t, history, language } = services;
  const entry = id === undefined ? undefined : history.get(id);
  if (!entry) {
    void ui.error(t('That send is no longer in the Sent History.'));
    return undefined;
  }
  if (entry.robotKind === 'webhook' || (!entry.app && entry.robotKind === undefined)) {
    void ui.info(webhookCannotRecall().localized(language));
    return undefined;
  }
  const parts = partsToRecall(entry);
  if (parts.length === 0) {
    void ui.info(entry.recall ? t('{0} was recalled already.', entry.summary) : noMessageIds().localized(language));
    return undefined;
  }
  const oneToOne = Boolean(entry.app?.userIds?.length);
  const now = (services.now ?? Date.now)();
  if (oneToOne && parts.every((part) => now - part.sentAt >= ONE_TO_ONE_WINDOW_MS)) {
    void ui.warn(outsideWindowText('recall', Math.min(...parts.map((part) => part.sentAt)))[language]);
    return undefined;
  }
  if (!services.robots.get(entry.robotId)) {
    void ui.error(t('The robot "{0}" was removed, so DingTalk Sender no longer has what it needs to recall {1}. Recall it in DingTalk, or add the robot again.', entry.robotName, entry.summary));
    return undefined;
  }
  const recall = t('Recall');
  if (ask) {
    const question = t('Recall {0} from the group of "{1}"?', entry.summary, entry.robotName);
    const detail = t('DingTalk takes back the {0} message(s) of this send from the group. The chat shows no notice that they were recalled.', parts.length);
    if ((await ui.confirm(question, detail, recall)) !== recall) {
      return undefined;
    }
  }
  let result: RecallResult;
  try {
    const robot = await services.robots.robot(entry.robotId, services.settings().endpoints);
    const client = services.client();
    result = await ui.withProgress(t('Recalling {0} from "{1}"…', entry.summary, entry.robotName), async (progress) => {
      // A throttle is waited out as a send's is, and said in this progress, which cancels it.
      const subscription = services.onClientEvent(queueReporter(services, progress, bucketOf(robot)));
      try {
        return await (oneToOne
          ? client.recallOneToOne(robot, parts.map((part) => ({ processQueryKey: part.key, sentAt: part.sentAt })), { signal: progress.signal })
          : client.recallGroup(robot, { processQueryKeys: parts.map((part) => part.key), openConversationId: entry.app?.openConversationId }, { signal: progress.signal }));
      } finally {
        subscription.dispose();
      }
    });
  } catch (error) {
    return recallFailed(services, entry, error);
  }
  const record = merged(entry.recall, result);
  await history.update(entry.id, (current) => ({ ...current, recall: merged(current.recall, result) }));
  const { message, refused } = recallText(services, entry, record, parts.length);
  void (refused ? ui.warn(message) : ui.info(message));
  return record;
}

/** A recall DingTalk refused as a whole: what earlier batches took back is still recorded, and the user told why. */
async function recallFailed(services: HistoryServices, entry: HistoryEntry, error: unknown): Promise<undefined> {
  const { ui, language, history, log } = services;
  if (!(error instanceof DingTalkError)) {
    log.error(`Recall of "${entry.summary}" failed: ${errorMessage(error)}`);
    void ui.error(services.t('DingTalk Sender hit an unexpected error: {0}. The "DingTalk" output channel has details.', errorMessage(error)));
    return undefined;
  }
  const taken = error.partial?.ids ?? [];
  if (taken.length > 0) {
    const at = (services.now ?? Date.now)();
    await history.update(entry.id, (current) => ({ ...current, recall: merged(current.recall, { recalled: taken, refused: [], at }) }));
  }
  log.warn(`Recall of "${entry.summary}" failed: ${error.message}`);
  if (error.reason === 'cancelled') {
    return undefined;
  }
  void (error.reason === 'recallWindowPassed' ? ui.warn(error.localized(language)) : ui.error(error.localized(language)));
  return undefined;
}

/**
 * The notification that confirms a send; for an app-robot send with message ids, with a Recall
 * button that takes it back at once for a minute (an undo), and after a confirmation later.
 */
export async function sentNoticeWithRecall(services: Services, message: string, entryId: string | undefined): Promise<void> {
  const { history } = services;
  const entry = entryId === undefined ? undefined : history?.get(entryId);
  if (!history || !entry || partsToRecall(entry).length === 0) {
    await services.ui.info(message);
    return;
  }
  const now = services.now ?? Date.now;
  const shownAt = now();
  const recall = services.t('Recall');
  if ((await services.ui.info(message, recall)) === recall) {
    await recallEntry({ ...services, history }, entryId, now() - shownAt > RECALL_UNDO_MS);
  }
}
