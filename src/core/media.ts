import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { DingTalkError, inputError } from './errors';

export type MediaType = 'image' | 'voice' | 'video' | 'file';

const MB = 1024 * 1024;

/** What DingTalk's media/upload accepts, per type (docs/dingtalk-api.md §4). */
export const MEDIA_LIMITS: Record<MediaType, { maxBytes: number; extensions: readonly string[] }> = {
  image: { maxBytes: 20 * MB, extensions: ['jpg', 'jpeg', 'png', 'gif', 'bmp'] },
  voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3', 'wav'] },
  video: { maxBytes: 20 * MB, extensions: ['mp4'] },
  file: { maxBytes: 20 * MB, extensions: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar', 'txt'] },
};

export function extensionOf(fileName: string): string {
  return extname(fileName).slice(1).toLowerCase();
}

export function isImageFile(fileName: string): boolean {
  return MEDIA_LIMITS.image.extensions.includes(extensionOf(fileName));
}

/** True when DingTalk takes this file as it is in a file message; other files are sent zipped. */
export function isSendableFile(fileName: string): boolean {
  return MEDIA_LIMITS.file.extensions.includes(extensionOf(fileName));
}

/** A size in MB with one decimal, without the unit, for texts that place the unit themselves. */
export function megabytes(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

export function tooLarge(fileName: string, size: number, maxBytes: number): DingTalkError {
  return new DingTalkError({
    code: 'fileTooLarge',
    category: 'size',
    text: {
      en: `${basename(fileName)} is ${megabytes(size)} MB; DingTalk accepts at most ${megabytes(maxBytes)} MB. Send a smaller file or share a link instead.`,
      zh: `${basename(fileName)} 大小为 ${megabytes(size)} MB，钉钉最多接受 ${megabytes(maxBytes)} MB。请发送更小的文件或改为分享链接。`,
    },
  });
}

/** Refuses, before any byte is sent, a file DingTalk would refuse for its type or size. */
export function validateMedia(type: MediaType, fileName: string, size: number): void {
  const limit = MEDIA_LIMITS[type];
  const ext = extensionOf(fileName);
  if (!limit.extensions.includes(ext)) {
    throw inputError(
      'unsupportedMediaType',
      `DingTalk does not accept .${ext || '(none)'} as ${type}; it takes ${limit.extensions.join(', ')}.`,
      `钉钉不接受 .${ext || '（无扩展名）'} 类型的${type}；支持：${limit.extensions.join(', ')}。`,
    );
  }
  if (size > limit.maxBytes) {
    throw tooLarge(fileName, size, limit.maxBytes);
  }
  if (size === 0) {
    throw inputError('emptyFile', `${basename(fileName)} is empty: DingTalk does not take empty files.`, `${basename(fileName)} 是空文件：钉钉不接受空文件。`);
  }
}

/** The size of a regular file, or a clear error for a folder or a file that is gone or unreadable. */
export async function fileSize(filePath: string): Promise<number> {
  try {
    const info = await stat(filePath);
    if (info.isDirectory()) {
      throw inputError('isFolder', `${basename(filePath)} is a folder, not a file.`, `${basename(filePath)} 是文件夹，不是文件。`);
    }
    return info.size;
  } catch (error) {
    if (error instanceof DingTalkError) {
      throw error;
    }
    throw inputError(
      'fileUnreadable',
      `${basename(filePath)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): it may have been moved or deleted.`,
      `无法读取 ${basename(filePath)}（${(error as NodeJS.ErrnoException).code ?? 'error'}）：文件可能已被移动或删除。`,
    );
  }
}

export interface MultipartBody {
  /** Read once, by the transport, as it sends. */
  body: AsyncIterable<Buffer>;
  headers: Record<string, string>;
  /** Closes the file, whether or not the body was read to the end (a failed request leaves it open). */
  dispose(): Promise<void>;
}

/**
 * Bytes of the file per read. Larger than any socket's write buffer (16 KB, 64 KB from Node 22): a
 * full chunk always fills it, so the transport waits until the socket has written it all out before
 * it asks for the next one. fileChunks counts on that to reuse the buffer. An upload's memory is
 * these two buffers; its pace on loopback is the server's (the client's main thread is idle most of
 * the time, writing 1 MB to a socket takes a fraction of a millisecond).
 */
const CHUNK_BYTES = 1024 * 1024;
/** A smaller file gets buffers of its own size, but never below this: still larger than any socket's write buffer. */
const MIN_CHUNK_BYTES = 128 * 1024;

/** Quotes a form-data parameter as browsers do (WHATWG HTML, multipart/form-data encoding). */
function quoted(value: string): string {
  return `"${value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22')}"`;
}

/**
 * The file's bytes as read, from two buffers taking turns: the next read goes into the buffer whose
 * chunk went out before the one being yielded, so reading the disk overlaps writing to the socket and
 * memory stays at two buffers whatever the file's size. A short chunk may still sit in the socket's
 * buffer when the next one is asked for, so its buffer is not reused.
 */
async function* fileChunks(handle: FileHandle, size: number): AsyncGenerator<Buffer> {
  const chunkBytes = Math.min(CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, size));
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  let position = 0;
  let next = handle.read(buffers[0], 0, chunkBytes, 0);
  let lastWasShort = false;
  try {
    for (let turn = 0; ; turn ^= 1) {
      const { bytesRead } = await next;
      if (bytesRead === 0) {
        return;
      }
      position += bytesRead;
      if (lastWasShort) {
        buffers[turn ^ 1] = Buffer.allocUnsafe(chunkBytes);
      }
      lastWasShort = bytesRead < chunkBytes;
      next = handle.read(buffers[turn ^ 1], 0, chunkBytes, position);
      yield buffers[turn].subarray(0, bytesRead);
    }
  } finally {
    // The read started for a chunk nobody asked for (the request failed) must settle before the close.
    await next.catch(() => undefined);
  }
}

/**
 * A multipart/form-data body with `type` and the file in the `media` field, read from disk as it is
 * sent. Content-Length is the file's size as measured: a file that changes meanwhile sends more or
 * fewer bytes, which the transport reports as fileChanged.
 */
export function multipartBody(filePath: string, fileName: string, type: MediaType, size: number): MultipartBody {
  const boundary = `----DingTalkSender${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${type}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename=${quoted(fileName)}\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    const handle = await open(filePath, 'r');
    try {
      yield head;
      yield* fileChunks(handle, size);
    } finally {
      await handle.close();
    }
    // Nothing may wait after the last byte: the server answers once it has the file, and an answer
    // that arrives before the body has ended costs the connection (src/core/httpExchange.ts).
    yield tail;
  }
  const body = parts();
  return {
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) },
    dispose: async () => {
      await body.return(undefined);
    },
  };
}

export interface ZippedFile {
  path: string;
  name: string;
  size: number;
  dispose(): Promise<void>;
}

/** What went wrong while zipping, in the user's terms: the file could not be read, or the zip could not be made. */
function zipFailure(filePath: string, entryName: string, error: unknown, fromInput: boolean): DingTalkError {
  const code = (error as NodeJS.ErrnoException).code;
  if (fromInput) {
    return inputError(
      'fileUnreadable',
      `${basename(filePath)} could not be read to zip it (${code ?? 'error'}). Close programs that may lock it and try again.`,
      `打包时无法读取 ${basename(filePath)}（${code ?? 'error'}）。请关闭可能占用它的程序后重试。`,
    );
  }
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return inputError(
    'zipFailed',
    `${basename(filePath)} could not be zipped as "${entryName}" (${reason}). Send it under a plain file name, without folders or "..".`,
    `无法将 ${basename(filePath)} 打包为“${entryName}”（${reason}）。请使用不含文件夹或“..”的普通文件名发送。`,
  );
}

/**
 * Packs one file into a temporary .zip, streaming from disk to disk. The zip is named after the
 * last part of `entryName` and always lands in its own temporary folder, whatever the name holds.
 */
export async function zipFile(filePath: string, entryName = basename(filePath)): Promise<ZippedFile> {
  const dir = await mkdtemp(join(tmpdir(), 'dingtalk-sender-'));
  const name = `${basename(entryName)}.zip`;
  const path = join(dir, name);
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  if (dirname(path) !== dir) {
    await dispose();
    throw zipFailure(filePath, entryName, new Error('not a file name'), false);
  }
  const input = createReadStream(filePath);
  const output = createWriteStream(path);
  let fromInput = false;
  input.once('error', () => (fromInput = true));
  try {
    const zip = new ZipFile();
    // yazl reports a read error on the ZipFile, not on its output: without these, the pipeline never settles.
    const readFailure = new Promise<never>((_, reject) => {
      input.once('error', reject);
      zip.once('error', reject);
    });
    // Throws at once for a name a zip cannot hold (absolute, or with a ".." part).
    zip.addReadStream(input, entryName);
    zip.end();
    await Promise.race([pipeline(zip.outputStream, output), readFailure]);
    return { path, name, size: (await stat(path)).size, dispose };
  } catch (error) {
    input.destroy();
    output.destroy();
    await dispose();
    throw zipFailure(filePath, entryName, error, fromInput);
  }
}
