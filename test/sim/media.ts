import busboy from 'busboy';
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { oapi, type Reply } from './replies';
import type { SimState } from './state';
import type { RecordedFile, RecordedRequest } from './types';

const MB = 1024 * 1024;

const MEDIA_TYPES = new Map<string, { maxBytes: number; extensions: string[] }>([
  ['image', { maxBytes: 20 * MB, extensions: ['jpg', 'jpeg', 'png', 'gif', 'bmp'] }],
  ['voice', { maxBytes: 2 * MB, extensions: ['amr', 'mp3', 'wav'] }],
  ['video', { maxBytes: 20 * MB, extensions: ['mp4'] }],
  ['file', { maxBytes: 20 * MB, extensions: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar', 'txt'] }],
]);
const LARGEST_LIMIT = Math.max(...[...MEDIA_TYPES.values()].map((t) => t.maxBytes));

const missingMedia = (): Reply => oapi(41005, '缺少多媒体文件数据 (missing media)');
const badType = (): Reply => oapi(40004, '不合法的媒体文件类型 (invalid media type)');
const badExtension = (): Reply => oapi(40005, '不合法的文件类型');
const badSize = (): Reply => oapi(40006, '不合法的文件大小');

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

/** Files up to this size are kept as they arrived, so a test can read what the group would download (images are always kept). */
const KEPT_FILE_BYTES = 1024 * 1024;

/** Checks what can be known before the bytes: the media type and the file extension. */
function checkTypeAndName(state: SimState, type: string, filename: string): Reply | undefined {
  const spec = MEDIA_TYPES.get(type);
  if (!spec) {
    return badType();
  }
  if (extensionOf(filename) === 'txt' && !state.acceptsTxt) {
    return badType();
  }
  return spec.extensions.includes(extensionOf(filename)) ? undefined : badExtension();
}

/**
 * POST /media/upload?access_token=…&type=…, multipart/form-data with the file in field `media`.
 * Streams the file through a hash and stops at the size limit; nothing is kept in memory.
 */
export function handleUpload(state: SimState, url: URL, req: IncomingMessage, record: RecordedRequest): Promise<Reply> {
  const token = state.tokens.check('oapi', url.searchParams.get('access_token'), state.now());
  if (!token.ok) {
    return Promise.resolve(
      token.reason === 'expired' ? oapi(42001, 'access_token is expired') : oapi(40014, '不合法的access_token'),
    );
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8' });
  } catch {
    return Promise.resolve(missingMedia());
  }
  const fields: Record<string, string> = {};
  let file: RecordedFile | undefined;
  let imageBytes: Buffer | undefined;
  const mediaType = (): string | undefined => url.searchParams.get('type') ?? fields.type;

  return new Promise((resolve) => {
    let settled = false;
    const finish = (reply: Reply): void => {
      if (settled) {
        return;
      }
      settled = true;
      record.multipart = { fields, ...(file ? { file } : {}) };
      req.unpipe(parser);
      req.resume(); // discard the rest so the keep-alive connection stays usable
      resolve(reply);
    };

    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'media' || file || settled) {
        stream.resume();
        return;
      }
      const current: RecordedFile = { field: name, filename: info.filename ?? '', size: 0, sha256: '', contentType: info.mimeType };
      file = current;
      const type = mediaType();
      const early = type === undefined ? undefined : checkTypeAndName(state, type, current.filename);
      if (early) {
        stream.resume();
        finish(early);
        return;
      }
      const limit = MEDIA_TYPES.get(type ?? '')?.maxBytes ?? LARGEST_LIMIT;
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (settled) {
          return;
        }
        current.size += chunk.length;
        if (current.size > limit) {
          finish(badSize());
          return;
        }
        hash.update(chunk);
        if (type === 'image' || current.size <= KEPT_FILE_BYTES) {
          chunks.push(chunk);
        }
      });
      stream.on('end', () => {
        if (!settled) {
          current.sha256 = hash.digest('hex');
          imageBytes = type === 'image' || current.size <= KEPT_FILE_BYTES ? Buffer.concat(chunks) : undefined;
        }
      });
    });
    parser.on('error', () => finish(missingMedia()));
    parser.on('close', () => {
      const type = mediaType();
      if (!file) {
        finish(missingMedia());
      } else if (type === undefined) {
        finish(badType());
      } else {
        finish(checkTypeAndName(state, type, file.filename) ?? finishUpload(state, type, file, imageBytes));
      }
    });
    req.pipe(parser);
  });
}

/** Called once type and extension are known to be valid. */
function finishUpload(state: SimState, type: string, file: RecordedFile, bytes: Buffer | undefined): Reply {
  if (file.size === 0 || file.size > (MEDIA_TYPES.get(type)?.maxBytes ?? 0)) {
    return badSize();
  }
  const mediaId = `@lA${randomBytes(24).toString('base64url')}`;
  const upload = { mediaId, type, filename: file.filename, size: file.size, sha256: file.sha256, ...(bytes ? { bytes } : {}) };
  state.media.set(mediaId, upload);
  state.uploads.push(upload);
  return oapi(0, 'ok', { type, media_id: mediaId, created_at: state.now() });
}
