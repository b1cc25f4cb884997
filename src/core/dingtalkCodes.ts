/** What each DingTalk errcode (webhook, oapi) and app API code means, in the user's words. */
import type { ErrorText } from './language';
import { reasonOf, type ErrorCategory, type ErrorReason } from './reasons';

/** What a DingTalk code means for the user: how to group it, what to tell them, whether to try again. */
export interface CodeInfo {
  category: ErrorCategory;
  text: ErrorText;
  retryable?: boolean;
  clockSkew?: boolean;
  /** Only where the code alone does not say it (310000); otherwise `reasonOf` knows. */
  reason?: ErrorReason;
}

const TOKEN_MISSING: CodeInfo = {
  category: 'auth',
  text: {
    en: 'DingTalk does not know this robot\'s access_token: the webhook URL is wrong or the robot was deleted. Copy the webhook URL again from the group\'s robot settings and edit the robot.',
    zh: '钉钉找不到该机器人的 access_token：Webhook 地址有误或机器人已被删除。请在群机器人设置中重新复制 Webhook 地址并编辑机器人。',
  },
};
const RATE: CodeInfo = {
  category: 'rate',
  text: {
    en: 'DingTalk says this robot sends too fast (more than 20 messages a minute) and throttles it for about 10 minutes. Wait, then send again; queued messages are kept.',
    zh: '钉钉提示该机器人发送过快（每分钟超过 20 条），将被限流约 10 分钟。请稍后再发；排队中的消息不会丢失。',
  },
};
const TOO_LONG: CodeInfo = {
  category: 'size',
  text: {
    en: 'The message is longer than DingTalk accepts (20000 bytes). Send less, or send it as a file.',
    zh: '消息超过钉钉允许的长度（20000 字节）。请减少内容，或以文件形式发送。',
  },
};
const BUSY: CodeInfo = {
  category: 'server',
  retryable: true,
  text: {
    en: 'DingTalk is busy or had an internal error. Try again in a moment.',
    zh: '钉钉服务繁忙或内部错误，请稍后重试。',
  },
};
const TOKEN_INVALID: CodeInfo = {
  category: 'auth',
  text: {
    en: 'DingTalk refused the access token even after fetching a new one. Check the AppKey and AppSecret, and that the app is still enabled.',
    zh: '重新获取后钉钉仍拒绝访问凭证。请检查 AppKey 与 AppSecret，并确认应用仍处于启用状态。',
  },
};
/** The app's own API limits (per second or minute), not the robot's 20 a minute. */
const APP_THROTTLED: CodeInfo = {
  category: 'rate',
  text: {
    en: 'DingTalk says this app calls its API too often. Wait a minute, then send again.',
    zh: '钉钉提示该应用调用接口过于频繁。请稍等一分钟后重新发送。',
  },
};
const QUOTA_EXHAUSTED: CodeInfo = {
  category: 'rate',
  text: {
    en: 'DingTalk says the organisation\'s monthly quota of API calls is used up. Sending through this app works again next month, or after the DingTalk edition is upgraded.',
    zh: '钉钉提示本组织本月的接口调用次数已用完。下月或升级钉钉版本后，才能再通过该应用发送。',
  },
};
const CONVERSATION_UNKNOWN: CodeInfo = {
  category: 'input',
  text: {
    en: 'DingTalk does not know this app robot\'s group (openConversationId), or the robot is not in it. Add the robot to the group, copy the group\'s openConversationId again and edit the robot.',
    zh: '钉钉找不到该应用机器人的群（openConversationId），或机器人不在该群中。请将机器人加入群聊，重新复制群的 openConversationId 并编辑机器人。',
  },
};
const BAD_FILE_FIELDS: CodeInfo = {
  category: 'input',
  text: {
    en: 'DingTalk refused the file message because a field was missing. This is a bug in DingTalk Sender: please report it.',
    zh: '钉钉因缺少字段拒绝了文件消息。这是 DingTalk Sender 的缺陷，请反馈。',
  },
};

function moderation(what: string, zhWhat: string): CodeInfo {
  return {
    category: 'content',
    text: {
      en: `DingTalk's content check rejected the message (${what}). Change the content and send again.`,
      zh: `钉钉内容审核拒绝了该消息（${zhWhat}）。请修改内容后重新发送。`,
    },
  };
}

export const CODES: Record<string, CodeInfo> = {
  '300001': TOKEN_MISSING,
  '300005': TOKEN_MISSING,
  '400101': TOKEN_MISSING,
  '400102': {
    category: 'auth',
    text: {
      en: 'This robot is disabled. Enable it again in the group\'s robot settings.',
      zh: '该机器人已被停用。请在群机器人设置中重新启用。',
    },
  },
  '400105': {
    category: 'content',
    text: {
      en: 'This robot does not accept this message type. An enterprise app robot sends files and images reliably.',
      zh: '该机器人不支持此消息类型。企业内部应用机器人可以稳定发送文件和图片。',
    },
  },
  '400106': {
    category: 'auth',
    text: {
      en: 'The robot no longer exists. Add it to the group again and update the webhook URL.',
      zh: '机器人已不存在。请重新添加到群中并更新 Webhook 地址。',
    },
  },
  '400013': {
    category: 'auth',
    text: {
      en: 'The group this robot belongs to was dissolved. Use a robot of another group.',
      zh: '该机器人所在的群已解散。请使用其他群的机器人。',
    },
  },
  '130101': RATE,
  '410100': RATE,
  '460101': TOO_LONG,
  '101002': TOO_LONG,
  '430101': moderation('a link', '链接'),
  '430102': moderation('the text', '文本'),
  '430103': moderation('an image', '图片'),
  '430104': moderation('other content', '其他内容'),
  '-1': BUSY,
  '500100': BUSY,
  '40089': {
    category: 'auth',
    text: {
      en: 'DingTalk rejected the AppKey or AppSecret. Copy both again from the app\'s page in the DingTalk developer console and edit the robot.',
      zh: '钉钉拒绝了 AppKey 或 AppSecret。请在钉钉开发者后台的应用页面重新复制并编辑机器人。',
    },
  },
  '40001': TOKEN_INVALID,
  '40014': TOKEN_INVALID,
  '42001': TOKEN_INVALID,
  InvalidAuthentication: TOKEN_INVALID,
  invalidClientIdOrSecret: {
    category: 'auth',
    text: {
      en: 'DingTalk rejected the AppKey or AppSecret of this app robot. Copy both again from the developer console and edit the robot.',
      zh: '钉钉拒绝了该应用机器人的 AppKey 或 AppSecret。请在开发者后台重新复制并编辑机器人。',
    },
  },
  '40004': {
    category: 'input',
    text: { en: 'DingTalk refused the media type of this upload.', zh: '钉钉拒绝了该上传的媒体类型。' },
  },
  '40005': {
    category: 'input',
    text: { en: 'DingTalk does not accept this file type.', zh: '钉钉不接受此文件类型。' },
  },
  '40006': {
    category: 'size',
    text: { en: 'The file is larger than DingTalk accepts (20 MB).', zh: '文件超过钉钉允许的大小（20 MB）。' },
  },
  '400304': {
    category: 'input',
    text: { en: 'A link message needs a link URL.', zh: '链接消息需要链接地址。' },
  },
  '401102': BAD_FILE_FIELDS,
  '401103': BAD_FILE_FIELDS,
  '43004': {
    category: 'input',
    text: {
      en: 'DingTalk refused the request format. This is a bug in DingTalk Sender: please report it.',
      zh: '钉钉拒绝了请求格式。这是 DingTalk Sender 的缺陷，请反馈。',
    },
  },
  '40035': {
    category: 'input',
    text: {
      en: 'DingTalk says a required field is missing from the message.',
      zh: '钉钉提示消息缺少必填字段。',
    },
  },
  ServiceUnavailable: BUSY,
  '90002': APP_THROTTLED,
  '90005': APP_THROTTLED,
  '90006': APP_THROTTLED,
  '90018': APP_THROTTLED,
  '90020': QUOTA_EXHAUSTED,
  'Forbidden.AccessDenied.ApiCountLimitForOrg': QUOTA_EXHAUSTED,
  'robot.not.found': {
    category: 'input',
    text: {
      en: 'DingTalk does not know this robotCode for this app. Copy the robotCode again from the app\'s robot page in the developer console and edit the robot.',
      zh: '钉钉在该应用下找不到此 robotCode。请在开发者后台的应用机器人页面重新复制 robotCode 并编辑机器人。',
    },
  },
  'resource.not.found': CONVERSATION_UNKNOWN,
  'invalidParameter.openConversationId.empty': CONVERSATION_UNKNOWN,
  'invalidParameter.robotCode.empty': {
    category: 'input',
    text: { en: 'The app robot has no robotCode. Edit the robot and enter it.', zh: '应用机器人缺少 robotCode。请编辑机器人并填写。' },
  },
  'invalidParameter.msgKey.invalid': {
    category: 'input',
    text: { en: 'DingTalk does not know this message kind for app robots.', zh: '应用机器人不支持此消息类型。' },
  },
  'invalidParameter.msgParam.invalid': {
    category: 'input',
    text: { en: 'DingTalk refused the message content for the app robot.', zh: '钉钉拒绝了应用机器人的消息内容。' },
  },
};

/** 310000 covers four different checks; the errmsg (English or Chinese) says which one failed. */
function securityCheck(errmsg: string): CodeInfo {
  // Newer answers read "description:…;solution:…", and the solution names other checks
  // (a wrong signature's solution mentions the timestamp): classify on the description only.
  const m = errmsg.split(/solution|解决方案/i)[0].toLowerCase();
  const signMismatch = /sign not match|签名不匹配/.test(m);
  if (/keyword|关键词/.test(m)) {
    return {
      category: 'keyword',
      reason: 'keywordMissing',
      text: {
        en: 'The message has none of the robot\'s keywords. Add the keywords set in the group\'s robot security settings to this robot in DingTalk Sender.',
        zh: '消息不包含机器人的任何关键词。请在 DingTalk Sender 中为该机器人填写群机器人安全设置里的关键词。',
      },
    };
  }
  if (!signMismatch && /timestamp|时间戳|过期|expire/.test(m)) {
    return {
      category: 'sign',
      reason: 'clockSkew',
      clockSkew: true,
      text: {
        en: 'DingTalk says the signature timestamp is too far from its clock. Set this computer\'s clock right (within an hour) and send again.',
        zh: '钉钉提示签名时间戳与服务器时间相差过大。请校准本机时间（误差一小时以内）后重试。',
      },
    };
  }
  if (/\bip\b|whitelist|白名单/.test(m)) {
    return {
      category: 'ip',
      reason: 'ipNotAllowed',
      text: {
        en: 'This computer\'s IP address is not in the robot\'s IP allow-list. Add it in the group\'s robot security settings, or send from an allowed network.',
        zh: '本机 IP 不在机器人的 IP 白名单中。请在群机器人安全设置中添加，或在允许的网络中发送。',
      },
    };
  }
  if (/sign|签名/.test(m)) {
    return {
      category: 'sign',
      reason: 'wrongSecret',
      text: {
        en: 'DingTalk rejected the signature: the signing secret is wrong, or the robot has signing on and no secret is set. Copy the SEC… secret again from the robot\'s security settings and edit the robot.',
        zh: '钉钉拒绝了签名：加签密钥错误，或机器人开启了加签但未填写密钥。请在机器人安全设置中重新复制 SEC 开头的密钥并编辑机器人。',
      },
    };
  }
  return {
    category: 'auth',
    reason: 'securityCheck',
    text: {
      en: 'DingTalk\'s security check refused the message (keywords, signing or IP allow-list). Check the robot\'s security settings.',
      zh: '钉钉安全校验拒绝了该消息（关键词、加签或 IP 白名单）。请检查机器人的安全设置。',
    },
  };
}

/** What a DingTalk answer with this code means. `errmsg` must already be redacted. */
export function codeInfo(key: string, errmsg: string, httpStatus?: number): CodeInfo {
  if (key === '310000') {
    return securityCheck(errmsg);
  }
  const known = CODES[key];
  if (known) {
    return known;
  }
  // DingTalk's exact code for an unknown group is not documented: any code naming the field gets the advice.
  if (/openConversationId/i.test(key)) {
    return CONVERSATION_UNKNOWN;
  }
  if (key.startsWith('invalidParameter')) {
    return CODES['invalidParameter.msgParam.invalid'];
  }
  if (reasonOf(key, 'content', httpStatus) === 'throttled') {
    return APP_THROTTLED;
  }
  const server = httpStatus !== undefined && httpStatus >= 500;
  return {
    category: server ? 'server' : 'content',
    retryable: server,
    text: {
      en: `DingTalk refused the message (${key}: ${errmsg}).`,
      zh: `钉钉拒绝了该消息（${key}：${errmsg}）。`,
    },
  };
}
