import type { Mentions } from '../../core';
import { mentionsForTarget, settingMentions } from '../mentions';
import { reviewText, type OutgoingText } from '../review/reviewSend';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';

/** The @mentions of one send, for the robot picked and for whichever robot it finally goes to. */
export interface SendMentions {
  /** As given for the picked robot (its defaults, or what the user typed). */
  at: Mentions | undefined;
  /** The user typed them (`dingtalk.askForMentions`): they follow the send to another robot. */
  typed: boolean;
  /** What the send to `target` carries: none for an app robot, else the picked ones or the target's own defaults. */
  for(target: RobotRecord): Mentions | undefined;
}

/**
 * The @mentions the settings call for on a send to `robot` (asked when `dingtalk.askForMentions`
 * says so); undefined when the user cancelled the prompt. `given` (a send that switched form in its
 * preview) is kept as it is, so the user is not asked twice.
 */
export async function sendMentions(services: Services, robot: RobotRecord, given?: Pick<SendMentions, 'at' | 'typed'>): Promise<SendMentions | undefined> {
  const chosen = given ?? (await settingMentions(services, robot));
  if (!chosen) {
    return undefined;
  }
  const { at, typed } = chosen;
  return { at, typed, for: (target) => mentionsForTarget(robot, at, typed, target) };
}

/**
 * The prelude of every text send: its @mentions, then the review of the text (secret scan, preview;
 * review/reviewSend.ts) with them. Resolves with the text to send and the mentions, or undefined
 * when the user stopped the send or chose the preview's other form (`otherChosen` is told the mentions).
 */
export async function reviewWithMentions(
  services: Services,
  robot: RobotRecord,
  outgoing: Omit<OutgoingText, 'robot' | 'at' | 'otherChosen'> & { otherChosen?(mentions: SendMentions): void },
  given?: Pick<SendMentions, 'at' | 'typed'>,
): Promise<{ text: string; mentions: SendMentions } | undefined> {
  const mentions = await sendMentions(services, robot, given);
  if (!mentions) {
    return undefined;
  }
  const { otherChosen } = outgoing;
  const text = await reviewText(services, { ...outgoing, robot, at: mentions.for(robot), otherChosen: otherChosen && (() => otherChosen(mentions)) });
  return text === undefined ? undefined : { text, mentions };
}
