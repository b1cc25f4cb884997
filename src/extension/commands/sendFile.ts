import { constants, type Stats } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { cancelledError, DingTalkError, localize, MEDIA_LIMITS, tooLarge, type FileSendResult, type Robot } from '../../core';
import type { FileRef } from '../editorState';
import { filesSummary, type SendAgain } from '../history/entry';
import type { ProgressReporter } from '../ports';
import { reviewFiles, type ReviewedFiles } from '../review/reviewSend';
import { canUpload } from '../robotDescription';
import { chooseRobot, pickRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import { fetchUploadTokenDuringPreview } from '../send/earlyUpload';
import { withKeywordNote } from '../send/notices';
import { send, type SendJob } from '../send/pipeline';
import type { Services } from '../services';

type Inspection = { kind: 'file' } | { kind: 'folder' } | { kind: 'problem'; message: string };

interface Checked {
  files: FileRef[];
  folders: FileRef[];
  problems: string[];
}

/** What stands in the way of sending one file, found before anything is uploaded. */
async function inspect(services: Services, file: FileRef): Promise<Inspection> {
  const { t } = services;
  const name = file.relativePath;
  let info: Stats;
  try {
    info = await stat(file.fsPath);
    if (!info.isDirectory()) {
      await access(file.fsPath, constants.R_OK);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { kind: 'problem', message: t('{0} cannot be read ({1}): it may have been moved or deleted, or you may not have permission to read it.', name, code) };
  }
  if (info.isDirectory()) {
    return { kind: 'folder' };
  }
  if (!info.isFile()) {
    return { kind: 'problem', message: t('{0} is not a regular file (a device, pipe or socket) and cannot be sent.', name) };
  }
  if (info.size === 0) {
    return { kind: 'problem', message: t('{0} is empty: DingTalk does not take empty files.', name) };
  }
  if (info.size > MEDIA_LIMITS.file.maxBytes) {
    return { kind: 'problem', message: tooLarge(name, info.size, MEDIA_LIMITS.file.maxBytes).localized(services.language) };
  }
  return { kind: 'file' };
}

async function checkAll(services: Services, files: FileRef[]): Promise<Checked> {
  const checked: Checked = { files: [], folders: [], problems: [] };
  const inspections = await Promise.all(files.map((file) => inspect(services, file)));
  inspections.forEach((inspection, i) => {
    if (inspection.kind === 'problem') {
      checked.problems.push(inspection.message);
    } else {
      (inspection.kind === 'file' ? checked.files : checked.folders).push(files[i]);
    }
  });
  return checked;
}

/**
 * Tells the user what cannot be sent, and returns what will be. Folders are never sent: one may
 * hold secrets, build output or gigabytes, and what to leave out is the user's call.
 */
async function confirmChecked(services: Services, { files, folders, problems }: Checked): Promise<FileRef[] | undefined> {
  const { ui, t } = services;
  const folderList = folders.map((f) => f.relativePath).join(', ');
  const skipped = folders.length
    ? t('Skipped {0}: folders are not sent, since one may hold secrets, build output or gigabytes. Select the files inside, or zip the folder yourself and send the zip.', folderList)
    : undefined;
  if (problems.length > 0) {
    const message = [...problems, skipped].filter(Boolean).join(' ');
    if (files.length === 0) {
      void ui.error(message);
      return undefined;
    }
    const rest = t('Send the Others');
    return (await ui.error(message, rest)) === rest ? files : undefined;
  }
  if (files.length === 0) {
    void ui.error(t('{0}: folders are not sent, since one may hold secrets, build output or gigabytes. Select the files inside, or zip the folder yourself and send the zip.', folderList));
    return undefined;
  }
  if (skipped) {
    void ui.warn(skipped);
  }
  return files;
}

async function confirmDirty(services: Services, files: FileRef[]): Promise<boolean> {
  const { ui, t } = services;
  const dirty = files.filter((f) => f.isDirty).map((f) => f.relativePath);
  if (dirty.length === 0) {
    return true;
  }
  const send = t('Send Saved Version');
  const choice = await ui.warn(t('{0}: unsaved changes. The version saved on disk is what will be sent.', dirty.join(', ')), send);
  return choice === send;
}

/**
 * The robot to send with (`chosen`, else the default or the user's pick). A webhook robot needs an
 * app's credentials to upload: the user may add them right away, or choose another robot that can
 * upload, when there is one.
 */
async function robotForFiles(services: Services, chosen?: RobotRecord): Promise<RobotRecord | undefined> {
  const { ui, t } = services;
  let robot = chosen ?? (await pickRobot(services));
  while (robot && !canUpload(robot)) {
    const edit = t('Edit Robot');
    const another = t('Choose Another Robot');
    const others = services.robots.list().some(canUpload);
    const choice = await ui.error(
      t('"{0}" is a custom group robot without an AppKey and AppSecret, which DingTalk needs to upload files. Add them to the robot, or send files with an enterprise app robot.', robot.name),
      ...(others ? [edit, another] : [edit]),
    );
    if (choice === edit) {
      robot = await services.flows.editRobot(robot.id);
    } else if (choice === another && others) {
      return chooseRobot(services, t('Send the files with which robot?'), false, canUpload);
    } else {
      return undefined;
    }
  }
  return robot;
}

/** The error of file `index`, carrying how many files already arrived so Retry starts at this one. */
function withProgressSoFar(error: DingTalkError, index: number, total: number, results: FileSendResult[]): DingTalkError {
  if (index > 0) {
    error.partial = { sent: index, total, ids: results.slice(0, index).flatMap((r) => r.ids) };
  }
  return error;
}

/** Sends the files one after another from `resumeFrom`, filling `results` (which outlives a Retry). */
async function sendEach(services: Services, robot: Robot, files: FileRef[], results: FileSendResult[], progress: ProgressReporter, resumeFrom: number): Promise<FileSendResult[]> {
  const { t } = services;
  let shown = 0;
  for (let i = resumeFrom; i < files.length; i += 1) {
    if (progress.signal.aborted) {
      throw withProgressSoFar(cancelledError(), i, files.length, results);
    }
    progress.report(t('({0}/{1}) {2}', i + 1, files.length, basename(files[i].fsPath)), ((i - shown) * 100) / files.length);
    shown = i;
    try {
      results[i] = await services.client().sendFile(robot, files[i].fsPath, { signal: progress.signal });
    } catch (error) {
      throw error instanceof DingTalkError ? withProgressSoFar(error, i, files.length, results) : error;
    }
  }
  return results;
}

/** What arrived, naming the robot; a file a robot refused (the group got a notice instead) is not counted as sent. */
function sentFilesNotice(services: Services, robotName: string, files: FileRef[], results: FileSendResult[]): string {
  const { t } = services;
  const asFiles = results.filter((r) => r.sentAs !== 'fallback').length;
  let sent: string;
  if (files.length === 1) {
    sent = asFiles === 1 ? t('Sent {0} to "{1}".', basename(files[0].fsPath), robotName) : t('{0} did not arrive in "{1}" as a file.', basename(files[0].fsPath), robotName);
  } else {
    sent = asFiles === files.length ? t('Sent {0} files to "{1}".', files.length, robotName) : t('{0} of {1} files arrived in "{2}" as files.', asFiles, files.length, robotName);
  }
  const notes = results.flatMap((r) => (r.note ? [localize(r.note, services.language)] : []));
  return withKeywordNote(services, [sent, ...notes].join(' '), results.find((r) => r.keywordAdded)?.keywordAdded);
}

/** `files` as the user chose them (kept in the Sent History); `reviewed.paths`, what goes out (redacted copies among them). */
function filesJob(services: Services, robot: RobotRecord, files: FileRef[], reviewed: ReviewedFiles): SendJob<FileSendResult[]> {
  const upload = files.map((file, index) => ({ ...file, fsPath: reviewed.paths[index] }));
  const { t } = services;
  const results: FileSendResult[] = [];
  return {
    robot,
    title: (target) => (files.length === 1 ? t('Sending {0} to "{1}"', basename(files[0].fsPath), target.name) : t('Sending {0} files to "{1}"', files.length, target.name)),
    content: { text: files.map((f) => f.fsPath).join('\n'), language: 'plaintext' },
    history: { kind: 'file', summary: filesSummary(files.map((f) => f.fsPath)), content: { paths: files.map((f) => f.fsPath) } },
    preview: () => ({ kind: 'file', title: files.map((f) => basename(f.fsPath)).join(', '), files: reviewed.sizes.map((size, index) => ({ name: basename(files[index].fsPath), size })) }),
    run: (core, progress, resumeFrom) => sendEach(services, core, upload, results, progress, resumeFrom),
    success: (sent, target) => sentFilesNotice(services, target.name, files, sent),
    progressNote: (sent, total) => t('{0} of {1} files arrived; Retry sends the rest.', sent, total),
    accepts: canUpload,
    dispose: () => reviewed.dispose(),
  };
}

/**
 * Sends files, one message each. Every file is checked before anything is uploaded (readable, not
 * a folder, within DingTalk's 20 MB); a failure midway is retried from the file that failed.
 * `again` (from the Sent History) names the robot instead of the default one.
 */
export async function sendFiles(services: Services, files: FileRef[], again?: SendAgain): Promise<FileSendResult[] | undefined> {
  const unique = [...new Map(files.map((f) => [f.fsPath, f])).values()];
  if (unique.length === 0) {
    void services.ui.error(services.t('Select the files to send in the Explorer, or open one in the editor.'));
    return undefined;
  }
  const sendable = await confirmChecked(services, await checkAll(services, unique));
  if (!sendable || !(await confirmDirty(services, sendable))) {
    return undefined;
  }
  return send(services, {
    again,
    robot: () => robotForFiles(services, again?.robot),
    review: async (robot) => {
      fetchUploadTokenDuringPreview(services, robot);
      const reviewed = await reviewFiles(services, robot, sendable.map((file) => file.fsPath));
      return reviewed && filesJob(services, robot, sendable, reviewed);
    },
  });
}
