import { DingTalkError, planMarkdown, planText, withMentionText, type Mentions, type Message } from '../../core';
import type { TextFormat } from '../ports';
import type { RobotRecord } from '../robotStore';

function shownText(message: Message): string {
  switch (message.type) {
    case 'text':
      return withMentionText(message.content, message.at);
    case 'markdown':
      return withMentionText(message.text, message.at);
    default:
      return '';
  }
}

/**
 * The messages the group receives for `body`, as it will read them: the client's own plan (split,
 * numbered, a keyword where one is missing), with the @mentions written out on the last one.
 * `title` is the markdown title the send passes to the client.
 */
export function planMessages(robot: RobotRecord, format: TextFormat, title: string, body: string, at: Mentions | undefined): string[] {
  // An app robot cannot @mention in a group: the sends never give it any.
  const mentions = robot.kind === 'webhook' ? at : undefined;
  try {
    const { messages } = format === 'markdown' ? planMarkdown(robot, title, body, mentions) : planText(robot, body, mentions);
    return messages.map(shownText);
  } catch (error) {
    // Too little room to split: the send itself reports that; the preview shows the text whole.
    if (error instanceof DingTalkError && error.reason === 'noRoomForContent') {
      return [withMentionText(body, mentions)];
    }
    throw error;
  }
}
