import { randomBytes, randomUUID } from 'node:crypto';

export interface Reply {
  status: number;
  /** Serialised as JSON unless it is a string (sent as text/plain). */
  body: unknown;
  /** Headers besides content-type and content-length, or a content-type of its own. */
  headers?: Record<string, string>;
}

export type JsonObject = Record<string, unknown>;

/** A request body read into memory: bytes may be capped, size is the full length. */
export interface ReceivedBody {
  bytes: Buffer;
  size: number;
}

/** oapi.dingtalk.com style: HTTP 200 and an errcode, even for failures. */
export function oapi(errcode: number, errmsg: string, extra: JsonObject = {}): Reply {
  return { status: 200, body: { errcode, errmsg, ...extra } };
}

/** api.dingtalk.com (/v1.0) style error: HTTP 4xx/5xx with a code string. */
export function apiError(status: number, code: string, message: string, extra: JsonObject = {}): Reply {
  return { status, body: { code, message, requestid: randomUUID().toUpperCase(), ...extra } };
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isFilledString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Parses a body that must be a JSON object; undefined when it is not. */
export function parseJsonObject(body: Buffer): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isJsonContentType(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}
