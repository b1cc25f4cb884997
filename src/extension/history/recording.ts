import { randomUUID } from 'node:crypto';
import { DingTalkError, Redactor } from '../../core';
import type { RobotRecord } from '../robotStore';
import { contentSize, type HistoryEntry, type SendRecord } from './entry';
import type { SendHistory } from './store';

type Outcome = Pick<HistoryEntry, 'result' | 'parts' | 'arrived' | 'errcode' | 'error'>;

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

  constructor(
    private readonly history: SendHistory,
    private readonly record: SendRecord,
    private readonly now: () => number,
  ) {
    this.id = record.entryId ?? randomUUID();
    this.time = now();
  }

  /** An attempt starts: the entry is 'sending' while the send waits in the rate-limit queue and goes out. */
  start(robot: RobotRecord): Promise<void> {
    this.time = this.now();
    return this.save(robot, { result: 'sending' });
  }

  sent(robot: RobotRecord, result: unknown): Promise<void> {
    return this.save(robot, { result: 'sent', parts: partsOf(result) });
  }

  /** The attempt failed or was cancelled; `message` is what the user is shown. */
  failed(robot: RobotRecord, error: unknown, message: string): Promise<void> {
    const known = error instanceof DingTalkError ? error : undefined;
    const cancelled = known?.reason === 'cancelled';
    return this.save(robot, {
      result: cancelled ? 'cancelled' : 'failed',
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

  private async save(robot: RobotRecord, outcome: Outcome): Promise<void> {
    this.size ??= await contentSize(this.record.content);
    const { kind, summary, content } = this.record;
    await this.history.put({ id: this.id, time: this.time, robotId: robot.id, robotName: robot.name, kind, summary, size: this.size, content, ...outcome });
  }
}
