import type { SendResult } from '../../core';
import { mentionsForTarget } from '../mentions';
import { asks, confirmSend } from '../review/confirmSend';
import { asksBeforeSending, buildChangeMessage, type ChangeMessage } from '../scm/changeMessage';
import { redactChange, scanChange } from '../scm/changeSecrets';
import type { ChangeSet } from '../scm/changeSet';
import type { ChangeRequest, RepositoryTarget } from '../scm/changeRequest';
import { GitChanges } from '../scm/gitChanges';
import { relativeDate } from '../scm/relativeDate';
import { describeScmError, ScmError } from '../scm/scmError';
import { confirmSecrets } from '../secretScan/confirmSecrets';
import { sendMentions } from '../send/mentions';
import { sentNotice } from '../send/notices';
import { send } from '../send/pipeline';
import type { Services } from '../services';

/** Reads the change, or tells the user why it cannot be read (no git, not a repository, an unknown ref). */
export async function readChange(services: Services, target: RepositoryTarget, request: ChangeRequest, git = new GitChanges()): Promise<ChangeSet | undefined> {
  try {
    switch (request.kind) {
      case 'working':
        return await git.workingChanges(target.folder, request.options, target.hints);
      case 'commit':
        return await git.commit(target.folder, request.ref, target.hints);
      case 'since':
        return await git.since(target.folder, request.ref, target.hints);
    }
  } catch (error) {
    if (error instanceof ScmError) {
      void services.ui.error(describeScmError(error, services.t));
      return undefined;
    }
    throw error;
  }
}

/** The secret scan of the lines the message shows: a change redacted, as it is, or undefined when the user cancelled. */
async function reviewSecrets(services: Services, change: ChangeSet, git: GitChanges, what: string): Promise<ChangeSet | undefined> {
  if (!services.settings().scanForSecrets) {
    return change;
  }
  const secrets = await scanChange(change, (path) => git.newVersion(change, path));
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

/** Over `ASK_ABOVE_PARTS` messages: the summary with its links only, or everything; undefined for Cancel. */
async function chooseExtent(services: Services, message: ChangeMessage): Promise<string | undefined> {
  const whole = message.parts.map((part) => part.text).join('\n\n');
  if (!asksBeforeSending(message)) {
    return whole;
  }
  const { ui, t } = services;
  const summary = t('Send the Summary');
  const everything = t('Send All {0} Messages', message.parts.length);
  const choice = await ui.confirm(
    t('{0} would take {1} DingTalk messages.', message.title, message.parts.length),
    t('The summary lists the files with their line counts and links, without the diff.'),
    summary,
    everything,
  );
  return choice === summary ? message.summary.text : choice === everything ? whole : undefined;
}

/**
 * Sends a change (working-tree changes, a commit, a range) as markdown: the header, the files with
 * their line counts, each file's diff. The secret scan reads the lines the message shows (a removed
 * secret only when it is still in the new version); a change over `ASK_ABOVE_PARTS` messages asks
 * whether to send its summary only. Recorded in the Sent History as a snippet of markdown, so
 * Resend sends the same text again.
 */
export async function sendChanges(services: Services, target: RepositoryTarget, request: ChangeRequest, git = new GitChanges()): Promise<SendResult | undefined> {
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
      const text = await chooseExtent(services, message);
      if (text === undefined) {
        return undefined;
      }
      const preview = (target: typeof robot) => ({ at: mentionsForTarget(robot, at, typed, target), kind: 'selection' as const, title: label, messageTitle: message.title, text });
      if (asks(services, robot.id) && !(await confirmSend(services, { robot, ...preview(robot) }))) {
        return undefined;
      }
      return {
        robot,
        title: (to) => t('Sending {0} to "{1}"', label, to.name),
        content: { text, language: 'markdown' },
        history: { kind: 'selection', summary: label, content: { text, language: 'markdown', title: message.title } },
        preview,
        run: (core, progress, resumeFrom, to) =>
          services.client().sendMarkdown(core, message.title, text, { at: mentionsForTarget(robot, at, typed, to), signal: progress.signal, resumeFrom }),
        success: (result, to) => sentNotice(services, label, to.name, result),
      };
    },
  });
}

/** "DingTalk: Send Commit…": a pick of the current branch's recent commits (subject, short hash, author, relative date), then that commit. */
export async function sendCommit(services: Services, target: RepositoryTarget, git = new GitChanges()): Promise<SendResult | undefined> {
  const { ui, t } = services;
  let commits;
  try {
    commits = await git.recentCommits(target.folder);
  } catch (error) {
    if (error instanceof ScmError) {
      void ui.error(describeScmError(error, t));
      return undefined;
    }
    throw error;
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
  let refs;
  try {
    refs = await git.refs(target.folder);
  } catch (error) {
    if (error instanceof ScmError) {
      void ui.error(describeScmError(error, t));
      return undefined;
    }
    throw error;
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
