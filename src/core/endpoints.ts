import type { MediaType } from './media';
import type { AppCredentials } from './tokens';

/** The DingTalk endpoints the core calls, below the oapi and app API bases a robot names. */
export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

export function oapiTokenUrl(oapiBase: string, app: AppCredentials): string {
  return `${oapiBase}/gettoken?${new URLSearchParams({ appkey: app.appKey, appsecret: app.appSecret })}`;
}

export function appTokenUrl(apiBase: string): string {
  return `${apiBase}/v1.0/oauth2/accessToken`;
}

export function uploadUrl(oapiBase: string, token: string, type: MediaType): string {
  return `${oapiBase}/media/upload?access_token=${encodeURIComponent(token)}&type=${type}`;
}

/** App robot sends: to its group, and one-to-one to user ids. */
export const GROUP_SEND_PATH = '/v1.0/robot/groupMessages/send';
export const ONE_TO_ONE_SEND_PATH = '/v1.0/robot/oToMessages/batchSend';
