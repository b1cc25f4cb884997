/** A coarse grouping of errors, kept for hosts written before `ErrorReason`. */
export type ErrorCategory =
  | 'auth'
  | 'keyword'
  | 'sign'
  | 'ip'
  | 'rate'
  | 'size'
  | 'content'
  | 'network'
  | 'server'
  | 'input';

/**
 * What went wrong, as the user has to act on it. Hosts switch on this, never on DingTalk's
 * errcodes: the core alone knows which codes mean what (docs/dingtalk-api.md lists them).
 */
export type ErrorReason =
  /** The webhook's access_token is unknown: the URL is wrong or the robot was deleted. */
  | 'tokenUnknown'
  | 'robotDisabled'
  | 'groupDissolved'
  /** The message has none of the robot's keywords. */
  | 'keywordMissing'
  /** DingTalk refused the signature: the signing secret is wrong or missing. */
  | 'wrongSecret'
  /** The signing secret does not look like one (it starts with "SEC"): refused before sending. */
  | 'secretMalformed'
  /** The signature was refused because this computer's clock is off. */
  | 'clockSkew'
  | 'ipNotAllowed'
  /** A security check DingTalk did not name (keywords, signing or IP allow-list). */
  | 'securityCheck'
  /** DingTalk issued no token: the AppKey or AppSecret is wrong. */
  | 'appCredentialsWrong'
  /** A webhook robot needs an AppKey and AppSecret for this (uploads), or only one of the two is given. */
  | 'appCredentialsMissing'
  /** DingTalk refused an access token, even a freshly fetched one. */
  | 'accessTokenRefused'
  /** The app robot's robotCode is missing or not one of this app's robots. */
  | 'robotCodeWrong'
  /** The app robot's group (openConversationId) is missing or unknown to DingTalk. */
  | 'conversationUnknown'
  /** The robot's webhook URL is not a DingTalk robot URL. */
  | 'webhookUrlInvalid'
  /** A URL (webhook or endpoint) is not a valid https URL. */
  | 'urlInvalid'
  | 'proxyInvalid'
  /** DingTalk says too many sends or calls: the robot's 20 a minute, or the app's API limits. */
  | 'throttled'
  /**
   * DingTalk throttles for longer than a send waits by itself (`THROTTLE_PATIENCE_MS`), or again after
   * it waited: nothing more was sent; send again later. Not `throttled`: nothing should wait it out.
   */
  | 'throttleTooLong'
  /** The organisation's monthly quota of DingTalk API calls is used up: waiting minutes will not help. */
  | 'quotaExhausted'
  | 'messageTooLong'
  /** Title, @mentions and keyword leave no room for content in a message. */
  | 'noRoomForContent'
  | 'fileTypeRefused'
  | 'fileTooLarge'
  | 'fileUnreadable'
  | 'fileEmpty'
  | 'fileIsFolder'
  /** The file changed while it was being sent. */
  | 'fileChanged'
  /** DingTalk's content moderation rejected the message. */
  | 'contentRejected'
  /** This robot does not take this message type (a webhook robot and files, an app robot and feed cards). */
  | 'messageTypeRefused'
  | 'serverBusy'
  /** DingTalk's answer was not one it gives (a proxy or gateway may be in the way). */
  | 'unexpectedAnswer'
  /** DingTalk could not be reached, or the connection broke. */
  | 'network'
  | 'timeout'
  | 'cancelled'
  /** The robot's secrets are not in the host's secret storage. */
  | 'secretsMissing'
  /** Input the user can correct: a field missing from a message or robot, a bad argument. */
  | 'malformedInput'
  /** The app lacks a permission the call needs; the message names it and where to add it. */
  | 'permissionMissing'
  /** DingTalk does not know the message's id (any more): unknown, expired, or another robot's or group's. */
  | 'messageUnknown'
  /** DingTalk has no read data for the message: not yet, or no longer. */
  | 'readStatusUnavailable'
  /** A custom group (webhook) robot: DingTalk cannot recall its messages or report who read them. */
  | 'recallUnsupported'
  /** A one-to-one message over 24 hours old: DingTalk neither recalls it nor reports its reads. */
  | 'recallWindowPassed'
  /** The send's answer never arrived, so there is no message id to recall or query by. */
  | 'noMessageIds'
  /** DingTalk refused the request's form: a bug in DingTalk Sender. */
  | 'senderBug'
  | 'unknown';

/**
 * The reasons of the codes the core (and its hosts) give errors of their own, and of the DingTalk codes
 * whose reason does not depend on the errmsg. 310000 is absent: its errmsg says which check failed.
 */
const REASONS: Record<string, ErrorReason> = {
  '300001': 'tokenUnknown',
  '300005': 'tokenUnknown',
  '400101': 'tokenUnknown',
  '400106': 'tokenUnknown',
  '400102': 'robotDisabled',
  '400013': 'groupDissolved',
  '400105': 'messageTypeRefused',
  'invalidParameter.msgKey.invalid': 'messageTypeRefused',
  unsupportedForApp: 'messageTypeRefused',
  '130101': 'throttled',
  '410100': 'throttled',
  '90002': 'throttled',
  '90005': 'throttled',
  '90006': 'throttled',
  '90018': 'throttled',
  '90020': 'quotaExhausted',
  'Forbidden.AccessDenied.ApiCountLimitForOrg': 'quotaExhausted',
  '460101': 'messageTooLong',
  '101002': 'messageTooLong',
  messageTooLong: 'messageTooLong',
  noRoomForContent: 'noRoomForContent',
  '430101': 'contentRejected',
  '430102': 'contentRejected',
  '430103': 'contentRejected',
  '430104': 'contentRejected',
  '-1': 'serverBusy',
  '500100': 'serverBusy',
  ServiceUnavailable: 'serverBusy',
  unexpectedAnswer: 'unexpectedAnswer',
  '40089': 'appCredentialsWrong',
  invalidClientIdOrSecret: 'appCredentialsWrong',
  needsAppCredentials: 'appCredentialsMissing',
  incompleteApp: 'appCredentialsMissing',
  '40001': 'accessTokenRefused',
  '40014': 'accessTokenRefused',
  '42001': 'accessTokenRefused',
  InvalidAuthentication: 'accessTokenRefused',
  'invalidParameter.robotCode.empty': 'robotCodeWrong',
  'robot.not.found': 'robotCodeWrong',
  'resource.not.found': 'conversationUnknown',
  'invalidParameter.openConversationId.empty': 'conversationUnknown',
  missingConversation: 'conversationUnknown',
  '40004': 'fileTypeRefused',
  '40005': 'fileTypeRefused',
  unsupportedMediaType: 'fileTypeRefused',
  '40006': 'fileTooLarge',
  fileTooLarge: 'fileTooLarge',
  fileUnreadable: 'fileUnreadable',
  emptyFile: 'fileEmpty',
  isFolder: 'fileIsFolder',
  fileChanged: 'fileChanged',
  '43004': 'senderBug',
  '401102': 'senderBug',
  '401103': 'senderBug',
  invalidSecret: 'secretMalformed',
  notRobotWebhook: 'webhookUrlInvalid',
  invalidUrl: 'urlInvalid',
  insecureUrl: 'urlInvalid',
  invalidProxy: 'proxyInvalid',
  connectFailed: 'network',
  networkError: 'network',
  timeout: 'timeout',
  cancelled: 'cancelled',
  secretsMissing: 'secretsMissing',
};

/** App API codes that say "too many calls" (Forbidden.AccessDenied.QpsLimitFor…, QpmLimit…, Throttling…). */
const THROTTLE_CODE = /qp[sm]limit|throttl|flowcontrol/i;

/** The reason of an error from its code, category and HTTP status. */
export function reasonOf(code: number | string, category: ErrorCategory, httpStatus?: number): ErrorReason {
  const key = String(code);
  const known = REASONS[key];
  if (known) {
    return known;
  }
  if (/openConversationId/i.test(key)) {
    return 'conversationUnknown';
  }
  if (httpStatus === 429 || THROTTLE_CODE.test(key)) {
    return 'throttled';
  }
  if (httpStatus !== undefined && httpStatus >= 500) {
    return 'serverBusy';
  }
  if (key.startsWith('invalidParameter') || category === 'input') {
    return 'malformedInput';
  }
  return 'unknown';
}
