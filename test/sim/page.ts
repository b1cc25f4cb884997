import { isObject } from './replies';
import type { DeliveredMessage } from './types';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function robotLabel(message: DeliveredMessage): string {
  const robot = message.robot.length > 16 ? `${message.robot.slice(0, 8)}…` : message.robot;
  if (message.channel === 'group') {
    return `${robot} → ${message.conversation ?? ''}`;
  }
  return message.channel === 'oto' ? `${robot} → ${(message.userIds ?? []).join(', ')}` : robot;
}

/** What a reader of the group would mostly see: text, title + text, or the raw fields. */
function contentOf(message: DeliveredMessage): string {
  const part: unknown = message.channel === 'webhook' ? message.body[message.type] : message.body;
  if (!isObject(part)) {
    return '';
  }
  if (typeof part.content === 'string') {
    return part.content;
  }
  if (typeof part.text === 'string') {
    return [part.title, part.text].filter((s) => typeof s === 'string').join('\n\n');
  }
  return JSON.stringify(part, null, 2);
}

function recalledLabel(message: DeliveredMessage): string {
  return message.recalledAt === undefined ? '' : ` · <b class="recalled-label">recalled · 已撤回 ${escapeHtml(new Date(message.recalledAt).toISOString())}</b>`;
}

export function renderPage(messages: DeliveredMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) => `<article>
<header><b>${escapeHtml(m.channel)}</b> · ${escapeHtml(robotLabel(m))} · <code>${escapeHtml(m.type)}</code> · ${escapeHtml(new Date(m.at).toISOString())}${recalledLabel(m)}</header>
<pre${m.recalledAt === undefined ? '' : ' class="recalled"'}>${escapeHtml(contentOf(m))}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="2">
<title>DingTalk simulator · 钉钉模拟器</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; background: #f5f6f7; }
article { background: #fff; border-radius: 6px; padding: .75rem 1rem; margin-bottom: .75rem; box-shadow: 0 1px 2px #0002; }
header { color: #555; font-size: .9rem; }
pre { white-space: pre-wrap; word-break: break-word; margin: .5rem 0 0; }
pre.recalled { text-decoration: line-through; color: #999; }
.recalled-label { color: #c0392b; }
</style>
</head>
<body>
<h1>DingTalk simulator · 钉钉模拟器</h1>
<p>${messages.length} message(s) received, newest first. 已收到 ${messages.length} 条消息（最新在前）。</p>
${rows || '<p><i>No messages yet. 暂无消息。</i></p>'}
</body>
</html>
`;
}
