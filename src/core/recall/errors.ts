import { DingTalkError, errorFromServer, type ErrorCategory, type ErrorReason, type ErrorText } from '../errors';

/** The permission every recall and read-status call needs (the one sends need too). */
export const ROBOT_PERMISSION = 'qyapi_robot_sendmsg';

interface Known {
  reason: ErrorReason;
  category: ErrorCategory;
  text: ErrorText;
}

const MESSAGE_UNKNOWN: Known = {
  reason: 'messageUnknown',
  category: 'input',
  text: {
    en: 'DingTalk does not know this message any more: its id is unknown or has expired, or it was sent by another robot or to another group. It can no longer be recalled or checked.',
    zh: '钉钉已找不到这条消息：消息 ID 未知或已过期，或它由其他机器人发送、发往其他群。已无法撤回或查询。',
  },
};

const ROBOT_GONE: Known = {
  reason: 'robotCodeWrong',
  category: 'auth',
  text: {
    en: 'DingTalk says this robot does not exist (any more): it was removed from the app, or the robotCode is wrong. Check the robot in the DingTalk developer console and edit the robot in DingTalk Sender.',
    zh: '钉钉提示该机器人不存在（或已被移除）：机器人已从应用中删除，或 robotCode 有误。请在钉钉开发者后台检查机器人，并在 DingTalk Sender 中编辑该机器人。',
  },
};

const GROUP_UNKNOWN: Known = {
  reason: 'conversationUnknown',
  category: 'auth',
  text: {
    en: 'DingTalk does not know the group this message went to (openConversationId): the group may have been dissolved, or the robot removed from it.',
    zh: '钉钉找不到这条消息所在的群（openConversationId）：群可能已解散，或机器人已被移出该群。',
  },
};

const SENDER_BUG: Known = {
  reason: 'senderBug',
  category: 'input',
  text: {
    en: 'DingTalk refused the parameters of the request. This is a bug in DingTalk Sender: please report it.',
    zh: '钉钉拒绝了请求参数。这是 DingTalk Sender 的缺陷，请反馈。',
  },
};

/** What the codes of the recall and read-status routes mean to the user; other codes mean what they mean for sends. */
const CODES: Record<string, Known> = {
  'invalid.processQueryKey': MESSAGE_UNKNOWN,
  'processQueryKey.expireTime': {
    reason: 'readStatusUnavailable',
    category: 'input',
    text: {
      en: 'DingTalk has no read status for this message: it is not ready yet (try again in a minute) or has expired (for one-to-one messages, 24 hours after sending).',
      zh: '钉钉暂无这条消息的已读状态：数据尚未生成（请稍后再试）或已过期（单聊消息在发送 24 小时后过期）。',
    },
  },
  'invalidParameter.robotCode.notExsit': ROBOT_GONE,
  'invalidParameter.robotCode.invalid': ROBOT_GONE,
  'invalid.openConversationId': GROUP_UNKNOWN,
  'openConversationId.notExisted': GROUP_UNKNOWN,
  'bot.stopped': {
    reason: 'robotDisabled',
    category: 'auth',
    text: {
      en: 'The robot is stopped in this group. Enable it again in the group\'s robot settings.',
      zh: '该机器人在群内已停用。请在群机器人设置中重新启用。',
    },
  },
};

function permissionMissing(scopes: string[]): Known {
  const names = (scopes.length ? scopes : [ROBOT_PERMISSION]).join(', ');
  return {
    reason: 'permissionMissing',
    category: 'auth',
    text: {
      en: `The robot's app lacks the permission ${names}. In the DingTalk developer console, open the app, go to Permissions, add "Permission for bots in your organization to send messages" (${ROBOT_PERMISSION}), and publish the app again.`,
      zh: `机器人所属应用缺少权限 ${names}。请在钉钉开发者后台打开该应用，进入“权限管理”，申请“企业内机器人发送消息权限”（${ROBOT_PERMISSION}），然后重新发布应用。`,
    },
  };
}

/** Maps an app API error answer of these routes to the error the user sees. `message` must already be redacted. */
export function recallApiError(code: string, message: string, httpStatus: number, requiredScopes: string[]): DingTalkError {
  const known =
    code === 'Forbidden.AccessDenied.AccessTokenPermissionDenied'
      ? permissionMissing(requiredScopes)
      : CODES[code] ?? (/^invalid(Parameter)?\./.test(code) ? SENDER_BUG : undefined);
  if (!known) {
    return errorFromServer(code, message, httpStatus);
  }
  return new DingTalkError({ code, ...known, httpStatus, detail: message });
}

function localError(code: string, reason: ErrorReason, text: ErrorText): DingTalkError {
  return new DingTalkError({ code, reason, category: 'input', text });
}

export function webhookCannotRecall(): DingTalkError {
  return localError('webhookCannotRecall', 'recallUnsupported', {
    en: 'DingTalk cannot recall messages sent by a custom group (webhook) robot, nor say who read them. Send through an enterprise app robot to be able to do both.',
    zh: '钉钉不支持撤回自定义群机器人（Webhook）发送的消息，也无法查询已读情况。如需这两项功能，请改用企业内部应用机器人发送。',
  });
}

export function noMessageIds(): DingTalkError {
  return localError('noMessageIds', 'noMessageIds', {
    en: 'DingTalk Sender has no message id for this send (DingTalk\'s answer never arrived), so DingTalk cannot be asked to recall it or to say who read it.',
    zh: 'DingTalk Sender 没有这次发送的消息 ID（未收到钉钉的响应），因此无法请求钉钉撤回或查询已读情况。',
  });
}

export function missingConversation(): DingTalkError {
  return localError('missingConversation', 'conversationUnknown', {
    en: 'The group (openConversationId) the message was sent to is not known, and the robot has none.',
    zh: '未知消息发往的群（openConversationId），机器人也未设置群会话 ID。',
  });
}

/** One-to-one messages can be recalled, and their reads listed, only within 24 hours of sending. */
export function outsideWindowText(action: 'recall' | 'readStatus', sentAt: number): ErrorText {
  const when = new Date(sentAt).toISOString().replace('T', ' ').slice(0, 16);
  return action === 'recall'
    ? {
        en: `DingTalk recalls one-to-one messages only within 24 hours of sending; this one was sent at ${when} UTC, so it stays.`,
        zh: `钉钉仅支持撤回发送后 24 小时内的单聊消息；这条消息发送于 ${when}（UTC），已无法撤回。`,
      }
    : {
        en: `DingTalk reports who read a one-to-one message only within 24 hours of sending; this one was sent at ${when} UTC.`,
        zh: `钉钉仅提供发送后 24 小时内单聊消息的已读情况；这条消息发送于 ${when}（UTC）。`,
      };
}

export function outsideWindow(action: 'recall' | 'readStatus', sentAt: number): DingTalkError {
  return localError(action === 'recall' ? 'recallWindowPassed' : 'readStatusWindowPassed', 'recallWindowPassed', outsideWindowText(action, sentAt));
}
