import { DingTalkError } from '../../core';
import { formatMentions } from '../mentions';
import type { PickItem } from '../ports';
import { resolveRobot } from '../robotPicker';
import { cleanToken, formatKeywords, secretProblem } from '../robotInput';
import type { RobotDraft, RobotRecord } from '../robotStore';
import type { Services } from '../services';
import {
  askAppCredentials,
  askAppSecret,
  askConversation,
  askKeywords,
  askMentions,
  askName,
  askRobotCode,
  askSecret,
  askWebhook,
} from '../robotPrompts';

type Field = 'name' | 'webhook' | 'secret' | 'keywords' | 'files' | 'app' | 'robotCode' | 'conversation' | 'mentions';
type Editor = (services: Services, draft: RobotDraft, title: string) => Promise<RobotDraft | undefined>;

function fieldItems(services: Services, draft: RobotDraft): PickItem<Field>[] {
  const { t } = services;
  const name: PickItem<Field> = { label: t('Name'), description: draft.name, value: 'name' };
  if (draft.kind === 'app') {
    return [
      name,
      { label: t('AppKey and AppSecret'), description: draft.appKey, value: 'app' },
      { label: t('robotCode'), description: draft.robotCode, value: 'robotCode' },
      { label: t('openConversationId'), description: draft.openConversationId, value: 'conversation' },
    ];
  }
  return [
    name,
    { label: t('Webhook URL'), description: t('kept in secret storage'), value: 'webhook' },
    { label: t('Signing secret (加签)'), description: draft.secret ? t('set') : t('not set'), value: 'secret' },
    { label: t('Keywords (自定义关键词)'), description: formatKeywords(draft.keywords) || t('none'), value: 'keywords' },
    { label: t('Files: AppKey and AppSecret'), description: draft.appKey ?? t('not set'), value: 'files' },
    { label: t('Default @mentions'), description: formatMentions(draft.mentions) || t('none'), value: 'mentions' },
  ];
}

/** "Replace" or "Remove" for something the robot has; undefined when cancelled. */
async function removeInstead(services: Services, title: string, placeholder: string, replace: string, remove: string): Promise<boolean | undefined> {
  return services.ui.pick<boolean>(
    [
      { label: replace, value: false },
      { label: remove, value: true },
    ],
    { title, placeholder },
  );
}

const editSecret: Editor = async (services, draft, title) => {
  const { t } = services;
  if (draft.secret) {
    const remove = await removeInstead(services, title, t('The robot signs its messages (加签).'), t('Replace the signing secret'), t('Remove the signing secret (signing was turned off in DingTalk)'));
    if (remove === undefined) {
      return undefined;
    }
    if (remove) {
      return { ...draft, secret: undefined };
    }
  }
  const secret = await askSecret(services, title, Boolean(draft.secret));
  return secret === undefined ? undefined : { ...draft, secret: secret || draft.secret };
};

const editFiles: Editor = async (services, draft, title) => {
  const { t } = services;
  if (draft.appKey) {
    const remove = await removeInstead(services, title, t('The robot can send files with an app AppKey and AppSecret.'), t('Change the AppKey and AppSecret'), t('Remove them (the robot no longer sends files)'));
    if (remove === undefined) {
      return undefined;
    }
    if (remove) {
      return { ...draft, appKey: undefined, appSecret: undefined };
    }
  }
  const app = await askAppCredentials(services, title, draft);
  return app && { ...draft, ...app };
};

const EDITORS: Record<Field, Editor> = {
  name: async (services, draft, title) => {
    const name = await askName(services, title, draft.name, draft.name);
    return name === undefined ? undefined : { ...draft, name };
  },
  webhook: async (services, draft, title) => {
    const webhook = await askWebhook(services, title, true);
    return webhook === undefined ? undefined : { ...draft, webhook: webhook || draft.webhook };
  },
  secret: editSecret,
  keywords: async (services, draft, title) => {
    const keywords = await askKeywords(services, title, draft.keywords);
    return keywords && { ...draft, keywords };
  },
  files: editFiles,
  app: async (services, draft, title) => {
    const app = await askAppCredentials(services, title, draft);
    return app && { ...draft, ...app };
  },
  robotCode: async (services, draft, title) => {
    const robotCode = await askRobotCode(services, title, draft.robotCode);
    return robotCode === undefined ? undefined : { ...draft, robotCode };
  },
  conversation: async (services, draft, title) => {
    const openConversationId = await askConversation(services, title, draft.openConversationId);
    return openConversationId === undefined ? undefined : { ...draft, openConversationId };
  },
  mentions: async (services, draft, title) => {
    const mentions = await askMentions(services, title, draft.mentions);
    return mentions === null ? undefined : { ...draft, mentions };
  },
};

async function changeField(services: Services, draft: RobotDraft): Promise<RobotDraft | undefined> {
  const { ui, t } = services;
  const title = t('Edit Robot "{0}"', draft.name);
  const field = await ui.pick(fieldItems(services, draft), { title, placeholder: t('What do you want to change?') });
  return field && EDITORS[field](services, draft, title);
}

/** Secrets live in SecretStorage only, so a robot synced from another machine (or a reset keyring) has none here. */
function secretsMissing(draft: RobotDraft): boolean {
  return draft.kind === 'webhook' ? !draft.webhook : !draft.appSecret;
}

/**
 * The signing secret of a robot whose record says it signs. An empty answer would store it unsigned
 * and DingTalk would refuse every message, so it is taken only once the user confirms signing is off.
 */
async function restoreSignedSecret(services: Services, record: RobotRecord, title: string): Promise<string | undefined> {
  const { ui, t } = services;
  for (;;) {
    const typed = await ui.input({
      title,
      prompt: t('Signing secret (加签), starts with SEC. This robot signs its messages: leave empty only if signing was turned off in DingTalk.'),
      password: true,
      validate: (v) => secretProblem(cleanToken(v))?.localized(services.language),
    });
    if (typed === undefined) {
      return undefined;
    }
    const secret = cleanToken(typed);
    if (secret) {
      return secret;
    }
    const off = t('Signing Is Off');
    const answer = await ui.confirm(
      t('Save "{0}" without a signing secret?', record.name),
      t('The robot signed its messages (加签). Unless signing was turned off in its DingTalk security settings, DingTalk refuses every message without the secret.'),
      off,
    );
    if (answer === off) {
      return '';
    }
  }
}

async function restoreSecrets(services: Services, record: RobotRecord, draft: RobotDraft): Promise<RobotDraft | undefined> {
  const title = services.t('"{0}": its secrets are missing on this computer. Enter them again.', record.name);
  if (draft.kind === 'app') {
    const appSecret = await askAppSecret(services, title, false);
    return appSecret === undefined ? undefined : { ...draft, appSecret };
  }
  const webhook = await askWebhook(services, title, false);
  if (webhook === undefined) {
    return undefined;
  }
  const secret = record.signed ? await restoreSignedSecret(services, record, title) : '';
  if (secret === undefined) {
    return undefined;
  }
  const appSecret = record.appKey ? await askAppSecret(services, title, false) : '';
  return appSecret === undefined ? undefined : { ...draft, webhook, secret, appSecret };
}

/**
 * Changes one thing about a robot (no id: the user picks the robot). A robot whose secrets are
 * missing here is asked for them first. Resolves with the saved robot, or undefined when cancelled.
 */
export async function editRobot(services: Services, robotId?: string): Promise<RobotRecord | undefined> {
  const { ui, t, robots } = services;
  const record = await resolveRobot(services, robotId, t('Edit which robot?'));
  if (!record) {
    return undefined;
  }
  try {
    const draft = await robots.draft(record.id);
    const edited = secretsMissing(draft) ? await restoreSecrets(services, record, draft) : await changeField(services, draft);
    if (!edited) {
      return undefined;
    }
    const saved = await robots.update(record.id, edited);
    void ui.info(t('Robot "{0}" saved.', saved.name));
    return saved;
  } catch (error) {
    if (!(error instanceof DingTalkError)) {
      throw error;
    }
    void ui.error(error.localized(services.language));
    return undefined;
  }
}
