/**
 * Recall and read receipts for enterprise app-robot sends, by the processQueryKeys their sends
 * answered with. Each call takes the client's shared parts (`AppApiPorts`: token cache, transport,
 * retry, redaction) first, so a client exposes each one in a line.
 */
export type { AppApiPorts } from './appCall';
export { ROBOT_PERMISSION } from './errors';
export {
  groupReadStatus,
  oneToOneReadStatus,
  type DeliveryState,
  type GroupReader,
  type GroupReadOptions,
  type GroupReadStatus,
  type OneToOneReadStatus,
  type OneToOneRecipient,
  type ReadStatusOptions,
} from './readStatus';
export {
  ONE_TO_ONE_WINDOW_MS,
  recallGroupMessages,
  recallOneToOneMessages,
  type GroupRecallTarget,
  type RecallOptions,
  type RecallResult,
  type RefusedPart,
  type SentPart,
} from './recall';
