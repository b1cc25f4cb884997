/**
 * The send pipeline: every kind of send goes out through `send()`, in the same steps. The kind
 * (kind.ts) chooses the robot and reviews the content (@mentions, secret scan, preview); the
 * pipeline runs the job it returns (runner.ts: progress, queue waits, Retry, Edit Robot, Copy
 * Content, the unsent store) and records it in the Sent History from its first attempt to its outcome.
 */
import { pickRobot } from '../robotPicker';
import type { Services } from '../services';
import type { SendKind } from './kind';
import { runSend } from './runner';

export type { SendJob, SendKind } from './kind';

/** Sends one send of `kind`; resolves with its result, or undefined when nothing (more) was sent. */
export async function send<T>(services: Services, kind: SendKind<T>): Promise<T | undefined> {
  const { again } = kind;
  const robot = kind.robot ? await kind.robot() : (again?.robot ?? (await pickRobot(services)));
  const job = robot && (await kind.review(robot));
  if (!job) {
    return undefined;
  }
  try {
    return await runSend(services, {
      ...job,
      startAt: job.startAt ?? again?.resumeFrom,
      msgUuids: job.msgUuids ?? again?.msgUuids,
      history: job.history && { ...job.history, entryId: job.history.entryId ?? again?.entryId },
    });
  } finally {
    await job.dispose?.();
  }
}
