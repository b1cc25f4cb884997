import type { Robot } from '../../core';
import type { SendAgain, SendRecord } from '../history/entry';
import type { ProgressReporter } from '../ports';
import type { SendPreview } from '../review/previewModel';
import type { RobotRecord } from '../robotStore';
import type { UnsentContent } from '../unsentContent';

/**
 * A kind of send (a selection, files, a markdown document, a typed message, and the kinds to come),
 * as the send pipeline (pipeline.ts) takes it: how to choose its robot and how to review it. The
 * pipeline does the rest the same way for every kind: it runs the job with progress, Retry, Edit
 * Robot and Copy Content, and records it in the Sent History.
 */
export interface SendKind<T> {
  /** A send again from the Sent History: its robot, the entry a Retry updates, the part it resumes at. */
  again?: SendAgain;
  /** The robot to send to; by default the one `again` names, else the default robot or the user's pick. */
  robot?(): Promise<RobotRecord | undefined>;
  /**
   * The review for `robot`: @mentions, the secret scan, the preview when the setting asks (see
   * review/reviewSend.ts). Resolves with the job to run, or undefined when the user stopped the send.
   */
  review(robot: RobotRecord): Promise<SendJob<T> | undefined>;
}

/** One send the user asked for: what to run, and what to give back if it fails. */
export interface SendJob<T> {
  /** The robot picked for the send; the user may choose another one if it is removed meanwhile. */
  robot: RobotRecord;
  /** The progress notification's title for the robot sent to, e.g. "Sending app.ts:3–9 to Team". */
  title(robot: RobotRecord): string;
  /** What Copy Content and the unsent store hold when the send fails. */
  content: Omit<UnsentContent, 'robotId'>;
  /**
   * Sends to `target`; `resumeFrom` is the first part still to send after a split send failed midway.
   * `msgUuids` (webhook robots, on a Retry): the parts' msgUuids of the try that may have arrived, for
   * `SendOptions.msgUuids`, so DingTalk drops a part it already has.
   */
  run(robot: Robot, progress: ProgressReporter, resumeFrom: number, target: RobotRecord, msgUuids?: string[]): Promise<T>;
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
  /** A Retry from the Sent History of a webhook send: the msgUuids its first run reuses. */
  msgUuids?: string[];
  /** The send's preview, shown again (as the setting asks) when the send moves to another robot or group. */
  preview?(robot: RobotRecord): Omit<SendPreview, 'robot'>;
  /** Told once the send is over, whatever its outcome: removes what the review made for it (redacted copies). */
  dispose?(): Promise<void>;
}
