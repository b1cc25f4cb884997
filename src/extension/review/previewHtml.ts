import MarkdownIt from 'markdown-it';
import { unescapeHtmlText } from '../../core';
import type { PreviewModel } from '../ports';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The one escaper of the page's own text and attributes (markdown-it escapes what it renders). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/**
 * Roughly what DingTalk's chat renders: no raw HTML, URLs made links. Images become a labelled
 * placeholder rather than a load, so merely previewing a send contacts no server (a tracking
 * pixel, an intranet host); the page's CSP forbids every load anyway.
 */
const md = new MarkdownIt({ html: false, linkify: true });
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  return `<span class="image" title="${escapeHtml(String(token.attrGet('src') ?? ''))}">🖼 ${escapeHtml(alt)}</span>`;
};

// What is sent is HTML-escaped inside code too, and DingTalk's desktop reads HTML there, so a `&lt;`
// in code shows as `<` (docs/dingtalk-api.md §11); markdown-it would show it as written.
for (const rule of ['fence', 'code_block', 'code_inline'] as const) {
  const render = md.renderer.rules[rule];
  md.renderer.rules[rule] = (tokens, idx, options, env, self) => {
    tokens[idx].content = unescapeHtmlText(tokens[idx].content);
    return render ? render(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
}

const STYLE = `
  :root { color-scheme: light dark; }
  body { margin: 0; padding: 0; min-height: 100vh; display: flex; flex-direction: column; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); }
  header { display: flex; align-items: center; gap: 10px; padding: 10px 16px; border-bottom: 1px solid var(--vscode-panel-border, transparent); background: var(--vscode-sideBar-background, var(--vscode-editor-background)); }
  header h1 { margin: 0; font-size: 1.1em; font-weight: 600; }
  header p { margin: 2px 0 0; font-size: 0.9em; color: var(--vscode-descriptionForeground); }
  .avatar { flex: none; width: 36px; height: 36px; border-radius: 50%; display: flex; align-items: center; justify-content: center; background: #3296fa; color: #fff; font-weight: 600; }
  main { flex: 1; display: flex; flex-direction: column; gap: 14px; padding: 16px; }
  .message { display: flex; gap: 10px; align-items: flex-start; }
  .content { flex: 1; min-width: 0; }
  .sender { margin-bottom: 4px; font-size: 0.85em; color: var(--vscode-descriptionForeground); }
  .bubble { width: fit-content; max-width: min(680px, 100%); box-sizing: border-box; padding: 8px 12px; border-radius: 2px 10px 10px 10px; border: 1px solid var(--vscode-editorWidget-border, var(--vscode-contrastBorder, transparent)); background: var(--vscode-editorWidget-background); overflow-wrap: anywhere; }
  .bubble.text { white-space: pre-wrap; }
  .bubble.image { padding: 4px; }
  .bubble.image img { display: block; max-width: 100%; height: auto; }
  .bubble > :first-child { margin-top: 0; }
  .bubble > :last-child { margin-bottom: 0; }
  .bubble h1, .bubble h2, .bubble h3, .bubble h4, .bubble h5, .bubble h6 { margin: 0.6em 0 0.4em; line-height: 1.3; }
  .bubble pre { padding: 8px; overflow-x: auto; border-radius: 4px; background: var(--vscode-textCodeBlock-background); }
  .bubble code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  .bubble a { color: var(--vscode-textLink-foreground); }
  .bubble blockquote { margin: 0; padding-left: 10px; border-left: 3px solid var(--vscode-textBlockQuote-border, var(--vscode-descriptionForeground)); color: var(--vscode-descriptionForeground); }
  .bubble table { border-collapse: collapse; }
  .bubble th, .bubble td { padding: 2px 8px; border: 1px solid var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); }
  .image { display: inline-block; padding: 1px 6px; border: 1px dashed var(--vscode-descriptionForeground); border-radius: 4px; color: var(--vscode-descriptionForeground); }
  .file { display: flex; align-items: center; gap: 10px; min-width: 220px; }
  .file .icon { flex: none; width: 34px; height: 40px; display: flex; align-items: flex-end; justify-content: center; padding-bottom: 4px; box-sizing: border-box; border-radius: 3px; background: #3296fa; color: #fff; font-size: 0.7em; font-weight: 600; }
  .file .name { font-weight: 600; }
  .file .size { font-size: 0.85em; color: var(--vscode-descriptionForeground); }
  footer { position: sticky; bottom: 0; display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 16px; padding: 10px 16px; border-top: 1px solid var(--vscode-panel-border, transparent); background: var(--vscode-editor-background); }
  .summary { margin: 0; color: var(--vscode-descriptionForeground); }
  .notes { flex-basis: 100%; margin: 0; padding: 6px 10px; list-style: none; border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700); background: var(--vscode-inputValidation-warningBackground, transparent); }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; }
  button { font: inherit; padding: 4px 14px; border-radius: 2px; cursor: pointer; border: 1px solid var(--vscode-button-border, transparent); color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
`;

/** Posts the button pressed; Escape cancels. Send has the focus, so Enter sends. */
const SCRIPT = `
  const vscode = acquireVsCodeApi();
  const answer = (value) => vscode.postMessage({ answer: value });
  for (const button of document.querySelectorAll('button[data-answer]')) {
    button.addEventListener('click', () => answer(button.dataset.answer));
  }
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      answer('cancel');
    }
  });
  document.getElementById('send').focus();
`;

/** The file card's badge: the extension, as DingTalk's file icons show it. */
function badge(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1, dot + 5).toUpperCase() : '';
}

function bubbles(model: PreviewModel): string[] {
  if (model.image) {
    return [`<div class="bubble image"><img src="${escapeHtml(model.image)}" alt="${escapeHtml(model.files[0]?.name ?? '')}"></div>`, ...model.messages.map((message) => `<div class="bubble markdown">${md.render(message)}</div>`)];
  }
  if (model.files.length > 0) {
    return model.files.map(
      (file) =>
        `<div class="bubble file"><span class="icon" aria-hidden="true">${escapeHtml(badge(file.name))}</span>` +
        `<div><div class="name">${escapeHtml(file.name)}</div><div class="size">${escapeHtml(file.size)}</div></div></div>`,
    );
  }
  return model.messages.map((message) =>
    model.format === 'markdown' ? `<div class="bubble markdown">${md.render(message)}</div>` : `<div class="bubble text">${escapeHtml(message)}</div>`,
  );
}

/**
 * The preview page: the robot's chat with each message as a bubble, what to know before sending,
 * the summary, and the answers (with the other form of a snippet, when offered). Only the nonce'd style and script run, and nothing is loaded (an image send's PNG is inline, as a data: URI, which only its page allows).
 */
export function previewHtml(model: PreviewModel, nonce: string): string {
  const name = escapeHtml(model.robot.name);
  const avatar = `<div class="avatar" aria-hidden="true">${escapeHtml(Array.from(model.robot.name.trim())[0] ?? '')}</div>`;
  const messages = bubbles(model).map((bubble) => `<div class="message">${avatar}<div class="content"><div class="sender">${name}</div>${bubble}</div></div>`);
  const images = model.image ? ' img-src data:;' : '';
  const csp = `default-src 'none';${images} style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`;
  const { labels } = model;
  const notes = model.notes.length ? `<ul class="notes" role="note">${model.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>\n` : '';
  const other = model.other
    ? `<button class="secondary" id="other" data-answer="other" title="${escapeHtml(model.other.hint)}">${escapeHtml(model.other.label)}</button>\n`
    : '';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(model.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(model.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>${avatar}<div><h1>${name}</h1><p>${escapeHtml(model.robot.detail)}</p></div></header>
<main aria-label="${escapeHtml(labels.messages)}">
${messages.join('\n')}
</main>
<footer>
${notes}<p class="summary" id="summary">${escapeHtml(model.summary)}</p>
<div class="actions">
<button id="send" data-answer="send" aria-describedby="summary">${escapeHtml(labels.send)}</button>
<button class="secondary" data-answer="cancel">${escapeHtml(labels.cancel)}</button>
${other}<button class="secondary" data-answer="dontAsk" title="${escapeHtml(labels.dontAskHint)}">${escapeHtml(labels.dontAsk)}</button>
</div>
</footer>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
