import { randomUUID } from 'node:crypto';
import type { SendResult, TextOptions } from './clientTypes';
import type { Delivery } from './delivery';
import { DingTalkError } from './errors';
import type { PlannedParts } from './parts';
import type { Robot } from './robot';

/**
 * Sends the planned parts in order, from `resumeFrom` on. When one fails after others arrived, its error
 * says how far the send got, so the host can resume from the part that failed. A webhook part carries
 * the msgUuid the host handed back (`msgUuids`), else a new one; the error lists them all.
 */
export async function sendParts(delivery: Delivery, robot: Robot, plan: PlannedParts, options: TextOptions): Promise<SendResult> {
  const { messages } = plan;
  const msgUuids = robot.kind === 'webhook' ? messages.map((_, index) => options.msgUuids?.[index] ?? randomUUID()) : undefined;
  const result: SendResult = { parts: messages.length, ids: [], keywordAdded: plan.keywordAdded };
  for (const [index, message] of messages.entries()) {
    if (index < (options.resumeFrom ?? 0)) {
      continue;
    }
    try {
      const delivered = await delivery.deliver(robot, message, options, msgUuids?.[index]);
      result.ids.push(...delivered.ids);
      result.notDelivered = delivered.notDelivered;
    } catch (error) {
      if (error instanceof DingTalkError) {
        error.msgUuids = msgUuids;
        if (index > 0) {
          error.partial = { sent: index, total: messages.length, ids: result.ids, uncertainPart: error.mayHaveArrived ? index : undefined };
        }
      }
      throw error;
    }
  }
  return result;
}
