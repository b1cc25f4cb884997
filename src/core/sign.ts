import { createHmac } from 'node:crypto';

/** base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)), not yet URL-encoded. */
export function signature(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The webhook URL with `timestamp` and `sign` query parameters, URL-encoded as DingTalk requires. */
export function signedWebhookUrl(webhook: string, secret: string | undefined, timestamp: number): string {
  if (!secret) {
    return webhook;
  }
  const url = new URL(webhook);
  url.searchParams.set('timestamp', String(timestamp));
  url.searchParams.set('sign', signature(secret, timestamp));
  return url.toString();
}
