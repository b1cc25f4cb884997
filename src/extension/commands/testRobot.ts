import { DingTalkError, errorMessage, type ErrorReason } from '../../core';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';
import { resolveRobot } from '../robotPicker';

/** What refused a test message, as the user has to fix it: a DingTalk security setting, a robot field, or the robot's state. */
export type TestRefusal =
  | 'keyword'
  | 'sign'
  | 'clock'
  | 'ip'
  | 'security'
  | 'disabled'
  | 'dissolved'
  | 'token'
  | 'appCredentials'
  | 'robotCode'
  | 'conversation'
  | 'secretsMissing'
  | 'cancelled'
  | 'other';

const BY_REASON: Partial<Record<ErrorReason, TestRefusal>> = {
  keywordMissing: 'keyword',
  ipNotAllowed: 'ip',
  wrongSecret: 'sign',
  clockSkew: 'clock',
  securityCheck: 'security',
  robotDisabled: 'disabled',
  groupDissolved: 'dissolved',
  tokenUnknown: 'token',
  appCredentialsWrong: 'appCredentials',
  accessTokenRefused: 'appCredentials',
  robotCodeWrong: 'robotCode',
  conversationUnknown: 'conversation',
  secretsMissing: 'secretsMissing',
  cancelled: 'cancelled',
};

/** Which setting refused a test: a wrong signature and a clock more than an hour off are told apart. */
export function testRefusal(error: unknown): TestRefusal {
  return (error instanceof DingTalkError && BY_REASON[error.reason]) || 'other';
}

/** Refusals fixed by changing the robot in DingTalk Sender, so "Edit Robot" is offered. */
const EDITABLE = new Set<TestRefusal>(['keyword', 'sign', 'security', 'token', 'dissolved', 'appCredentials', 'robotCode', 'conversation', 'secretsMissing']);

/** The DingTalk security setting behind a refusal, named as in DingTalk's robot settings. */
function securitySetting(services: Services, refusal: TestRefusal): string | undefined {
  const { t } = services;
  switch (refusal) {
    case 'keyword':
      return t('Custom keywords (自定义关键词)');
    case 'sign':
    case 'clock':
      return t('Additional signature (加签)');
    case 'ip':
      return t('IP address (range) (IP地址（段）)');
    case 'security':
      return t('Security settings (安全设置)');
    default:
      return undefined;
  }
}

/** The robot field in DingTalk Sender behind a refusal. */
function robotField(services: Services, refusal: TestRefusal): string | undefined {
  const { t } = services;
  switch (refusal) {
    case 'token':
    case 'dissolved':
      return t('Webhook URL');
    case 'appCredentials':
      return t('AppKey and AppSecret');
    case 'robotCode':
      return t('robotCode');
    case 'conversation':
      return t('openConversationId');
    default:
      return undefined;
  }
}

function describeTestFailure(services: Services, robot: RobotRecord, error: unknown): string {
  const { t } = services;
  const refusal = testRefusal(error);
  const advice = error instanceof DingTalkError ? error.localized(services.language) : String(error);
  const setting = securitySetting(services, refusal);
  if (setting) {
    return t('Test of "{0}" failed — security setting “{1}”: {2}', robot.name, setting, advice);
  }
  const field = robotField(services, refusal);
  if (field) {
    return t('Test of "{0}" failed — robot setting “{1}”: {2}', robot.name, field, advice);
  }
  return t('Test of "{0}" failed: {1}', robot.name, advice);
}

async function sendTest(services: Services, record: RobotRecord): Promise<void> {
  const { ui, t, robots } = services;
  const robot = await robots.robot(record.id, services.settings().endpoints);
  const time = new Date().toLocaleTimeString();
  const text = t('DingTalk Sender test message ✅ Robot "{0}" works ({1}).', record.name, time);
  await ui.withProgress(t('Testing robot "{0}"…', record.name), (progress) => services.client().sendText(robot, text, { signal: progress.signal }));
}

/**
 * Sends a short test message straight through the client (no id: the user picks the robot). On a
 * refusal, names the security setting or robot field to change and offers Edit Robot and Test Again.
 * Resolves with true when the message arrived.
 */
export async function testRobot(services: Services, robotId?: string): Promise<boolean> {
  const { ui, t } = services;
  const record = await resolveRobot(services, robotId, t('Test which robot?'));
  if (!record) {
    return false;
  }
  try {
    await sendTest(services, record);
    void ui.info(t('Test message sent to "{0}". Check that it arrived in the DingTalk group.', record.name));
    return true;
  } catch (error) {
    const refusal = testRefusal(error);
    services.log.error(`Test of "${record.name}" failed: ${errorMessage(error)}`);
    if (refusal === 'cancelled') {
      return false;
    }
    const edit = t('Edit Robot');
    const again = t('Test Again');
    const action = await ui.error(describeTestFailure(services, record, error), ...(EDITABLE.has(refusal) ? [edit, again] : [again]));
    if (action === edit) {
      return (await services.flows.editRobot(record.id)) ? testRobot(services, record.id) : false;
    }
    return action === again ? testRobot(services, record.id) : false;
  }
}
