/**
 * The prompts Add Robot and Edit Robot share, one field each: every answer cleaned like a pasted
 * value and checked with the same rules the store applies, the problem shown in the user's language.
 */
import type { DingTalkError, Mentions } from '../core';
import { formatMentions, parseMentions } from './mentions';
import {
  cleanToken,
  cleanWebhook,
  formatKeywords,
  keywordsProblem,
  nameProblem,
  parseKeywords,
  requiredProblem,
  secretProblem,
  unusualWebhookHost,
  webhookProblem,
} from './robotInput';
import type { Services } from './services';

export function robotNames(services: Services): string[] {
  return services.robots.list().map((robot) => robot.name);
}

/** A validator that shows a core-style problem in the user's language. */
function check(services: Services, problem: (value: string) => DingTalkError | undefined): (value: string) => string | undefined {
  return (value) => problem(value)?.localized(services.language);
}

export async function askName(services: Services, title: string, value: string, ownName?: string): Promise<string | undefined> {
  const { ui, t } = services;
  const name = await ui.input({
    title,
    prompt: t('A name for the robot, as you will see it in VS Code'),
    value,
    validate: check(services, (v) => nameProblem(v, robotNames(services), ownName)),
  });
  return name?.trim();
}

/**
 * Whether the user wants a webhook that goes somewhere other than DingTalk or this machine: a modal
 * question naming the host, since the URL carries the access token. True for DingTalk and loopback.
 */
async function hostAccepted(services: Services, webhook: string): Promise<boolean> {
  const { ui, t } = services;
  const host = unusualWebhookHost(webhook);
  if (!host) {
    return true;
  }
  const use = t('Use It');
  const answer = await ui.confirm(
    t("Sends will go to {0}, not DingTalk's oapi.dingtalk.com. Use it anyway?", host),
    t('The webhook URL carries the robot\'s access token, and every message goes to this host. Use it only for a gateway you trust; Cancel lets you correct the URL.'),
    use,
  );
  return answer === use;
}

/**
 * With `keep`, an empty answer keeps the stored URL (it is never shown: it holds the access token).
 * A URL to a host other than DingTalk's must be confirmed; declining asks for the URL again.
 */
export async function askWebhook(services: Services, title: string, keep: boolean): Promise<string | undefined> {
  const { ui, t } = services;
  let typed: string | undefined;
  for (;;) {
    const webhook = await ui.input({
      title,
      prompt: keep
        ? t('New webhook URL of the robot. Leave empty to keep the current one.')
        : t('Webhook URL of the robot (group settings → Bots → the robot → Webhook). It stays hidden: it holds the robot\'s access token.'),
      placeholder: 'https://oapi.dingtalk.com/robot/send?access_token=…',
      value: typed,
      // When VS Code runs in a browser, the text of a visible input box ends up in the browser's session files.
      password: true,
      validate: (v) => {
        if (!v.trim()) {
          return keep ? undefined : t('Paste the webhook URL from the robot settings.');
        }
        return webhookProblem(cleanWebhook(v))?.localized(services.language);
      },
    });
    if (webhook === undefined) {
      return undefined;
    }
    const cleaned = webhook.trim() ? cleanWebhook(webhook) : '';
    if (!cleaned || (await hostAccepted(services, cleaned))) {
      return cleaned;
    }
    typed = cleaned;
  }
}

/** An empty answer means "no signing" when adding, "keep the stored secret" with `keep`. */
export async function askSecret(services: Services, title: string, keep: boolean): Promise<string | undefined> {
  const { ui, t } = services;
  const secret = await ui.input({
    title,
    prompt: keep
      ? t('New signing secret (加签), starts with SEC. Leave empty to keep the current one.')
      : t('Signing secret (加签), starts with SEC. Leave empty if the robot does not sign.'),
    password: true,
    validate: check(services, (v) => secretProblem(cleanToken(v))),
  });
  return secret === undefined ? undefined : cleanToken(secret);
}

export async function askKeywords(services: Services, title: string, current?: string[]): Promise<string[] | undefined> {
  const { ui, t } = services;
  const keywords = await ui.input({
    title,
    prompt: t('Security keywords (自定义关键词), separated by commas. Leave empty if the robot has none.'),
    value: formatKeywords(current),
    validate: check(services, (v) => keywordsProblem(parseKeywords(v))),
  });
  return keywords === undefined ? undefined : parseKeywords(keywords);
}

export async function askAppKey(services: Services, title: string, value?: string): Promise<string | undefined> {
  const { ui, t } = services;
  const appKey = await ui.input({
    title,
    prompt: t('AppKey of the DingTalk app (developer console → the app → Credentials)'),
    value,
    validate: check(services, (v) => requiredProblem(cleanToken(v), 'AppKey')),
  });
  return appKey === undefined ? undefined : cleanToken(appKey);
}

/** With `keep`, an empty answer keeps the stored AppSecret. */
export async function askAppSecret(services: Services, title: string, keep: boolean): Promise<string | undefined> {
  const { ui, t } = services;
  const appSecret = await ui.input({
    title,
    prompt: keep ? t('New AppSecret of the app. Leave empty to keep the current one.') : t('AppSecret of the same app'),
    password: true,
    validate: keep ? undefined : check(services, (v) => requiredProblem(cleanToken(v), 'AppSecret')),
  });
  return appSecret === undefined ? undefined : cleanToken(appSecret);
}

export async function askRobotCode(services: Services, title: string, value?: string): Promise<string | undefined> {
  const { ui, t } = services;
  const robotCode = await ui.input({
    title,
    prompt: t('robotCode of the app robot (developer console → the app → Robot)'),
    value,
    validate: check(services, (v) => requiredProblem(cleanToken(v), 'robotCode')),
  });
  return robotCode === undefined ? undefined : cleanToken(robotCode);
}

export async function askConversation(services: Services, title: string, value?: string): Promise<string | undefined> {
  const { ui, t } = services;
  const id = await ui.input({
    title,
    prompt: t('openConversationId of the group the robot sends to'),
    value,
    validate: check(services, (v) => requiredProblem(cleanToken(v), 'openConversationId')),
  });
  return id === undefined ? undefined : cleanToken(id);
}

/** Resolves with null when cancelled: "no mentions" is a valid answer. */
export async function askMentions(services: Services, title: string, current?: Mentions): Promise<Mentions | undefined | null> {
  const { ui, t } = services;
  const typed = await ui.input({
    title,
    prompt: t('Default @mentions: mobile numbers or user ids separated by commas, "all" for everyone. Leave empty for none.'),
    value: formatMentions(current),
  });
  return typed === undefined ? null : parseMentions(typed);
}

/**
 * AppKey, then AppSecret. With `current` credentials, the AppKey is prefilled and an empty AppSecret
 * keeps the stored one, as long as the AppKey stays the same.
 */
export async function askAppCredentials(
  services: Services,
  title: string,
  current: { appKey?: string; appSecret?: string } = {},
): Promise<{ appKey: string; appSecret: string } | undefined> {
  const appKey = await askAppKey(services, title, current.appKey);
  if (appKey === undefined) {
    return undefined;
  }
  const appSecret = await askAppSecret(services, title, Boolean(current.appSecret) && appKey === current.appKey);
  return appSecret === undefined ? undefined : { appKey, appSecret: appSecret || (current.appSecret ?? '') };
}
