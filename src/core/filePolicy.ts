import { basename } from 'node:path';
import { needsApp } from './appTokens';
import type { FileOptions, FileSendResult } from './clientTypes';
import type { Delivery } from './delivery';
import { DingTalkError } from './errors';
import { extensionOf, fileSize, isImageFile, isSendableFile, MEDIA_LIMITS, tooLarge, zipFile, type MediaType } from './media';
import * as build from './messages';
import type { Robot } from './robot';
import type { UploadSource, Uploads } from './uploads';

/**
 * How a file reaches a group: images show in the chat (unless sent as an attachment), types DingTalk
 * refuses are zipped, and a webhook robot that refuses files gets a notice naming the file instead.
 */
export class FilePolicy {
  constructor(
    private readonly delivery: Delivery,
    private readonly uploads: Uploads,
  ) {}

  async send(robot: Robot, filePath: string, options: FileOptions): Promise<FileSendResult> {
    const name = options.fileName ?? basename(filePath);
    const size = await fileSize(filePath);
    if (robot.kind === 'webhook' && !(robot.appKey && robot.appSecret)) {
      throw needsApp();
    }
    if (size > MEDIA_LIMITS.file.maxBytes) {
      throw tooLarge(name, size, MEDIA_LIMITS.file.maxBytes);
    }
    const file: UploadSource = { path: filePath, name, size };
    if (isImageFile(name)) {
      return options.asAttachment ? this.sendUploaded(robot, file, 'image', 'file', options) : this.sendImage(robot, file, options);
    }
    if (isSendableFile(name)) {
      try {
        return await this.sendUploaded(robot, file, 'file', 'file', options);
      } catch (error) {
        // txt is only reported to work; when DingTalk refuses the type, zipping still gets it there.
        if (!(error instanceof DingTalkError && error.reason === 'fileTypeRefused') || extensionOf(name) === 'zip') {
          throw error;
        }
      }
    }
    return this.sendZipped(robot, filePath, name, options);
  }

  private async sendZipped(robot: Robot, filePath: string, name: string, options: FileOptions): Promise<FileSendResult> {
    const zipped = await zipFile(filePath, name);
    try {
      if (zipped.size > MEDIA_LIMITS.file.maxBytes) {
        throw tooLarge(zipped.name, zipped.size, MEDIA_LIMITS.file.maxBytes);
      }
      const result = await this.sendUploaded(robot, zipped, 'file', 'zip', options);
      return {
        ...result,
        note: result.note ?? {
          en: `DingTalk does not accept .${extensionOf(name) || name} files, so ${name} was sent as ${zipped.name}.`,
          zh: `钉钉不接受 .${extensionOf(name) || name} 文件，已将 ${name} 打包为 ${zipped.name} 发送。`,
        },
      };
    } finally {
      await zipped.dispose();
    }
  }

  private async sendImage(robot: Robot, file: UploadSource, options: FileOptions): Promise<FileSendResult> {
    const { name } = file;
    const mediaId = await this.uploads.upload(robot, file, 'image', options.signal);
    const sent =
      robot.kind === 'webhook'
        ? await this.delivery.send(robot, build.markdown(name, `![${name}](${mediaId})`), options)
        : await this.delivery.send(robot, build.image(mediaId), options);
    return { ...sent, mediaId, sentName: name, sentAs: 'image' };
  }

  private async sendUploaded(robot: Robot, file: UploadSource, type: MediaType, sentAs: 'file' | 'zip', options: FileOptions): Promise<FileSendResult> {
    const { name } = file;
    const mediaId = await this.uploads.upload(robot, file, type, options.signal);
    const message = build.file(mediaId, name, extensionOf(name));
    try {
      const sent = await this.delivery.send(robot, message, options);
      return { ...sent, mediaId, sentName: name, sentAs };
    } catch (error) {
      if (robot.kind !== 'webhook' || !(error instanceof DingTalkError && error.reason === 'messageTypeRefused')) {
        throw error;
      }
      const notice = build.markdown(
        name,
        `📎 **${name}** was shared from VS Code, but this group robot cannot post files.\n\n` +
          `📎 已从 VS Code 分享文件 **${name}**，但该群机器人不能发送文件。`,
      );
      const sent = await this.delivery.send(robot, notice, options);
      return {
        ...sent,
        mediaId,
        sentName: name,
        sentAs: 'fallback',
        note: {
          en: `This robot does not accept files, so the group got a notice naming ${name} instead. An enterprise app robot sends files reliably.`,
          zh: `该机器人不接受文件，群里收到的是一条提到 ${name} 的通知。企业内部应用机器人可以稳定发送文件。`,
        },
      };
    }
  }
}
