import { open, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cancelledError, DingTalkError, MEDIA_LIMITS, isImageFile, megabytes, type DingTalkClient, type ErrorReason, type Robot, type TextLanguage } from '../core';
import type { ProgressReporter, Translate } from './ports';
import { safeDecode } from './safeDecode';

/** A local image a markdown document shows, as the converter lists it: its `src` as written and its alt text. */
export interface ImageRef {
  src: string;
  alt: string;
}

/** Where a markdown document's local images are looked for. */
export interface ImageBase {
  /** The folder of the markdown file; undefined for an unsaved (untitled) document. */
  dir?: string;
  /** The workspace folder holding it: `/images/a.png` means this folder's `images/a.png`, as in VS Code's preview. */
  workspaceFolder?: string;
}

/** An image on disk that DingTalk will take: a jpg, png, gif or bmp by name and by content, within the size limit. */
export interface FoundImage extends ImageRef {
  path: string;
  size: number;
}

/** An image left as its alt text, and why, in the user's language. */
export interface RefusedImage extends ImageRef {
  reason: string;
}

export interface CheckedImages {
  found: FoundImage[];
  refused: RefusedImage[];
}

/** The first bytes read to recognise an image. */
const SIGNATURE_BYTES = 32;
/** The sizes a BMP's DIB header can have (BITMAPCOREHEADER … BITMAPV5HEADER). */
const BMP_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

/**
 * True when the bytes start like a jpg, png, gif or bmp image. The file name alone is not trusted: a
 * hostile README naming `~/.ssh/id_rsa` or `.env` as an image must not get it uploaded, even through
 * a symbolic link or a copy renamed `.png`.
 */
export function looksLikeImage(head: Uint8Array): boolean {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return true;
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return true;
  }
  const ascii = bytes.subarray(0, 6).toString('latin1');
  if (ascii === 'GIF87a' || ascii === 'GIF89a') {
    return true;
  }
  // "BM" alone starts plenty of text files; the DIB header size that follows the 14-byte file header does not.
  return bytes.length >= 18 && ascii.startsWith('BM') && BMP_HEADER_SIZES.has(bytes.readUInt32LE(14));
}

/** A URL scheme (`https:`, `data:`), not a Windows drive letter (`C:`). */
function hasScheme(src: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(src);
}

/**
 * A Windows network path (`\\server\share`, `\\?\UNC\…`): merely looking at one makes Windows sign in to
 * that server, so a hostile README could collect the user's credentials. Never a local image.
 */
export function isNetworkPath(path: string): boolean {
  return /^[\\/]{2}/.test(path);
}

/**
 * The paths on disk an image `src` may mean, most likely first; empty when it cannot be a local file.
 * `file:` URLs and absolute paths stand for themselves; a path starting with `/` is first looked for in
 * the workspace folder, as VS Code's preview does; any other path is relative to the markdown file's
 * folder. Percent-encoding (`my%20diagram.png`) is decoded, with the name as written tried too; a `?query` or `#fragment` is not part of the file name.
 * Network paths are left out (see `isNetworkPath`).
 */
export function imageCandidates(src: string, base: ImageBase): string[] {
  const trimmed = src.trim();
  if (/^file:/i.test(trimmed)) {
    try {
      return [fileURLToPath(trimmed)].filter((path) => !isNetworkPath(path));
    } catch {
      // file://otherhost/… or a malformed URL: not a file on this computer.
      return [];
    }
  }
  if (hasScheme(trimmed) && !isAbsolute(trimmed)) {
    return [];
  }
  const written = trimmed.replace(/[?#].*$/s, '');
  if (!written) {
    return [];
  }
  const spellings = [...new Set([safeDecode(written), written])];
  const candidates: string[] = [];
  for (const name of spellings) {
    if (/^[/\\]/.test(name) && base.workspaceFolder) {
      candidates.push(join(base.workspaceFolder, name));
    }
    if (isAbsolute(name)) {
      candidates.push(resolve(name));
    } else if (base.dir) {
      candidates.push(resolve(base.dir, name));
    }
  }
  return [...new Set(candidates)].filter((path) => !isNetworkPath(path));
}

/** The first bytes of a file, to recognise its type. */
async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SIGNATURE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SIGNATURE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The image on disk, or why it stays alt text. Nothing is read beyond the first bytes. */
async function checkImage(t: Translate, image: ImageRef, base: ImageBase): Promise<FoundImage | RefusedImage> {
  const shown = safeDecode(image.src);
  const refuse = (reason: string): RefusedImage => ({ ...image, reason });
  const candidates = imageCandidates(image.src, base);
  if (candidates.length === 0) {
    return refuse(!base.dir && !hasScheme(image.src) ? t('{0}: the document is not saved, so a relative path has no folder', shown) : t('{0}: not a file on this computer', shown));
  }
  let path: string | undefined;
  let size = 0;
  let failure: string | undefined;
  for (const candidate of candidates) {
    try {
      const info = await stat(candidate);
      if (!info.isFile()) {
        failure ??= t('{0}: not a file', shown);
        continue;
      }
      path = candidate;
      size = info.size;
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        failure ??= t('{0}: cannot be read ({1})', shown, code ?? String(error));
      }
    }
  }
  if (!path) {
    return refuse(failure ?? t('{0}: file not found', shown));
  }
  const { extensions, maxBytes } = MEDIA_LIMITS.image;
  if (!isImageFile(path)) {
    return refuse(t('{0}: not an image DingTalk takes ({1})', shown, extensions.join(', ')));
  }
  if (size === 0) {
    return refuse(t('{0}: the file is empty', shown));
  }
  if (size > maxBytes) {
    return refuse(t('{0}: {1} MB, over DingTalk\'s limit of {2} MB for images', shown, megabytes(size), megabytes(maxBytes)));
  }
  let head: Buffer;
  try {
    head = await readHead(path);
  } catch (error) {
    return refuse(t('{0}: cannot be read ({1})', shown, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  if (!looksLikeImage(head)) {
    return refuse(t('{0}: named like an image, but its content is not a JPEG, PNG, GIF or BMP image', shown));
  }
  return { ...image, path, size };
}

/**
 * Finds each local image on disk and checks that DingTalk would take it, before anything is uploaded:
 * an image by its extension and by its first bytes, not empty, within the size limit.
 */
export async function checkImages(t: Translate, images: readonly ImageRef[], base: ImageBase): Promise<CheckedImages> {
  const checked = await Promise.all(images.map((image) => checkImage(t, image, base)));
  return {
    found: checked.filter((c): c is FoundImage => 'path' in c),
    refused: checked.filter((c): c is RefusedImage => 'reason' in c),
  };
}

/**
 * Reasons that concern this one file, not the send: DingTalk refusing its type or size, or the file
 * changed or gone since it was checked. Retrying would not help, so the image stays alt text.
 */
const FILE_PROBLEMS = new Set<ErrorReason>(['fileTypeRefused', 'fileTooLarge', 'fileUnreadable', 'fileEmpty', 'fileIsFolder']);

function refusesFile(error: unknown): error is DingTalkError {
  return error instanceof DingTalkError && FILE_PROBLEMS.has(error.reason);
}

/** The images of one send, uploaded and not. */
export interface UploadOutcome {
  /** media_id per image `src`, for the converter. */
  mediaIds: Map<string, string>;
  /** Images DingTalk refused on upload, left as alt text. */
  refused: RefusedImage[];
}

/**
 * Uploads the images of one send, each file once, and remembers what it uploaded for the rest of the
 * send: a Retry after a failed upload starts with the image that failed, never uploads one again.
 * A media_id belongs to the app that uploaded it, so the memory is per AppKey.
 */
export class ImageUploads {
  private readonly uploaded = new Map<string, string>();
  /** Why each file that could not be uploaded stays alt text. */
  private readonly failed = new Map<string, string>();

  constructor(
    private readonly client: () => DingTalkClient,
    private readonly t: Translate,
    private readonly language: TextLanguage,
  ) {}

  /**
   * Uploads what is not uploaded yet, reporting each image on the progress notification. A failure
   * DingTalk could get over (network, busy, credentials, cancel) fails the whole send, so runSend
   * offers Retry and Edit Robot; DingTalk refusing one file's type or size, or the file gone since it
   * was checked, leaves that image as alt text.
   */
  async upload(robot: Robot, images: readonly FoundImage[], progress: ProgressReporter): Promise<UploadOutcome> {
    const key = (path: string): string => `${robot.appKey ?? ''}\n${path}`;
    const paths = [...new Set(images.map((image) => image.path))];
    const pending = paths.filter((path) => !this.uploaded.has(key(path)) && !this.failed.has(key(path)));
    for (const [i, path] of pending.entries()) {
      if (progress.signal.aborted) {
        throw cancelledError();
      }
      const image = images.find((candidate) => candidate.path === path) as FoundImage;
      progress.report(this.t('Uploading image {0} of {1}: {2}', i + 1, pending.length, safeDecode(image.src)), 100 / (pending.length + 1));
      try {
        this.uploaded.set(key(path), await this.client().uploadMedia(robot, path, 'image', { signal: progress.signal }));
      } catch (error) {
        if (!refusesFile(error)) {
          throw error;
        }
        this.failed.set(key(path), this.t('{0}: {1}', safeDecode(image.src), error.localized(this.language)));
      }
    }
    const mediaIds = new Map<string, string>();
    const refused: RefusedImage[] = [];
    for (const image of images) {
      const id = this.uploaded.get(key(image.path));
      if (id) {
        mediaIds.set(image.src, id);
      } else {
        refused.push({ src: image.src, alt: image.alt, reason: this.failed.get(key(image.path)) ?? safeDecode(image.src) });
      }
    }
    return { mediaIds, refused };
  }
}

/** How an image is named to the user: its `src` as written, decoded. */
export function imageName(image: ImageRef): string {
  return safeDecode(image.src);
}
