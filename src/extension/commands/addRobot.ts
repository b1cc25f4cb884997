import { DingTalkError, errorMessage } from '../../core';
import { parseAddRobotArgs, uniqueName, unusualWebhookHost, type AddRobotArgs, type RobotArgs } from '../robotInput';
import { askAppCredentials, askAppKey, askAppSecret, askConversation, askKeywords, askMentions, askName, askRobotCode, askSecret, askWebhook, robotNames } from '../robotPrompts';
import type { RobotDraft, RobotKind, RobotRecord } from '../robotStore';
import type { Services } from '../services';

export type { AddRobotArgs } from '../robotInput';

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
  const suggestion = uniqueName(kind === 'webhook' ? t('Group robot') : t('App robot'), robotNames(services));
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
    .then((action) => (action === test ? services.flows.testRobot(record.id) : undefined))
    .catch((error: unknown) => services.log.error(`Test of "${record.name}" failed: ${errorMessage(error)}`));
}

/**
 * Adds a robot: walks the user through its kind, name and credentials, or takes them from `args`
 * (then asking only for missing required fields). Secrets go to SecretStorage only.
 * Resolves with the stored robot, or undefined when cancelled or refused.
 */
export async function addRobot(services: Services, args?: AddRobotArgs): Promise<RobotRecord | undefined> {
  try {
    const given = args === undefined || args === null ? undefined : parseAddRobotArgs(args, robotNames(services));
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
    void services.ui.error(error.localized(services.language));
    return undefined;
  }
}
