import { randomUUID } from 'node:crypto';
import { DingTalkError, Redactor } from '../../core';
import type { RobotRecord } from '../robotStore';
import { contentSize, type AppDelivery, type HistoryEntry, type SendRecord, type SentPart } from './entry';
import type { SendHistory } from './store';

type Outcome = Pick<HistoryEntry, 'result' | 'parts' | 'arrived' | 'errcode' | 'error' | 'msgUuids'>;

/** The message ids a send answered with: a text send's, or every file's. */
function idsOf(result: unknown): string[] {
  const results = Array.isArray(result) ? result : [result];
  return results.flatMap((one) => {
    const ids = (one as { ids?: unknown } | undefined)?.ids;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  });
}

/** How many messages a send took: a text send's parts, or one message per file. */
function partsOf(result: unknown): number | undefined {
  if (Array.isArray(result)) {
    return result.length;
  }
  const parts = (result as { parts?: unknown } | undefined)?.parts;
  return typeof parts === 'number' ? parts : undefined;
}

/**
 * One send's entry in the Sent History, kept up to date by runSend from its first attempt to its
 * outcome; a Retry from the failure notification updates the same entry.
 */
export class SendRecording {
  private readonly id: string;
  private time: number;
  private size?: number;
  /** The app-robot messages that arrived, over every attempt: a Retry that resumes keeps the earlier ones. */
  private arrivedParts: SentPart[];
  private answerLost = false;

  constructor(
    private readonly history: SendHistory,
    private readonly record: SendRecord,
    private readonly now: () => number,
  ) {
    this.id = record.entryId ?? randomUUID();
    this.time = now();
    const earlier = record.entryId === undefined ? undefined : history.get(record.entryId)?.app;
    this.arrivedParts = earlier ? [...earlier.parts] : [];
  }

  /** The Sent History entry this send is recorded in. */
  get entryId(): string {
    return this.id;
  }

  /**
   * An attempt starts: the entry is 'sending' while the send waits in the rate-limit queue and goes
   * out. From part 0 (a first attempt, or another robot) nothing sent before counts.
   */
  start(robot: RobotRecord, resumeFrom = 0): Promise<void> {
    this.time = this.now();
    if (resumeFrom === 0) {
      this.arrivedParts = [];
      this.answerLost = false;
    }
    return this.save(robot, { result: 'sending' });
  }

  sent(robot: RobotRecord, result: unknown): Promise<void> {
    this.arrived(idsOf(result));
    return this.save(robot, { result: 'sent', parts: partsOf(result) });
  }

  /** The attempt failed or was cancelled ('uncertain' when it may have reached the group); `message` is what the user is shown. */
  failed(robot: RobotRecord, error: unknown, message: string): Promise<void> {
    const known = error instanceof DingTalkError ? error : undefined;
    const cancelled = known?.reason === 'cancelled';
    this.arrived(known?.partial?.ids ?? []);
    this.answerLost ||= known?.mayHaveArrived === true;
    return this.save(robot, {
      result: known?.mayHaveArrived ? 'uncertain' : cancelled ? 'cancelled' : 'failed',
      msgUuids: known?.msgUuids,
      parts: known?.partial?.total,
      arrived: known?.partial?.sent,
      errcode: cancelled ? undefined : known?.code,
      // The core's messages are redacted already; an unexpected error's text may not be.
      error: new Redactor().redact(message),
    });
  }

  /** The send could not start (its robot was removed, a setting is wrong): nothing went out. */
  notStarted(robot: RobotRecord, message: string): Promise<void> {
    return this.save(robot, { result: 'failed', error: message });
  }

  private arrived(ids: string[]): void {
    this.arrivedParts.push(...ids.map((key) => ({ key, sentAt: this.time })));
  }

  /** Where an app robot's messages went and their keys; webhook robots answer no key DingTalk could be asked about. */
  private delivery(robot: RobotRecord): AppDelivery | undefined {
    if (robot.kind !== 'app') {
      return undefined;
    }
    const lost = this.answerLost || this.arrivedParts.some((part) => !part.key);
    return { openConversationId: robot.openConversationId, parts: [...this.arrivedParts], ...(lost ? { answerLost: true } : {}) };
  }

  private async save(robot: RobotRecord, outcome: Outcome): Promise<void> {
    this.size ??= await contentSize(this.record.content);
    const { kind, summary, content } = this.record;
    await this.history.put({ id: this.id, time: this.time, robotId: robot.id, robotName: robot.name, robotKind: robot.kind, app: this.delivery(robot), kind, summary, size: this.size, content, ...outcome });
  }
}
