import type { DingTalkSimulator } from '../../sim/simulator';
import type { Workbench } from './workbench';

/** Made-up credentials the session's simulator accepts. */
export const fake = {
  plainToken: '0'.repeat(64),
  signedToken: '1'.repeat(64),
  signedSecret: `SECtest${'0'.repeat(60)}`,
  guardedToken: '3'.repeat(64),
  guardedSecret: `SECtest${'3'.repeat(60)}`,
  keyword: 'DingTalk',
  appKey: 'dingtestappkey',
  appSecret: `dingtestappsecret${'0'.repeat(47)}`,
  robotCode: 'dingtestrobot',
  conversation: 'cidTestConversation==',
};

/** The simulator's robots: plain, signed, signed+keyword, and the app whose credentials allow uploads. */
export function addRobots(sim: DingTalkSimulator): void {
  sim.addWebhookRobot({ accessToken: fake.plainToken });
  sim.addWebhookRobot({ accessToken: fake.signedToken, secret: fake.signedSecret });
  sim.addWebhookRobot({ accessToken: fake.guardedToken, secret: fake.guardedSecret, keywords: [fake.keyword] });
  sim.addApp({ appKey: fake.appKey, appSecret: fake.appSecret });
  sim.addAppRobot({ robotCode: fake.robotCode, appKey: fake.appKey, openConversationIds: [fake.conversation] });
}

export interface WebhookRobotAnswers {
  name: string;
  webhook: string;
  secret?: string;
  keywords?: string;
  /** App credentials, so the robot can send files. */
  app?: boolean;
  /** Runs while the typed webhook URL is in the input box, before Enter. */
  whileWebhookTyped?: () => Promise<void>;
}

/** Adds a custom group robot through "DingTalk: Add Robot…", answering every prompt as a user would. */
export async function addWebhookRobot(workbench: Workbench, answers: WebhookRobotAnswers): Promise<void> {
  await workbench.runCommand('DingTalk: Add Robot…');
  await workbench.pick('Which kind of robot?', 'Custom group robot (webhook)');
  await workbench.answer('A name for the robot', answers.name);
  await workbench.answer('Webhook URL of the robot', answers.webhook, answers.whileWebhookTyped);
  await workbench.answer('Signing secret', answers.secret ?? '');
  await workbench.answer('Security keywords', answers.keywords ?? '');
  if (answers.app) {
    await workbench.pick('Can this robot send files and images?', 'Yes, with an app AppKey and AppSecret');
    await workbench.answer('AppKey of the DingTalk app', fake.appKey);
    await workbench.answer('AppSecret of the same app', fake.appSecret);
  } else {
    await workbench.pick('Can this robot send files and images?', 'No, text and markdown only');
  }
  await workbench.answer('Default @mentions', '');
  await workbench.notification(new RegExp(`Robot "${answers.name}" added`));
}

/** Adds an enterprise app robot through "DingTalk: Add Robot…". */
export async function addAppRobot(workbench: Workbench, name: string): Promise<void> {
  await workbench.runCommand('DingTalk: Add Robot…');
  await workbench.pick('Which kind of robot?', 'Enterprise app robot');
  await workbench.answer('A name for the robot', name);
  await workbench.answer('AppKey of the DingTalk app', fake.appKey);
  await workbench.answer('AppSecret of the same app', fake.appSecret);
  await workbench.answer('robotCode of the app robot', fake.robotCode);
  await workbench.answer('openConversationId of the group', fake.conversation);
  await workbench.notification(new RegExp(`Robot "${name}" added`));
}
