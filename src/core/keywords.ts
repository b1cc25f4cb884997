import type { Message } from './messages';

/** The keyword to add to a message for a keyword-protected robot, or undefined when the text has one. */
export function missingKeyword(content: string, keywords: readonly string[] | undefined): string | undefined {
  const list = (keywords ?? []).filter((k) => k.trim());
  if (list.length === 0 || list.some((k) => content.includes(k))) {
    return undefined;
  }
  return list[0];
}

/** How an added keyword shows in a message: visibly, set apart from the content. */
export function keywordTag(keyword: string): string {
  return `【${keyword}】`;
}

/** The text DingTalk checks for keywords. */
function messageText(message: Message): string {
  switch (message.type) {
    case 'text':
      return message.content;
    case 'markdown':
    case 'link':
    case 'actionCard':
      return `${message.title}\n${message.text}`;
    case 'feedCard':
      return message.links.map((l) => l.title).join('\n');
    case 'file':
      return message.fileName;
    case 'image':
      return '';
  }
}

/** Adds the keyword where the group sees it. */
function withKeyword(message: Message, keyword: string): Message {
  const tag = keywordTag(keyword);
  switch (message.type) {
    case 'text':
      return { ...message, content: `${tag} ${message.content}` };
    case 'markdown':
    case 'link':
    case 'actionCard':
      return { ...message, text: `${tag}\n\n${message.text}` };
    case 'feedCard':
      return { ...message, links: message.links.map((l, i) => (i === 0 ? { ...l, title: `${tag} ${l.title}` } : l)) };
    case 'file':
      // A file message has no text: the name the group sees is the only place a keyword can go.
      return { ...message, fileName: `${tag}${message.fileName}` };
    case 'image':
      return message;
  }
}

/**
 * The message as a robot with these keywords takes it: unchanged when it has one of them (or is an
 * image, which has no text to carry one), else with the first keyword added.
 */
export function ensureKeyword(message: Message, keywords: readonly string[] | undefined): { message: Message; keywordAdded?: string } {
  const keyword = message.type === 'image' ? undefined : missingKeyword(messageText(message), keywords);
  return keyword ? { message: withKeyword(message, keyword), keywordAdded: keyword } : { message };
}
