/** Types for the peer we compare with: dingtalk-robot-sender (npm) ships none. */
export interface ChatBotOptions {
  /** The whole webhook URL, access_token included. */
  webhook?: string;
  baseUrl?: string;
  accessToken?: string;
  secret?: string;
}

export interface ChatBot {
  text(content: string, at?: object): Promise<{ data: { errcode?: number; errmsg?: string } }>;
}

export type ChatBotClass = new (options: ChatBotOptions) => ChatBot;

export function loadChatBot(): ChatBotClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS package without types
  return require('dingtalk-robot-sender') as ChatBotClass;
}

export function peerVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- reads the installed version
  return (require('dingtalk-robot-sender/package.json') as { version: string }).version;
}
