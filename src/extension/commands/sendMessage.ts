import type { Mentions, SendResult } from '../../core';
import { mentionsForSend, mentionsForTarget, parseMentions } from '../mentions';
import { pickRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import { runSend } from '../sendRunner';
import { withKeywordNote } from '../sendNotices';
import type { Services } from '../services';

/** Marks unsent content that came from Send Message, so only Send Message offers it again. */
export const MESSAGE_LANGUAGE = 'dingtalk-message';

async function askText(services: Services): Promise<string | undefined> {
  const { ui, t, unsent } = services;
  return ui.input({
    title: t('Send Message to DingTalk'),
    prompt: t('The message to send'),
    value: unsent?.language === MESSAGE_LANGUAGE ? unsent.text : undefined,
    validate: (value) => (value.trim() ? undefined : t('Type the message to send.')),
  });
}

/** The mentions given as an argument, or the robot's defaults; null when the user cancelled the prompt. */
async function mentionsFor(services: Services, robot: RobotRecord, given: string | undefined, ask: boolean): Promise<Mentions | undefined | null> {
  if (given === undefined || robot.kind === 'app') {
    return mentionsForSend(services, robot, ask);
  }
  return parseMentions(given);
}

/**
 * Sends a quick text message. With no arguments, asks for the text (offering again a message that
 * was not sent) and for @mentions; `args.text` skips both prompts, `args.mentions` sets the mentions.
 * Typed text is kept in `services.unsent` until it is sent, so no later step can lose it.
 */
export async function sendMessage(services: Services, args: { text?: string; mentions?: string } = {}): Promise<SendResult | undefined> {
  const { ui, t } = services;
  const prompted = args.text === undefined;
  const text = prompted ? await askText(services) : args.text;
  if (text === undefined) {
    return undefined;
  }
  if (!text.trim()) {
    void ui.error(t('The message is empty: type the text to send.'));
    return undefined;
  }
  if (prompted) {
    services.unsent = { text, language: MESSAGE_LANGUAGE };
  }
  const robot = await pickRobot(services);
  if (!robot) {
    return undefined;
  }
  const at = await mentionsFor(services, robot, args.mentions, prompted);
  if (at === null) {
    return undefined;
  }
  const typed = prompted || args.mentions !== undefined;
  return runSend(services, {
    robot,
    title: (target) => t('Sending a message to "{0}"', target.name),
    content: { text, language: MESSAGE_LANGUAGE },
    run: (core, progress, resumeFrom, target) =>
      services.client().sendText(core, text, { at: mentionsForTarget(robot, at, typed, target), signal: progress.signal, resumeFrom }),
    success: (result, target) =>
      withKeywordNote(
        services,
        result.parts > 1 ? t('Message sent to "{0}" in {1} parts.', target.name, result.parts) : t('Message sent to "{0}".', target.name),
        result.keywordAdded,
      ),
  });
}
