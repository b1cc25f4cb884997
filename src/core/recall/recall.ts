import { DingTalkError, type ErrorText } from '../errors';
import type { AppRobot, Robot } from '../robot';
import { appRobotOf, callAppApi, type AppApiPorts } from './appCall';
import { missingConversation, noMessageIds, outsideWindow, outsideWindowText } from './errors';

/** DingTalk takes at most 20 keys per one-to-one recall; it names no limit for groups, where 20 is kept too. */
const KEYS_PER_CALL = 20;
export const ONE_TO_ONE_WINDOW_MS = 24 * 60 * 60_000;

export interface RecallOptions {
  signal?: AbortSignal;
}

/** A group send to take back: the keys of its parts and the group they went to (default: the robot's group). */
export interface GroupRecallTarget {
  processQueryKeys: string[];
  openConversationId?: string;
}

/** A part of a one-to-one send: its key and when it was sent (epoch ms, as the client's clock had it). */
export interface SentPart {
  processQueryKey: string;
  sentAt: number;
}

export interface RefusedPart {
  processQueryKey: string;
  /** `refused`: DingTalk said no (`detail` in its words); `outsideWindow`: not asked, a one-to-one part over 24 h old. */
  reason: 'refused' | 'outsideWindow';
  detail: string;
  /** What to tell the user about this part. */
  text: ErrorText;
}

/** A recall DingTalk refuses as a whole throws; if earlier batches were recalled, `error.partial.ids` names them. */
export interface RecallResult {
  /** The keys DingTalk took back. No notice appears in the chat. */
  recalled: string[];
  refused: RefusedPart[];
  /** When the recall finished, on the client's clock. */
  at: number;
}

/** The items worth asking about, one per key: a send whose answer was lost left an empty key. */
function usable<T>(items: T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    if (keyOf(item) && !byKey.has(keyOf(item))) {
      byKey.set(keyOf(item), item);
    }
  }
  if (byKey.size === 0) {
    throw noMessageIds();
  }
  return [...byKey.values()];
}

function refusedByDingTalk(processQueryKey: string, detail: string): RefusedPart {
  return {
    processQueryKey,
    reason: 'refused',
    detail,
    text: { en: `DingTalk did not recall this part: ${detail}`, zh: `钉钉未撤回此部分：${detail}` },
  };
}

/** Sends the keys in batches and sorts DingTalk's answers into recalled and refused. */
async function recallInBatches(
  ports: AppApiPorts,
  robot: AppRobot,
  path: string,
  keys: string[],
  body: object,
  options: RecallOptions,
): Promise<Omit<RecallResult, 'at'>> {
  const result: Omit<RecallResult, 'at'> = { recalled: [], refused: [] };
  for (let i = 0; i < keys.length; i += KEYS_PER_CALL) {
    const batch = keys.slice(i, i + KEYS_PER_CALL);
    const answer = await callAppApi(ports, robot, {
      method: 'POST',
      path,
      body: { ...body, robotCode: robot.robotCode, processQueryKeys: batch },
      repeat: 'ifNotArrived',
      signal: options.signal,
    }).catch((error: unknown) => {
      // What earlier batches took back is gone from the group: the caller must still learn of it.
      if (error instanceof DingTalkError && result.recalled.length > 0) {
        error.partial = { sent: result.recalled.length, total: keys.length, ids: [...result.recalled] };
      }
      throw error;
    });
    const succeeded = new Set(Array.isArray(answer.successResult) ? answer.successResult : []);
    const failed = (answer.failedResult ?? {}) as Record<string, unknown>;
    for (const key of batch) {
      if (succeeded.has(key)) {
        result.recalled.push(key);
      } else {
        result.refused.push(refusedByDingTalk(key, key in failed ? String(failed[key]) : 'no answer for this part'));
      }
    }
  }
  return result;
}

/**
 * Takes back every part of a group send. Parts DingTalk refuses (already recalled, unknown) come
 * back in `refused` with its reason; a request it refuses as a whole throws a DingTalkError.
 */
export async function recallGroupMessages(ports: AppApiPorts, robot: Robot, target: GroupRecallTarget, options: RecallOptions = {}): Promise<RecallResult> {
  const app = appRobotOf(robot);
  const openConversationId = target.openConversationId ?? app.openConversationId;
  if (!openConversationId) {
    throw missingConversation();
  }
  const keys = usable(target.processQueryKeys, (key) => key);
  const result = await recallInBatches(ports, app, '/v1.0/robot/groupMessages/recall', keys, { openConversationId }, options);
  return { ...result, at: ports.clock.now() };
}

/**
 * Takes back the parts of a one-to-one send that are within DingTalk's 24 hours; older parts are not
 * asked about and come back refused as `outsideWindow`. When every part is too old, nothing is sent:
 * an input error (`recallWindowPassed`) says so.
 */
export async function recallOneToOneMessages(ports: AppApiPorts, robot: Robot, parts: SentPart[], options: RecallOptions = {}): Promise<RecallResult> {
  const app = appRobotOf(robot);
  const now = ports.clock.now();
  const usableParts = usable(parts, (part) => part.processQueryKey);
  const tooOld = usableParts.filter((part) => now - part.sentAt >= ONE_TO_ONE_WINDOW_MS);
  const inWindow = usableParts.filter((part) => !tooOld.includes(part));
  if (inWindow.length === 0) {
    throw outsideWindow('recall', Math.min(...tooOld.map((part) => part.sentAt)));
  }
  const keys = inWindow.map((part) => part.processQueryKey);
  const result = await recallInBatches(ports, app, '/v1.0/robot/otoMessages/batchRecall', keys, {}, options);
  const notAsked = tooOld.map(
    (part): RefusedPart => ({
      processQueryKey: part.processQueryKey,
      reason: 'outsideWindow',
      detail: 'sent more than 24 hours ago',
      text: outsideWindowText('recall', part.sentAt),
    }),
  );
  return { recalled: result.recalled, refused: [...notAsked, ...result.refused], at: ports.clock.now() };
}
