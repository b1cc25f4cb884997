import type MarkdownIt from 'markdown-it';

type StateBlock = MarkdownIt.StateBlock;
type StateInline = MarkdownIt.StateInline;

/**
 * Inline math as VS Code's preview reads it (markdown-it-katex): `$` followed by a non-space opens, and
 * the next unescaped `$` must close, with a non-space before it and no digit after it; otherwise the
 * `$` is text, so "$5 and $10" stays text. `$$…$$` inside a paragraph closes at the next `$$`.
 */
function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src[pos] !== '$') {
    return false;
  }
  const double = src[pos + 1] === '$';
  const open = double ? 2 : 1;
  if (!double && /\s/.test(src[pos + 1] ?? ' ')) {
    return false;
  }
  const marker = double ? '$$' : '$';
  let close = src.indexOf(marker, pos + open);
  while (close > 0 && src[close - 1] === '\\') {
    close = src.indexOf(marker, close + 1);
  }
  if (close < 0 || close >= posMax || close === pos + open) {
    return false;
  }
  if (!double && (/\s/.test(src[close - 1]) || /[0-9]/.test(src[close + 1] ?? ''))) {
    return false;
  }
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(pos + open, close);
    token.markup = double ? '$$' : '$';
  }
  state.pos = close + open;
  return true;
}

/** A `$$` display block: from a line starting with `$$` to the line ending with `$$`, with no blank line between. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4 || !state.src.startsWith('$$', start)) {
    return false;
  }
  const first = state.src.slice(start + 2, state.eMarks[startLine]).trim();
  let content: string;
  let last = startLine;
  if (first.length >= 2 && first.endsWith('$$')) {
    content = first.slice(0, -2);
  } else {
    let closing: string | undefined;
    while (closing === undefined) {
      last += 1;
      if (last >= endLine || state.isEmpty(last) || state.sCount[last] < state.blkIndent) {
        return false;
      }
      const line = state.src.slice(state.bMarks[last] + state.tShift[last], state.eMarks[last]).trimEnd();
      if (line.endsWith('$$')) {
        closing = line.slice(0, -2);
      }
    }
    const middle = state.getLines(startLine + 1, last, state.sCount[startLine], false);
    content = [first, middle, closing].filter((part) => part.trim()).join('\n');
  }
  if (silent) {
    return true;
  }
  state.line = last + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content.trim();
  token.markup = '$$';
  token.map = [startLine, state.line];
  return true;
}

/** Math as VS Code's preview reads it, so `$$` blocks can become ```math fences and `$x$` stays intact. */
export function mathPlugin(md: MarkdownIt.MarkdownIt): void {
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.inline.ruler.after('escape', 'math_inline', mathInline);
}
