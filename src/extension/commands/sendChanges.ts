import { image, isSendableFile, localize, markdown, type FileSendResult, type Robot, type SendResult } from '../../core';
import { mentionsForTarget } from '../mentions';
import { asks, confirmSend } from '../review/confirmSend';
import { formatSize } from '../review/previewModel';
import { canUpload } from '../robotDescription';
import type { RobotRecord } from '../robotStore';
import { ASK_ABOVE_PARTS, asksBeforeSending, buildChangeMessage, isDiffShown, type ChangeMessage } from '../scm/changeMessage';
import { redactChange, scanChange } from '../scm/changeSecrets';
import { drawDiffs, type DiffImage } from '../scm/diffImages';
import type { ChangeSet, FileChange } from '../scm/changeSet';
import type { ChangeRequest, RepositoryTarget } from '../scm/changeRequest';
import { GitChanges } from '../scm/gitChanges';
import { relativeDate } from '../scm/relativeDate';
import { patchFile, patchName, type PatchFile } from '../scm/patchFile';
import { describeScmError, ScmError } from '../scm/scmError';
import { confirmSecrets } from '../secretScan/confirmSecrets';
import { sendMentions } from '../send/mentions';
import { sentNotice } from '../send/notices';
import { send } from '../send/pipeline';
import type { Services } from '../services';
import { withTemporaryFile } from '../temporaryFile';
import { attachmentSize, sendTextAttachment } from '../textAttachment';

/** A change's send: its messages, and the whole patch attached as a file when the user chose it. */
interface ChangeSendResult extends SendResult {
  patch?: FileSendResult;
}

/** Runs a read of git, or tells the user why it failed (no git, not a repository, an unknown ref): undefined then. */
async function readGit<T>(services: Services, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ScmError) {
      void services.ui.error(describeScmError(error, services.t));
      return undefined;
    }
    throw error;
  }
}

/** Reads the change, or tells the user why it cannot be read (no git, not a repository, an unknown ref). */
export function readChange(services: Services, target: RepositoryTarget, request: ChangeRequest, git = new GitChanges()): Promise<ChangeSet | undefined> {
  return readGit(services, () => {
    switch (request.kind) {
      case 'working':
        return git.workingChanges(target.folder, request.options, target.hints);
      case 'commit':
        return git.commit(target.folder, request.ref, target.hints);
      case 'since':
        return git.since(target.folder, request.ref, target.hints);
    }
  });
}

/**
 * The secret scan of the lines the message shows (or of the other files' lines, which only a patch
 * file carries: `scanned`): a change redacted, as it is, or undefined when the user cancelled.
 */
async function reviewSecrets(services: Services, change: ChangeSet, git: GitChanges, what: string, scanned?: (file: FileChange) => boolean): Promise<ChangeSet | undefined> {
  if (!services.settings().scanForSecrets) {
    return change;
  }
  const secrets = await scanChange(change, (path) => git.newVersion(change, path), scanned);
  if (secrets.length === 0) {
    return change;
  }
  const choice = await confirmSecrets(
    services,
    secrets.map((secret) => secret.finding),
    what,
  );
  if (choice === 'cancel') {
    return undefined;
  }
  return choice === 'redacted' ? redactChange(change, secrets) : change;
}

/** What goes out: the messages' text, and after them the patch file or the diffs drawn, when the user chose them. */
interface Extent {
  text: string;
  patch?: PatchFile;
  images?: DiffImage[];
}

/**
 * With `dingtalk.snippetFormat` set to draw snippets, each file's diff as a picture (the summary goes
 * as text before them); undefined, and the change goes as text, when the robot cannot upload
 * images or a diff cannot be drawn (the user is told why).
 */
async function diffImages(services: Services, change: ChangeSet, robot: RobotRecord): Promise<DiffImage[] | undefined> {
  const { ui, t } = services;
  if (services.settings().snippetFormat === 'markdown' || !services.snippetImages || !change.files.some(isDiffShown)) {
    return undefined;
  }
  if (!canUpload(robot)) {
    void ui.info(t('"{0}" cannot upload images (it needs an AppKey and AppSecret), so the diffs go as text.', robot.name));
    return undefined;
  }
  const drawn = await drawDiffs(services.snippetImages, change, services.language);
  if ('damaged' in drawn) {
    return undefined;
  }
  if ('refused' in drawn) {
    void ui.warn(t('The diffs could not be drawn, so they go as text: {0}', drawn.refused));
    return undefined;
  }
  return drawn.drawn;
}

/**
 * The summary, then a picture of each file's diff; over `ASK_ABOVE_PARTS` messages the user may keep
 * to the summary, or send the summary and the patch file (the robot can upload: it takes images).
 */
async function chooseImages(services: Services, message: ChangeMessage, change: ChangeSet, git: GitChanges, images: DiffImage[]): Promise<Extent | undefined> {
  const { ui, t } = services;
  const withImages = { text: `${message.intro}\n\n${t('The diff of each file follows as an image.')}`, images };
  if (images.length + 1 <= ASK_ABOVE_PARTS) {
    return withImages;
  }
  const summary = t('Send the Summary');
  const summaryAndPatch = t('Send the Summary and the Patch File');
  const all = t('Send the Summary and {0} Images', images.length);
  const choice = await ui.confirm(
    t('{0} would take {1} DingTalk messages.', message.title, images.length + 1),
    [t('The summary lists the files with their line counts and links, without the diff.'), t('The patch file holds the whole diff, for git apply.')].join(' '),
    summary,
    summaryAndPatch,
    all,
  );
  if (choice === summaryAndPatch) {
    return withPatch(services, message, change, git);
  }
  return choice === summary ? { text: message.summary.text } : choice === all ? withImages : undefined;
}

/** Markdown emphasis, code and link characters escaped, for a header line. */
function plainHeader(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

/** Uploads one diff's picture and posts the message that shows it (a one-line header for a custom group robot). */
async function sendDiffImage(services: Services, core: Robot, diff: DiffImage, signal: AbortSignal): Promise<SendResult> {
  const mediaId = await withTemporaryFile(diff.fileName, diff.png, (path) => services.client().uploadMedia(core, path, 'image', { fileName: diff.fileName, signal }));
  const header = plainHeader(diff.header);
  const message = core.kind === 'webhook' ? markdown(diff.header, `#### ${header}\n\n![${header}](${mediaId})`) : image(mediaId);
  return services.client().send(core, message, { signal });
}

/** The name the group sees: the core zips a type DingTalk does not take (`.patch`). */
function arrivingName(name: string): string {
  return isSendableFile(name) ? name : `${name}.zip`;
}

/**
 * The summary and the whole patch as a file: the files only the patch carries (added, deleted) are
 * scanned for secrets first, and the patch is made of the change as reviewed, redactions included.
 */
async function withPatch(services: Services, message: ChangeMessage, change: ChangeSet, git: GitChanges): Promise<Extent | undefined> {
  const { t } = services;
  const reviewed = await reviewSecrets(services, change, git, message.title, (file) => !isDiffShown(file) && file.hunks.length > 0);
  if (!reviewed) {
    return undefined;
  }
  const patch = patchFile(reviewed, [message.title, t('Apply it with: git apply {0}', patchName(reviewed))], (paths) => t('Not in this patch (binary, or too large to read): {0}', paths.join(', ')));
  return { text: `${message.intro}\n\n${t('The whole diff is in the file {0}, sent next.', arrivingName(patch.name))}`, patch };
}

/**
 * Over `ASK_ABOVE_PARTS` messages: the summary with its links only, the summary and the whole patch
 * as a file (when the robot can upload), or everything; undefined for Cancel.
 */
async function chooseExtent(services: Services, message: ChangeMessage, change: ChangeSet, git: GitChanges, robot: RobotRecord): Promise<Extent | undefined> {
  const whole = message.parts.map((part) => part.text).join('\n\n');
  if (!asksBeforeSending(message)) {
    return { text: whole };
  }
  const { ui, t } = services;
  const summary = t('Send the Summary');
  const summaryAndPatch = t('Send the Summary and the Patch File');
  const everything = t('Send All {0} Messages', message.parts.length);
  const uploads = canUpload(robot);
  const choice = await ui.confirm(
    t('{0} would take {1} DingTalk messages.', message.title, message.parts.length),
    [
      t('The summary lists the files with their line counts and links, without the diff.'),
      uploads
        ? t('The patch file holds the whole diff, for git apply.')
        : t('"{0}" cannot upload files, so the whole diff cannot go as a patch file: that needs an enterprise app robot, or a custom group robot with its AppKey and AppSecret.', robot.name),
    ].join(' '),
    summary,
    ...(uploads ? [summaryAndPatch] : []),
    everything,
  );
  if (choice === summaryAndPatch && uploads) {
    return withPatch(services, message, change, git);
  }
  return choice === summary ? { text: message.summary.text } : choice === everything ? { text: whole } : undefined;
}

/** The success notice: the messages, then how the patch file went (zipped, or refused by the robot). */
function changeNotice(services: Services, label: string, robotName: string, result: ChangeSendResult): string {
  const notice = sentNotice(services, label, robotName, result);
  const note = result.patch?.note;
  return note ? `${notice} ${localize(note, services.language)}` : notice;
}

/**
 * Sends a change (working-tree changes, a commit, a range) as markdown: the header, the files with
 * their line counts, each file's diff. The secret scan reads the lines the message shows (a removed
 * secret only when it is still in the new version); a change over `ASK_ABOVE_PARTS` messages asks
 * whether to send its summary only. Recorded in the Sent History as a snippet of markdown, so
 * Resend sends the same text again.
 */
export async function sendChanges(services: Services, target: RepositoryTarget, request: ChangeRequest, git = new GitChanges()): Promise<ChangeSendResult | undefined> {
  const { ui, t } = services;
  const change = await readChange(services, target, request, git);
  if (!change) {
    return undefined;
  }
  if (change.files.length === 0) {
    void ui.info(t('{0} has no changes to send.', change.repository.name));
    return undefined;
  }
  const label = buildChangeMessage(change, t).title;
  return send(services, {
    review: async (robot) => {
      const mentions = await sendMentions(services, robot);
      if (!mentions) {
        return undefined;
      }
      const { at, typed } = mentions;
      const reviewed = await reviewSecrets(services, change, git, label);
      if (!reviewed) {
        return undefined;
      }
      const message = buildChangeMessage(reviewed, t);
      const drawn = await diffImages(services, reviewed, robot);
      const extent = drawn ? await chooseImages(services, message, reviewed, git, drawn) : await chooseExtent(services, message, reviewed, git, robot);
      if (extent === undefined) {
        return undefined;
      }
      const { text, patch, images = [] } = extent;
      const note = patch
        ? t('After this message, the whole diff goes as the file {0} ({1}).', arrivingName(patch.name), formatSize(attachmentSize(patch)))
        : images.length > 0
          ? t('After this message, each file\'s diff goes as an image: {0}.', images.map((diff) => diff.header).join(', '))
          : undefined;
      const preview = (target: typeof robot) => ({ at: mentionsForTarget(robot, at, typed, target), kind: 'changes' as const, title: label, messageTitle: message.title, text, note });
      if (asks(services, robot.id) && !(await confirmSend(services, { robot, ...preview(robot) }))) {
        return undefined;
      }
      // A Retry after the patch or an image failed does not post what arrived to the same robot again.
      let posted: { to: string; result: SendResult } | undefined;
      let shown: { to: string; count: number; ids: string[] } | undefined;
      return {
        robot,
        title: (to) => t('Sending {0} to "{1}"', label, to.name),
        content: { text, language: 'markdown' },
        // The patch and the images are not kept: the entry says so, and is not offered to go again as the summary alone.
        history: { kind: 'selection', summary: label, content: { text, language: 'markdown', title: message.title, ...(patch ? { alsoSent: 'patch' as const } : images.length > 0 ? { alsoSent: 'images' as const } : {}) } },
        preview,
        ...(patch || images.length > 0 ? { accepts: canUpload } : {}),
        run: async (core, progress, resumeFrom, to): Promise<ChangeSendResult> => {
          if (posted?.to !== to.id) {
            const result = await services.client().sendMarkdown(core, message.title, text, { at: mentionsForTarget(robot, at, typed, to), signal: progress.signal, resumeFrom });
            posted = { to: to.id, result };
          }
          if (images.length > 0) {
            if (shown?.to !== to.id) {
              shown = { to: to.id, count: 0, ids: [] };
            }
            for (const diff of images.slice(shown.count)) {
              const sent = await sendDiffImage(services, core, diff, progress.signal);
              shown = { ...shown, count: shown.count + 1, ids: [...shown.ids, ...sent.ids] };
            }
            return { ...posted.result, parts: posted.result.parts + images.length, ids: [...posted.result.ids, ...shown.ids] };
          }
          if (!patch) {
            return posted.result;
          }
          const sent = await sendTextAttachment(services, core, patch, progress.signal);
          return { parts: posted.result.parts + sent.parts, ids: [...posted.result.ids, ...sent.ids], keywordAdded: posted.result.keywordAdded ?? sent.keywordAdded, patch: sent };
        },
        success: (result, to) => changeNotice(services, label, to.name, result),
      };
    },
  });
}

/** "DingTalk: Send Commit…": a pick of the current branch's recent commits (subject, short hash, author, relative date), then that commit. */
export async function sendCommit(services: Services, target: RepositoryTarget, git = new GitChanges()): Promise<SendResult | undefined> {
  const { ui, t } = services;
  const commits = await readGit(services, () => git.recentCommits(target.folder));
  if (!commits) {
    return undefined;
  }
  if (commits.length === 0) {
    void ui.error(t('The repository at {0} has no commits yet.', target.hints?.top ?? target.folder));
    return undefined;
  }
  const now = new Date(services.now?.() ?? Date.now());
  const hash = await ui.pick(
    commits.map((commit) => ({
      label: commit.subject || commit.shortHash,
      description: commit.shortHash,
      detail: `${commit.authorName} · ${Number.isNaN(commit.authorTime.getTime()) ? commit.authorDate : relativeDate(commit.authorTime, now, services.locale)}`,
      value: commit.hash,
    })),
    { title: t('Send Commit to DingTalk'), placeholder: t('Choose the commit to send') },
  );
  return hash === undefined ? undefined : sendChanges(services, target, { kind: 'commit', ref: hash }, git);
}

/** "DingTalk: Send Changes Since…": a pick of branches, remote branches and tags, then the current branch's changes since it. */
export async function sendChangesSince(services: Services, target: RepositoryTarget, git = new GitChanges()): Promise<SendResult | undefined> {
  const { ui, t } = services;
  const refs = await readGit(services, () => git.refs(target.folder));
  if (!refs) {
    return undefined;
  }
  const kinds = { branch: t('branch'), remoteBranch: t('remote branch'), tag: t('tag') };
  const typed = '\0typed';
  const ref = await ui.pick(
    [
      ...refs.map((choice) => ({ label: choice.name, description: `${kinds[choice.kind]} · ${choice.shortHash}`, detail: choice.subject, value: choice.name })),
      { label: t('Enter a Commit…'), description: t('a hash or any name git knows'), value: typed },
    ],
    { title: t('Send Changes Since…'), placeholder: t('Choose the branch, tag or commit the current branch is compared with') },
  );
  const chosen = ref === typed ? (await ui.input({ title: t('Send Changes Since…'), prompt: t('A commit hash, branch or tag') }))?.trim() : ref;
  return chosen ? sendChanges(services, target, { kind: 'since', ref: chosen }, git) : undefined;
}
