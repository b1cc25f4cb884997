import { inputError } from './errors';
import { htmlSafeMarkdown } from './markdown/htmlSafe';

/** Who a message @mentions. DingTalk highlights a mention only when `@…` also stands in the text. */
export interface Mentions {
  mobiles?: string[];
  userIds?: string[];
  all?: boolean;
}

export interface ActionButton {
  title: string;
  url: string;
}

export interface FeedLink {
  title: string;
  messageUrl: string;
  picUrl: string;
}

export type Message =
  | { type: 'text'; content: string; at?: Mentions }
  | { type: 'markdown'; title: string; text: string; at?: Mentions }
  | { type: 'link'; title: string; text: string; messageUrl: string; picUrl?: string }
  | {
      type: 'actionCard';
      title: string;
      text: string;
      single?: ActionButton;
      buttons?: ActionButton[];
      vertical?: boolean;
      hideAvatar?: boolean;
    }
  | { type: 'feedCard'; links: FeedLink[] }
  | { type: 'file'; mediaId: string; fileName: string; fileType: string }
  | { type: 'image'; mediaId: string; picUrl?: string };

/** What the app robot API takes: a message key and its parameters as a JSON string. */
export interface AppMessage {
  msgKey: string;
  msgParam: string;
}

const MAX_APP_BUTTONS = 5;

function need(value: string | undefined, what: string): string {
  if (typeof value !== 'string' || !value.trim()) {
    throw inputError('missingField', `A message needs ${what}.`, `消息缺少${what}。`);
  }
  return value;
}

function needAll<T>(items: T[] | undefined, what: string): T[] {
  if (!items || items.length === 0) {
    throw inputError('missingField', `A message needs at least one ${what}.`, `消息至少需要一个${what}。`);
  }
  return items;
}

export function text(content: string, at?: Mentions): Message {
  return { type: 'text', content: need(content, 'text content'), at };
}

/** A markdown message; its text is made safe to send (htmlSafeMarkdown), so no client reads a tag in it. */
export function markdown(title: string, body: string, at?: Mentions): Message {
  return { type: 'markdown', title: need(title, 'a title'), text: htmlSafeMarkdown(need(body, 'markdown text')), at };
}

export function link(title: string, body: string, messageUrl: string, picUrl?: string): Message {
  return { type: 'link', title: need(title, 'a title'), text: need(body, 'text'), messageUrl: need(messageUrl, 'a link URL'), picUrl };
}

export function actionCard(
  title: string,
  body: string,
  buttons: ActionButton | ActionButton[],
  options: { vertical?: boolean; hideAvatar?: boolean } = {},
): Message {
  const list = Array.isArray(buttons) ? needAll(buttons, 'button') : [buttons];
  for (const button of list) {
    need(button.title, 'a button title');
    need(button.url, 'a button URL');
  }
  const card = { type: 'actionCard' as const, title: need(title, 'a title'), text: need(body, 'text'), ...options };
  return Array.isArray(buttons) ? { ...card, buttons: list } : { ...card, single: list[0] };
}

export function feedCard(links: FeedLink[]): Message {
  for (const item of needAll(links, 'link')) {
    need(item.title, 'a link title');
    need(item.messageUrl, 'a link URL');
    need(item.picUrl, 'a picture URL');
  }
  return { type: 'feedCard', links };
}

export function file(mediaId: string, fileName: string, fileType: string): Message {
  return { type: 'file', mediaId: need(mediaId, 'a media id'), fileName: need(fileName, 'a file name'), fileType: need(fileType, 'a file type') };
}

export function image(mediaId: string, picUrl?: string): Message {
  return { type: 'image', mediaId: need(mediaId, 'a media id'), picUrl };
}

/** Appends `@mobile` / `@userId` for every mention the text does not already show. */
export function withMentionText(content: string, at: Mentions | undefined): string {
  const names = [...(at?.mobiles ?? []), ...(at?.userIds ?? [])].filter((name) => !content.includes(`@${name}`));
  return names.length === 0 ? content : `${content}\n\n${names.map((name) => `@${name}`).join(' ')}`;
}

function atField(at: Mentions | undefined): Record<string, unknown> | undefined {
  if (!at || (!at.mobiles?.length && !at.userIds?.length && !at.all)) {
    return undefined;
  }
  // Some deployments only honour the older atDingtalkIds, so user ids go in both.
  return {
    atMobiles: at.mobiles ?? [],
    atUserIds: at.userIds ?? [],
    atDingtalkIds: at.userIds ?? [],
    isAtAll: Boolean(at.all),
  };
}

/** The JSON body the custom robot webhook expects for this message. */
export function toWebhookBody(message: Message): Record<string, unknown> {
  switch (message.type) {
    case 'text':
      return { msgtype: 'text', text: { content: withMentionText(message.content, message.at) }, at: atField(message.at) };
    case 'markdown':
      return {
        msgtype: 'markdown',
        markdown: { title: message.title, text: withMentionText(message.text, message.at) },
        at: atField(message.at),
      };
    case 'link':
      return {
        msgtype: 'link',
        link: { title: message.title, text: message.text, messageUrl: message.messageUrl, picUrl: message.picUrl ?? '' },
      };
    case 'actionCard': {
      const common = {
        title: message.title,
        text: message.text,
        hideAvatar: message.hideAvatar ? '1' : '0',
      };
      const card = message.single
        ? { ...common, singleTitle: message.single.title, singleURL: message.single.url }
        : {
            ...common,
            btnOrientation: message.vertical ? '0' : '1',
            btns: (message.buttons ?? []).map((b) => ({ title: b.title, actionURL: b.url })),
          };
      return { msgtype: 'actionCard', actionCard: card };
    }
    case 'feedCard':
      return {
        msgtype: 'feedCard',
        feedCard: { links: message.links.map((l) => ({ title: l.title, messageURL: l.messageUrl, picURL: l.picUrl })) },
      };
    case 'file':
      return { msgtype: 'file', file: { mediaId: message.mediaId, fileName: message.fileName, fileType: message.fileType } };
    case 'image':
      return { msgtype: 'image', image: { mediaId: message.mediaId, picURL: message.picUrl ?? '' } };
  }
}

function unsupportedForApp(what: string): never {
  throw inputError(
    'unsupportedForApp',
    `Enterprise app robots cannot send ${what}. Use a custom group robot (webhook) for it.`,
    `企业内部应用机器人不能发送${what}。请改用自定义群机器人（Webhook）。`,
  );
}

/** The `msgKey` and `msgParam` (a JSON string) the app robot API expects for this message. */
export function toAppMessage(message: Message): AppMessage {
  const param = (msgKey: string, value: Record<string, string>): AppMessage => ({ msgKey, msgParam: JSON.stringify(value) });
  if ((message.type === 'text' || message.type === 'markdown') && (message.at?.all || message.at?.mobiles?.length || message.at?.userIds?.length)) {
    unsupportedForApp('@mentions');
  }
  switch (message.type) {
    case 'text':
      return param('sampleText', { content: message.content });
    case 'markdown':
      return param('sampleMarkdown', { title: message.title, text: message.text });
    case 'link':
      return param('sampleLink', { text: message.text, title: message.title, picUrl: message.picUrl ?? '', messageUrl: message.messageUrl });
    case 'actionCard': {
      if (message.single) {
        return param('sampleActionCard', {
          title: message.title,
          text: message.text,
          singleTitle: message.single.title,
          singleURL: message.single.url,
        });
      }
      const buttons = message.buttons ?? [];
      if (buttons.length > MAX_APP_BUTTONS) {
        unsupportedForApp(`more than ${MAX_APP_BUTTONS} buttons`);
      }
      const value: Record<string, string> = { title: message.title, text: message.text };
      buttons.forEach((b, i) => {
        value[`actionTitle${i + 1}`] = b.title;
        value[`actionURL${i + 1}`] = b.url;
      });
      return buttons.length === 1
        ? param('sampleActionCard', { title: message.title, text: message.text, singleTitle: buttons[0].title, singleURL: buttons[0].url })
        : param(`sampleActionCard${buttons.length}`, value);
    }
    case 'feedCard':
      return unsupportedForApp('feed cards');
    case 'file':
      return param('sampleFile', { mediaId: message.mediaId, fileName: message.fileName, fileType: message.fileType });
    case 'image':
      return param('sampleImageMsg', { photoURL: message.mediaId });
  }
}
