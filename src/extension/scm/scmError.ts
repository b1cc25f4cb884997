import type { Translate } from '../ports';

/** Why changes could not be read: the commands say so in the user's language and switch on nothing else. */
export type ScmErrorReason = 'gitMissing' | 'notARepository' | 'noCommits' | 'unknownRef' | 'noMergeBase' | 'gitFailed';

export class ScmError extends Error {
  constructor(
    readonly reason: ScmErrorReason,
    /** The folder, or the ref the user gave. */
    readonly subject: string,
  ) {
    super(`${reason}: ${subject}`);
    this.name = 'ScmError';
  }
}

/** The message the user reads for `error`. */
export function describeScmError(error: ScmError, t: Translate): string {
  switch (error.reason) {
    case 'gitMissing':
      return t('Git was not found. Install Git and try again.');
    case 'notARepository':
      return t('{0} is not in a Git repository.', error.subject);
    case 'noCommits':
      return t('The repository at {0} has no commits yet.', error.subject);
    case 'unknownRef':
      return t('No branch, tag or commit is named "{0}".', error.subject);
    case 'noMergeBase':
      return t('"{0}" and the current branch have no commit in common.', error.subject);
    case 'gitFailed':
      return t('Git could not read the changes in {0}.', error.subject);
  }
}
