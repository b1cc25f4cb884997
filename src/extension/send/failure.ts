import { checkEndpoint, DingTalkError, errorMessage, type ErrorReason } from '../../core';
import type { Endpoints, RobotRecord } from '../robotStore';
import type { Services } from '../services';

/**
 * What the user fixes in the robot's own settings, so "Edit Robot" is offered: what DingTalk refused
 * (token, credentials, security settings), and problems of the robot's fields found before sending.
 * The endpoint settings are checked before a send, so an invalid URL found later is the robot's webhook URL.
 */
const ROBOT_PROBLEMS = new Set<ErrorReason>([
  'tokenUnknown',
  'robotDisabled',
  'groupDissolved',
  'keywordMissing',
  'wrongSecret',
  'clockSkew',
  'ipNotAllowed',
  'securityCheck',
  'appCredentialsWrong',
  'accessTokenRefused',
  'appCredentialsMissing',
  'secretsMissing',
  'secretMalformed',
  'webhookUrlInvalid',
  'urlInvalid',
]);

/** The endpoint settings, as the Settings editor names them. */
const ENDPOINT_SETTINGS: Array<{ key: keyof Endpoints; id: string; appOnly: boolean }> = [
  { key: 'oapiBaseUrl', id: 'dingtalk.oapiBaseUrl', appOnly: false },
  { key: 'apiBaseUrl', id: 'dingtalk.apiBaseUrl', appOnly: true },
];

export function offersEdit(error: unknown): boolean {
  return error instanceof DingTalkError && ROBOT_PROBLEMS.has(error.reason);
}

export function isCancelled(error: unknown): boolean {
  return error instanceof DingTalkError && error.reason === 'cancelled';
}

/** The endpoint setting this robot would send through that the core refuses, with the reason in the user's language. */
export function endpointProblem(services: Services, record: RobotRecord): { id: string; message: string } | undefined {
  const { t } = services;
  const endpoints = services.settings().endpoints;
  for (const { key, id, appOnly } of ENDPOINT_SETTINGS) {
    const value = endpoints[key];
    if (!value || (appOnly && record.kind !== 'app')) {
      continue;
    }
    try {
      const name = t('The setting {0}', id);
      checkEndpoint(value, { en: name, zh: name });
    } catch (error) {
      const reason = error instanceof DingTalkError ? error.localized(services.language) : String(error);
      return { id, message: `${reason} ${t('Nothing was sent: correct the setting, then send again.')}` };
    }
  }
  return undefined;
}

/** The failure in the user's language, with how far a split send got. */
export function describeFailure(
  services: Services,
  error: unknown,
  record: RobotRecord,
  progressNote?: (sent: number, total: number) => string,
): string {
  const { t } = services;
  if (!(error instanceof DingTalkError)) {
    return t('Sending to "{0}" failed unexpectedly: {1}. The "DingTalk" output channel has details.', record.name, errorMessage(error));
  }
  const message = error.localized(services.language);
  if (error.partial) {
    const { sent, total } = error.partial;
    return `${message} ${progressNote ? progressNote(sent, total) : t('{0} of {1} parts arrived; Retry sends the rest.', sent, total)}`;
  }
  if (error.reason === 'throttleTooLong') {
    return `${message} ${t('Your content is kept: Retry it later, from here or from the Sent History.')}`;
  }
  return message;
}
