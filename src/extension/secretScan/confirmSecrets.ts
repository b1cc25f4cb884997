import { localize } from '../../core';
import type { PickItem } from '../ports';
import type { Services } from '../services';
import type { SecretFinding } from './scan';

export type SecretChoice = 'redacted' | 'anyway' | 'cancel';

/** How much the question itself shows; "Show All" lists the rest. */
const KINDS_SHOWN = 3;
const LINES_SHOWN = 3;
const EXCERPTS_SHOWN = 3;

/** "GitHub token (line 3), password (lines 10, 12)": each kind once, in the order found. */
function summary(services: Services, findings: SecretFinding[]): string {
  const { t } = services;
  const lines = new Map<string, Set<number>>();
  for (const finding of findings) {
    const label = localize(finding.label, services.language);
    lines.set(label, (lines.get(label) ?? new Set()).add(finding.line));
  }
  const kinds = [...lines].slice(0, KINDS_SHOWN).map(([label, set]) => {
    const numbers = [...set];
    return numbers.length === 1
      ? t('{0} (line {1})', label, numbers[0])
      : t('{0} (lines {1})', label, [...numbers.slice(0, LINES_SHOWN), ...(numbers.length > LINES_SHOWN ? ['…'] : [])].join(', '));
  });
  return [...kinds, ...(lines.size > KINDS_SHOWN ? ['…'] : [])].join(', ');
}

function detail(services: Services, findings: SecretFinding[]): string {
  const { t } = services;
  const excerpts = findings.slice(0, EXCERPTS_SHOWN).map((finding) => t('Line {0}: {1}', finding.line, finding.excerpt));
  const more = findings.length > EXCERPTS_SHOWN ? [t('… and {0} more.', findings.length - EXCERPTS_SHOWN)] : [];
  const how = t('Send Redacted puts a marker such as [REDACTED:{0}] in place of each one and sends the rest as it is.', findings[0].ruleId);
  return [...excerpts, ...more, '', how].join('\n');
}

async function showAll(services: Services, findings: SecretFinding[], what: string): Promise<void> {
  const { ui, t } = services;
  const items: PickItem<SecretFinding>[] = findings.map((finding) => {
    const label = localize(finding.label, services.language);
    return { label: label[0].toUpperCase() + label.slice(1), description: t('line {0}', finding.line), detail: finding.excerpt, value: finding };
  });
  await ui.pick(items, { title: t('Likely secrets in {0}', what), placeholder: t('Shown masked. Press Enter or Esc to go back.') });
}

/**
 * Tells the user what `scanForSecrets` found in `what` (a file name, "3 files"…) and where, and asks
 * how to go on: send with the secrets redacted, send anyway, or (closing the question) cancel.
 * Nothing found needs no question: the send goes on as it is.
 */
export async function confirmSecrets(services: Services, findings: SecretFinding[], what: string): Promise<SecretChoice> {
  if (findings.length === 0) {
    return 'anyway';
  }
  const { ui, t } = services;
  const redacted = t('Send Redacted');
  const anyway = t('Send Anyway');
  const all = t('Show All');
  const message = findings.length === 1 ? t('A likely secret in {0}: {1}.', what, summary(services, findings)) : t('{0} likely secrets in {1}: {2}.', findings.length, what, summary(services, findings));
  const actions = findings.length > EXCERPTS_SHOWN ? [redacted, anyway, all] : [redacted, anyway];
  for (;;) {
    const choice = await ui.confirm(message, detail(services, findings), ...actions);
    if (choice === all) {
      await showAll(services, findings, what);
      continue;
    }
    return choice === redacted ? 'redacted' : choice === anyway ? 'anyway' : 'cancel';
  }
}
