import { inputError } from './errors';
import type { Mentions, Message } from './messages';

/** A mainland mobile, with +86 / 86 dropped; or another country's as `<code>-<number>` (**assumed** form). */
const MAINLAND = /^1\d{10}$/;
const INTERNATIONAL = /^\d{1,4}-\d{4,14}$/;

function badMobile(value: unknown): never {
  const shown = String(value);
  throw inputError(
    'invalidMention',
    `"${shown}" is not a mobile number DingTalk can @mention. Use an 11-digit mobile such as 13800000000 (or "852-12345678" outside mainland China), or mention the person by user id.`,
    `“${shown}”不是钉钉可以 @ 的手机号。请填写 11 位手机号（如 13800000000；中国大陆以外如 “852-12345678”），或改用用户 ID @ 对方。`,
  );
}

function mobile(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return badMobile(value);
  }
  const typed = String(value).trim().replace(/^@/, '').replace(/[\s()]/g, '');
  const digits = typed.replace(/-/g, '').replace(/^(?:\+|00)?86(?=1\d{10}$)/, '');
  if (MAINLAND.test(digits)) {
    return digits;
  }
  const local = typed.replace(/^\+/, '');
  if (INTERNATIONAL.test(local)) {
    return local;
  }
  return badMobile(value);
}

function userId(value: unknown): string {
  const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim().replace(/^@/, '') : '';
  if (!id || /\s/.test(id)) {
    throw inputError(
      'invalidMention',
      `"${String(value)}" is not a DingTalk user id to @mention: a user id has no spaces.`,
      `“${String(value)}”不是可以 @ 的钉钉用户 ID：用户 ID 不含空格。`,
    );
  }
  return id;
}

/**
 * The @mentions as DingTalk takes them, checked before anything is sent: mobiles as digit strings
 * (a number given as a number is taken as its digits), a malformed one refused with an input error.
 */
export function checkedMentions(at: Mentions | undefined): Mentions | undefined {
  if (!at) {
    return undefined;
  }
  const checked: Mentions = { ...at };
  if (at.mobiles) {
    checked.mobiles = (at.mobiles as unknown[]).map(mobile);
  }
  if (at.userIds) {
    checked.userIds = (at.userIds as unknown[]).map(userId);
  }
  return checked;
}

/** The message with its @mentions checked (see `checkedMentions`). */
export function checkedMessage(message: Message): Message {
  return (message.type === 'text' || message.type === 'markdown') && message.at ? { ...message, at: checkedMentions(message.at) } : message;
}
