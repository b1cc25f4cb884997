import type { Services } from '../services';
import { buildPreviewModel, type SendPreview } from './previewModel';

export type { SendPreview } from './previewModel';

/** Whether `dingtalk.confirmBeforeSend` and what the user answered before for this robot call for a preview. */
export function asks(services: Services, robotId: string): boolean {
  const remembered = services.robots.confirmations.get(robotId);
  switch (services.settings().confirmBeforeSend) {
    case 'always':
      return remembered !== 'dontAsk';
    case 'firstTimePerRobot':
      return remembered === undefined;
    case 'never':
      return false;
  }
}

/**
 * Shows the send's preview when the setting and the robot's memory say so, and resolves true to
 * send. Send and "Don't Ask Again for This Robot" both send; the first ends the first-time question
 * for the robot, the second every question for it, whatever the setting (short of a removal).
 */
export async function confirmSend(services: Services, preview: SendPreview): Promise<boolean> {
  return (await reviewAnswer(services, preview)) === 'send';
}

/**
 * As `confirmSend`, for a preview that offers the other form of the code (`preview.other`):
 * resolves `send`, `other` when the user chose the other form (nothing remembered, nothing sent),
 * or undefined when the user stopped the send.
 */
export async function reviewAnswer(services: Services, preview: SendPreview): Promise<'send' | 'other' | undefined> {
  const { robot } = preview;
  if (!asks(services, robot.id)) {
    return 'send';
  }
  const answer = await services.ui.preview(buildPreviewModel(services, preview));
  if (!answer || answer === 'other') {
    return answer;
  }
  await services.robots.confirmations.remember(robot.id, answer === 'dontAsk' ? 'dontAsk' : 'sent');
  return 'send';
}
