import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import FormData from 'form-data';
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

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

export function tooLarge(fileName: string, size: number, maxBytes: number): DingTalkError {
  return new DingTalkError({
    code: 'fileTooLarge',
    category: 'size',
    text: {
      en: `${basename(fileName)} is ${megabytes(size)}; DingTalk accepts at most ${megabytes(maxBytes)}. Send a smaller file or share a link instead.`,
      zh: `${basename(fileName)} 大小为 ${megabytes(size)}，钉钉最多接受 ${megabytes(maxBytes)}。请发送更小的文件或改为分享链接。`,
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
  body: Readable;
  headers: Record<string, string>;
  /** Closes the file, whether or not the body was read to the end (a failed request leaves it open). */
  dispose(): void;
}

/** A multipart/form-data body with the file in the `media` field, read from disk as it is sent. */
export function multipartBody(filePath: string, fileName: string, type: MediaType, size: number): MultipartBody {
  const file = createReadStream(filePath);
  const form = new FormData();
  form.append('type', type);
  form.append('media', file, {
    filename: fileName,
    knownLength: size,
    contentType: 'application/octet-stream',
  });
  const headers: Record<string, string> = { ...form.getHeaders(), 'content-length': String(form.getLengthSync()) };
  // form-data is an old-style stream: wrap() gives undici a Readable with back-pressure and forwards a
  // read error, and resume() starts it, since it would otherwise wait to be piped.
  const body = new Readable().wrap(form);
  form.resume();
  return {
    body,
    headers,
    dispose: () => {
      file.destroy();
      body.destroy();
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
