import { DingTalkError, type Mentions } from '../../core';
import { formatMentions, parseMentions } from '../mentions';
import {
  cleanToken,
  cleanWebhook,
  formatKeywords,
  keywordsProblem,
  nameProblem,
  parseAddRobotArgs,
  parseKeywords,
  requiredProblem,
  secretProblem,
  uniqueName,
  unusualWebhookHost,
  webhookProblem,
  type AddRobotArgs,
  type RobotArgs,
} from '../robotInput';
import type { RobotDraft, RobotKind, RobotRecord } from '../robotStore';
import type { Services } from '../services';
import { testRobot } from './testRobot';

export type { AddRobotArgs } from '../robotInput';

function names(services: Services): string[] {
  return services.robots.list().map((robot) => robot.name);
}

/** A validator that shows a core-style problem in the user's language. */
function check(services: Services, problem: (value: string) => DingTalkError | undefined): (value: string) => string | undefined {
  return (value) => problem(value)?.localized(services.locale);
}

export async function askName(services: Services, title: string, value: string, ownName?: string): Promise<string | undefined> {
  const { ui, t } = services;
  const name = await ui.input({
    title,
    prompt: t('A name for the robot, as you will see it in VS Code'),
    value,
    validate: check(services, (v) => nameProblem(v, names(services), ownName)),
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
        return webhookProblem(cleanWebhook(v))?.localized(services.locale);
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

async function askKind(services: Services): Promise<RobotKind | undefined> {
  const { ui, t } = services;
  return ui.pick<RobotKind>(
    [
      {
        label: t('Custom group robot (webhook)'),
        detail: t('Needs the webhook URL, and the signing secret or keywords set in its security settings. Sends text and markdown; files need an app AppKey/AppSecret too.'),
        value: 'webhook',
      },
      {
        label: t('Enterprise app robot'),
        detail: t('Needs the app AppKey and AppSecret, the robotCode and the group openConversationId. Sends files and images reliably.'),
        value: 'app',
      },
    ],
    { title: t('Add DingTalk Robot'), placeholder: t('Which kind of robot?') },
  );
}

async function askSendsFiles(services: Services, title: string): Promise<boolean | undefined> {
  const { ui, t } = services;
  return ui.pick<boolean>(
    [
      { label: t('No, text and markdown only'), detail: t('Nothing more to enter.'), value: false },
      {
        label: t('Yes, with an app AppKey and AppSecret'),
        detail: t('Files are uploaded with the credentials of an internal DingTalk app. Some groups still do not show them: an enterprise app robot is the reliable way.'),
        value: true,
      },
    ],
    { title, placeholder: t('Can this robot send files and images?') },
  );
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

async function askFileCredentials(services: Services, title: string): Promise<{ appKey?: string; appSecret?: string } | undefined> {
  const files = await askSendsFiles(services, title);
  if (!files) {
    return files === undefined ? undefined : {};
  }
  return askAppCredentials(services, title);
}

/** The optional parts of a webhook robot, asked one after another; undefined when the user cancelled. */
async function askWebhookExtras(services: Services, title: string): Promise<Partial<RobotDraft> | undefined> {
  const secret = await askSecret(services, title, false);
  if (secret === undefined) {
    return undefined;
  }
  const keywords = await askKeywords(services, title);
  if (keywords === undefined) {
    return undefined;
  }
  const app = await askFileCredentials(services, title);
  if (!app) {
    return undefined;
  }
  const mentions = await askMentions(services, title);
  return mentions === null ? undefined : { secret, keywords, ...app, mentions };
}

async function webhookDraft(services: Services, given: RobotArgs, name: string, interactive: boolean, title: string): Promise<RobotDraft | undefined> {
  const webhook = given.webhook ?? (await askWebhook(services, title, false));
  if (webhook === undefined) {
    return undefined;
  }
  const extras = interactive ? await askWebhookExtras(services, title) : given;
  return extras && { ...extras, kind: 'webhook', name, webhook };
}

async function appDraft(services: Services, given: RobotArgs, name: string, title: string): Promise<RobotDraft | undefined> {
  const appKey = given.appKey ?? (await askAppKey(services, title));
  const appSecret = appKey === undefined ? undefined : (given.appSecret ?? (await askAppSecret(services, title, false)));
  const robotCode = appSecret === undefined ? undefined : (given.robotCode ?? (await askRobotCode(services, title)));
  const openConversationId = robotCode === undefined ? undefined : (given.openConversationId ?? (await askConversation(services, title)));
  return openConversationId === undefined ? undefined : { kind: 'app', name, appKey, appSecret, robotCode, openConversationId };
}

/** Asks for what `given` lacks: everything when there is no argument, only the required fields otherwise. */
async function collect(services: Services, given: RobotArgs | undefined): Promise<RobotDraft | undefined> {
  const { t } = services;
  const kind = given?.kind ?? (await askKind(services));
  if (!kind) {
    return undefined;
  }
  const suggestion = uniqueName(kind === 'webhook' ? t('Group robot') : t('App robot'), names(services));
  const name = given?.name ?? (await askName(services, t('Add DingTalk Robot'), suggestion));
  if (name === undefined) {
    return undefined;
  }
  const title = t('Add DingTalk Robot "{0}"', name);
  return kind === 'webhook' ? webhookDraft(services, given ?? {}, name, given === undefined, title) : appDraft(services, given ?? {}, name, title);
}

/** Offers a test send without holding up the caller (a send may be waiting for this robot). */
function offerTest(services: Services, record: RobotRecord): void {
  const { ui, t } = services;
  const test = t('Send Test Message');
  void ui
    .info(t('Robot "{0}" added.', record.name), test)
    .then((action) => (action === test ? testRobot(services, record.id) : undefined))
    .catch((error: unknown) => services.log.error(`Test of "${record.name}" failed: ${String(error)}`));
}

/**
 * Adds a robot: walks the user through its kind, name and credentials, or takes them from `args`
 * (then asking only for missing required fields). Secrets go to SecretStorage only.
 * Resolves with the stored robot, or undefined when cancelled or refused.
 */
export async function addRobot(services: Services, args?: AddRobotArgs): Promise<RobotRecord | undefined> {
  try {
    const given = args === undefined || args === null ? undefined : parseAddRobotArgs(args, names(services));
    const draft = await collect(services, given);
    if (!draft) {
      return undefined;
    }
    const record = await services.robots.add(draft);
    // A webhook given as an argument was never confirmed: say where it sends instead of offering a send.
    const host = given?.webhook === undefined ? undefined : unusualWebhookHost(given.webhook);
    if (host) {
      void services.ui.warn(
        services.t('Robot "{0}" added. Its sends will go to {1}, not DingTalk\'s oapi.dingtalk.com: if that is not a gateway you trust, edit or remove the robot before sending.', record.name, host),
      );
    } else {
      offerTest(services, record);
    }
    return record;
  } catch (error) {
    if (!(error instanceof DingTalkError)) {
      throw error;
    }
    void services.ui.error(error.localized(services.locale));
    return undefined;
  }
}
