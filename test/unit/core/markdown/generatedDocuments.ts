/**
 * Markdown documents made from a seed, mixing what makes reading in sections risky: link references and
 * footnotes used before and after their definitions (in lists, quotes, tables, footnotes), labels that
 * differ only in case, definitions given twice, definitions that are not ones (after a paragraph, in
 * code, in HTML), nested lists with blank lines, lazy lines, math, front matter, CRLF and tabs.
 * The same seed always gives the same document.
 */

import { seededRandom } from '../../../support/seededRandom';

const LABELS = ['guide', 'Guide', 'GUIDE', 'pic', 'Pic', 'ẞ', 'ss', 'Σ', 'σ', 'two words', 'Two  Words', 'constructor', '__proto__', 'toString', 'x'];
const NOTES = ['a', 'b', 'A', 'n1', 'loop', 'constructor', '中'];
const TARGETS = ['https://example.com/one', 'https://example.com/two "Two"', './images/pic.png', './images/missing.png', './docs/page.md', '../outside.md', '<https://example.com/angle>'];

export function generateDocument(seed: number): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number): boolean => random() < p;
  const label = (): string => pick(LABELS);
  const note = (): string => pick(NOTES);

  function inline(): string {
    const parts: string[] = [pick(['Text', '中文', 'Some *emphasis*', 'A `code` span', 'Words'])];
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++) {
      parts.push(
        pick([
          `[${label()}]`,
          `[text][${label()}]`,
          `[${label()}][]`,
          `![alt][${label()}]`,
          `![${label()}]`,
          `[^${note()}]`,
          `^[inline ${pick(['note', `with [^${note()}]`, `with [${label()}]`])}]`,
          '![local](./images/pic.png)',
          '![gone](./images/missing-inline.png)',
          'plain',
          '$x^2$',
          '<b>bold</b>',
        ]),
      );
    }
    return parts.join(' ');
  }

  const definition = (): string => `${chance(0.3) ? ' '.repeat(1 + Math.floor(random() * 3)) : ''}[${label()}]:${chance(0.2) ? '\n' : ' '}${pick(TARGETS)}`;
  const footnoteDefinition = (): string =>
    `[^${note()}]: ${inline()}${chance(0.3) ? `\n\n    Second paragraph ${inline()}` : ''}${chance(0.2) ? `\n    - listed [${label()}]` : ''}`;

  function list(depth: number): string {
    const ordered = chance(0.4);
    const items: string[] = [];
    const count = 1 + Math.floor(random() * 3);
    const indent = ordered ? '   ' : '  ';
    for (let i = 0; i < count; i++) {
      const marker = ordered ? `${i + 1}.` : pick(['-', '*', '+']);
      let item = `${marker} ${chance(0.2) ? pick(['[ ] ', '[x] ']) : ''}${chance(0.2) ? definition() : chance(0.15) ? footnoteDefinition() : inline()}`;
      if (chance(0.2)) {
        item += `\nlazy ${inline()}`;
      }
      if (chance(0.25)) {
        item += `\n\n${indent}${chance(0.3) ? definition() : inline()}`;
      }
      if (depth < 2 && chance(0.3)) {
        item += `\n${chance(0.4) ? '\n' : ''}${list(depth + 1)
          .split('\n')
          .map((line) => (line ? indent + line : line))
          .join('\n')}`;
      }
      items.push(item);
    }
    return items.join(chance(0.4) ? '\n\n' : '\n');
  }

  function quote(): string {
    const lines = [inline(), chance(0.3) ? definition() : inline()];
    if (chance(0.3)) {
      lines.push('', `> ${inline()}`);
    }
    let text = lines.map((line) => (line ? `> ${line}` : '>')).join('\n');
    if (chance(0.3)) {
      text += `\nlazy ${inline()}`;
    }
    return text;
  }

  const block = (): string =>
    pick([
      inline,
      inline,
      definition,
      definition,
      footnoteDefinition,
      footnoteDefinition,
      () => list(0),
      quote,
      () => `${inline()}\n${definition()}`,
      () => `${definition()}\n${definition()}\n${inline()}`,
      () => `# Heading ${inline()}`,
      () => `${inline()}\n${pick(['===', '---'])}`,
      () => `${definition()}\n===`,
      () => `\`\`\`\n${definition()}\n\n[^${note()}]: in code\n\`\`\``,
      () => `    ${definition()}\n\n    [^${note()}]: indented code`,
      () => `<div>\n${definition()}\n[${label()}]\n</div>`,
      () => `<details>\n\n${inline()}\n\n</details>`,
      () => `| a | b |\n| --- | --- |\n| ${inline().replace(/\|/g, '')} | [${label()}] |`,
      () => `$$\n${definition()}\na^2\n$$`,
      () => '---',
      () => `\t${inline()}`,
      () => `- \t${inline()}\n\n\t${definition()}`,
    ])();

  const blocks: string[] = [];
  const count = 3 + Math.floor(random() * 10);
  for (let i = 0; i < count; i++) {
    blocks.push(block());
  }
  let text = blocks.map((b, i) => (i === 0 ? b : (chance(0.8) ? '\n\n' : '\n') + b)).join('');
  if (chance(0.2)) {
    text = `---\ntitle: Seed ${seed}\n---\n\n${text}`;
  }
  if (chance(0.2)) {
    text = text.replace(/\n/g, '\r\n');
  }
  return text + (chance(0.5) ? '\n' : '');
}
