import type { Mentions, SendResult } from '../../core';
import { MESSAGE_LANGUAGE, messageSummary, type SendAgain } from '../history/entry';
import { mentionsForSend, parseMentions } from '../mentions';
import type { RobotRecord } from '../robotStore';
import { reviewWithMentions, type SendMentions } from '../send/mentions';
import { withKeywordNote } from '../send/notices';
import { send, type SendJob } from '../send/pipeline';
import type { Services } from '../services';

async function askText(services: Services): Promise<string | undefined> {
  const { ui, t } = services;
  const unsent = services.unsent.get();
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
 * `again` (from the Sent History) names the robot instead of the default one.
 */
export async function sendMessage(services: Services, args: { text?: string; mentions?: string } = {}, again?: SendAgain): Promise<SendResult | undefined> {
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
    services.unsent.keep({ text, language: MESSAGE_LANGUAGE });
  }
  const typed = prompted || args.mentions !== undefined;
  return send(services, {
    again,
    review: async (robot) => {
      const at = await mentionsFor(services, robot, args.mentions, prompted);
      if (at === null) {
        return undefined;
      }
      const reviewed = await reviewWithMentions(
        services,
        robot,
        {
          kind: 'message',
          title: messageSummary,
          what: t('the message'),
          text,
          redacted: (clean) => {
            if (prompted) {
              // What is kept for another try must not bring the secret back.
              services.unsent.keep({ text: clean, language: MESSAGE_LANGUAGE });
            }
          },
        },
        { at, typed },
      );
      return reviewed && messageJob(services, robot, reviewed.text, reviewed.mentions);
    },
  });
}

function messageJob(services: Services, robot: RobotRecord, text: string, mentions: SendMentions): SendJob<SendResult> {
  const { t } = services;
  return {
    robot,
    title: (target) => t('Sending a message to "{0}"', target.name),
    content: { text, language: MESSAGE_LANGUAGE },
    history: { kind: 'message', summary: messageSummary(text), content: { text, language: MESSAGE_LANGUAGE } },
    preview: (target) => ({ at: mentions.for(target), kind: 'message', title: messageSummary(text), text }),
    run: (core, progress, resumeFrom, target, msgUuids) =>
      services.client().sendText(core, text, { at: mentions.for(target), signal: progress.signal, resumeFrom, msgUuids }),
    success: (result, target) =>
      withKeywordNote(
        services,
        result.parts > 1 ? t('Message sent to "{0}" in {1} parts.', target.name, result.parts) : t('Message sent to "{0}".', target.name),
        result.keywordAdded,
      ),
  };
}
