/**
 * Recall and read receipts for enterprise app-robot sends, by the processQueryKeys their sends
 * answered with. DingTalkClient exposes each call; they run on its token cache, retry and redaction.
 */
export { noMessageIds, outsideWindowText, ROBOT_PERMISSION, webhookCannotRecall } from './errors';
export {
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
  type GroupRecallTarget,
  type RecallOptions,
  type RecallResult,
  type RefusedPart,
  type SentPart,
} from './recall';
