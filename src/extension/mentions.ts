import type { Mentions } from '../core';
import type { RobotRecord } from './robotStore';
import type { Services } from './services';

const ALL = new Set(['all', '@all', '所有人', '@所有人']);
const MOBILE = /^(?:86)?(1\d{10})$/;

/** Parses "13800000000, user123, all" into mobiles, user ids and @all. */
export function parseMentions(input: string): Mentions | undefined {
  const mentions: Required<Mentions> = { mobiles: [], userIds: [], all: false };
  for (const raw of input.replace(/\+86[\s-]*(?=1\d)/g, '').split(/[,，;；\s]+/)) {
    const entry = raw.trim().replace(/^@(?!all$|所有人$)/, '');
    if (!entry) {
      continue;
    }
    if (ALL.has(entry.toLowerCase())) {
      mentions.all = true;
      continue;
    }
    const mobile = MOBILE.exec(entry.replace(/-/g, ''));
    if (mobile) {
      mentions.mobiles.push(mobile[1]);
    } else {
      mentions.userIds.push(entry);
    }
  }
  const result: Mentions = {};
  if (mentions.mobiles.length) result.mobiles = [...new Set(mentions.mobiles)];
  if (mentions.userIds.length) result.userIds = [...new Set(mentions.userIds)];
  if (mentions.all) result.all = true;
  return Object.keys(result).length ? result : undefined;
}

export function formatMentions(mentions: Mentions | undefined): string {
  if (!mentions) {
    return '';
  }
  return [...(mentions.all ? ['all'] : []), ...(mentions.mobiles ?? []), ...(mentions.userIds ?? [])].join(', ');
}

/**
 * The @mentions for one send: the robot's defaults, or, when `ask` is set, what the user types
 * (prefilled with the defaults). App robots cannot @mention in a group, so they never ask.
 * Resolves with null when the user cancelled the prompt.
 */
export async function mentionsForSend(services: Services, robot: RobotRecord, ask: boolean): Promise<Mentions | undefined | null> {
  if (robot.kind === 'app') {
    return undefined;
  }
  if (!ask) {
    return robot.mentions;
  }
  const { ui, t } = services;
  const typed = await ui.input({
    title: t('@mentions for this message'),
    prompt: t('Mobile numbers or user ids, separated by commas; "all" for everyone. Leave empty for none.'),
    value: formatMentions(robot.mentions),
  });
  return typed === undefined ? null : parseMentions(typed);
}

/**
 * The @mentions for a snippet or document sent to `robot`, asked for when `dingtalk.askForMentions`
 * says so (`typed`); undefined when the user cancelled the prompt.
 */
export async function settingMentions(services: Services, robot: RobotRecord): Promise<{ at: Mentions | undefined; typed: boolean } | undefined> {
  const typed = services.settings().askForMentions;
  const at = await mentionsForSend(services, robot, typed);
  return at === null ? undefined : { at, typed };
}

/**
 * The @mentions for the robot a send actually goes to, which differs from the picked one when the
 * user chose another after a removal: none for an app robot; the ones the user typed or gave; else
 * that robot's own defaults.
 */
export function mentionsForTarget(picked: RobotRecord, at: Mentions | undefined, typed: boolean, target: RobotRecord): Mentions | undefined {
  if (target.kind === 'app') {
    return undefined;
  }
  return typed || target.id === picked.id ? at : target.mentions;
}
