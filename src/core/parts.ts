import { randomUUID } from 'node:crypto';
import { DingTalkError } from './errors';
import { htmlSafeMarkdown } from './markdown/htmlSafe';
import * as build from './messages';
import { toAppMessage, toWebhookBody, type Mentions, type Message } from './messages';
import { keywordTag, missingKeyword } from './keywords';
import { jsonByteLength, splitMarkdown, splitText } from './split';

/** DingTalk's limit for a webhook body, and for an app robot's msgParam. */
export const MAX_WEBHOOK_BODY_BYTES = 20_000;
export const MAX_APP_PARAM_BYTES = 15_000;
/** Less room than this for content in a part, and splitting would only produce a flood of tiny parts. */
const MIN_CONTENT_BYTES = 1_000;

/** What decides how a text is split: the robot's kind and keywords (a robot without its secrets will do). */
export type PartsRobot = { kind: 'webhook'; keywords?: string[] } | { kind: 'app' };

/** The messages a text becomes, in order, exactly as they are sent. */
export interface PlannedParts {
  messages: Message[];
  /** The keyword added to a part that had none, for a keyword-protected robot. */
  keywordAdded?: string;
}

/** The size DingTalk counts for a message: the webhook's JSON body, or an app robot's msgParam. */
export function messageBytes(robot: PartsRobot, message: Message): number {
  return robot.kind === 'webhook'
    ? Buffer.byteLength(JSON.stringify({ ...toWebhookBody(message), msgUuid: randomUUID() }))
    : Buffer.byteLength(toAppMessage(message).msgParam);
}

/**
 * Splits `content` to fit a message, numbers the parts "(1/3)"… and gives each part a keyword of its own
 * when it lacks one (DingTalk checks each message alone); the @mentions go on the last part.
 */
function planParts(
  robot: PartsRobot,
  content: string,
  split: (content: string, maxBytes: number) => string[],
  make: (part: string, last: boolean, label: string) => Message,
): PlannedParts {
  const keywords = robot.kind === 'webhook' ? robot.keywords : undefined;
  const limit = robot.kind === 'webhook' ? MAX_WEBHOOK_BODY_BYTES : MAX_APP_PARAM_BYTES;
  const header = (keyword: string | undefined, label: string): string => [keyword && keywordTag(keyword), label].filter(Boolean).join(' ');
  const longestKeyword = (keywords ?? []).reduce((a, b) => (jsonByteLength(b) > jsonByteLength(a) ? b : a), '');
  const overhead = messageBytes(robot, make('x', true, '(99/99)')) + jsonByteLength(`${header(longestKeyword, '(99/99)')}\n\n`) + 64;
  if (limit - overhead < MIN_CONTENT_BYTES) {
    throw new DingTalkError({
      code: 'noRoomForContent',
      category: 'size',
      text: {
        en: 'The title, @mentions and keyword alone nearly fill a DingTalk message. Shorten the title or mention fewer people.',
        zh: '标题、@提及和关键词几乎占满了一条钉钉消息。请缩短标题或减少 @ 的人数。',
      },
    });
  }
  const parts = split(content, limit - overhead);
  let keywordAdded: string | undefined;
  const messages = parts.map((part, index) => {
    const keyword = missingKeyword(part, keywords);
    keywordAdded ??= keyword;
    const label = parts.length > 1 ? `(${index + 1}/${parts.length})` : '';
    const top = header(keyword, label);
    return make(top ? `${top}\n\n${part}` : part, index === parts.length - 1, label);
  });
  return { messages, keywordAdded };
}

/** The text messages `content` is sent as: split at paragraphs or lines when over the size limit. */
export function planText(robot: PartsRobot, content: string, at?: Mentions): PlannedParts {
  build.text(content);
  return planParts(robot, content, splitText, (part, last) => build.text(part, last ? at : undefined));
}

/**
 * The markdown messages `text` is sent as: split before a heading where one is near the limit, else at a
 * paragraph. It is made safe to send before it is split, so each part's size is the size that is sent.
 */
export function planMarkdown(robot: PartsRobot, title: string, text: string, at?: Mentions): PlannedParts {
  build.markdown(title, text);
  return planParts(robot, htmlSafeMarkdown(text), splitMarkdown, (part, last, label) => build.markdown(label ? `${title} ${label}` : title, part, last ? at : undefined));
}
