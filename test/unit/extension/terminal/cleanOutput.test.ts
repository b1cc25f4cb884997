import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cleanTerminalOutput, shortenOutput } from '../../../../src/extension/terminal/cleanOutput';
import { GitSandbox } from '../gitRepos';

const ESC = '\x1b';
const BEL = '\x07';

describe('terminal/cleanOutput', () => {
  it('removes colors and styles as git prints them to a terminal', () => {
    const sandbox = new GitSandbox();
    try {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      sandbox.commit(dir, { 'a.txt': 'b\n' }, '第二个提交');
      const colored = sandbox.git(dir, '-c', 'color.ui=always', 'log', '--graph', '--decorate', '--oneline');
      const plain = sandbox.git(dir, '-c', 'color.ui=never', 'log', '--graph', '--decorate', '--oneline');
      assert.ok(colored.includes(`${ESC}[`), 'git wrote escape sequences');
      assert.equal(cleanTerminalOutput(colored), plain);
    } finally {
      sandbox.dispose();
    }
  });

  it('removes colors as ls prints them', () => {
    const colored = execFileSync('ls', ['--color=always', '-1', '/'], { encoding: 'utf8' });
    const plain = execFileSync('ls', ['--color=never', '-1', '/'], { encoding: 'utf8' });
    assert.equal(cleanTerminalOutput(colored), plain.trimEnd());
  });

  it('keeps what a progress bar finally showed, redrawn with carriage returns and erase-line', () => {
    const output = `Downloading\r\n[#     ] 10%\r[###   ] 50%\r[######] 100%${ESC}[K\r\nDone in 2.1s\r\n`;
    assert.equal(cleanTerminalOutput(output), 'Downloading\n[######] 100%\nDone in 2.1s');
    // A shorter redraw erases what was longer, as the terminal showed it.
    assert.equal(cleanTerminalOutput(`Installing packages...\r${ESC}[2K${ESC}[1GDone`), 'Done');
    assert.equal(cleanTerminalOutput('12345\rab'), 'ab345');
  });

  it('replays spinners drawn with backspaces, and cursor moves on the line', () => {
    assert.equal(cleanTerminalOutput('Building |\b/\b-\b\\\bdone'), 'Building done');
    assert.equal(cleanTerminalOutput(`abc${ESC}[2Dx`), 'axc');
  });

  it('removes shell integration marks, window titles, hyperlinks and mode switches', () => {
    const output = [
      `${ESC}]0;user@host: ~/widgets${BEL}${ESC}]633;A${BEL}$ ${ESC}]633;B${BEL}npm test${ESC}]633;E;npm test;abc123${BEL}${ESC}]633;C${BEL}`,
      `${ESC}[?25l${ESC}[32m✔${ESC}[39m parses ${ESC}]8;;https://example.com/docs${ESC}\\the docs${ESC}]8;;${ESC}\\${ESC}(B${ESC}[m`,
      `${ESC}[1m${ESC}[31m1 failing${ESC}[0m${ESC}[?25h`,
      `${ESC}]633;D;1${BEL}`,
    ].join('\r\n');
    assert.equal(cleanTerminalOutput(output), '$ npm test\n✔ parses the docs\n1 failing');
    // A title cut short by the selection takes nothing after it with it.
    assert.equal(cleanTerminalOutput(`${ESC}]0;half a title\r\nnext line`), 'next line');
  });

  it('keeps CJK text, tabs and blank lines inside the output', () => {
    assert.equal(cleanTerminalOutput(`${ESC}[33m警告${ESC}[0m：文件\t未找到\r\n\r\n第二段`), '警告：文件\t未找到\n\n第二段');
  });

  it('keeps the head and the tail of long output with a note of the lines cut', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i + 1}`).join('\n');
    const { text: short, cut } = shortenOutput(text, (n) => `[${n} lines cut]`, { headLines: 3, tailLines: 2 });
    assert.deepEqual(cut, { lines: 495 });
    assert.equal(short, 'line 1\nline 2\nline 3\n[495 lines cut]\nline 499\nline 500');
    assert.deepEqual(shortenOutput('a\nb', () => 'x', { headLines: 1, tailLines: 1 }), { text: 'a\nb' });
  });

  it('cuts no part kept whole in two: one across the end of the head or the start of the tail goes into the lines cut', () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const lines = (first: number, last: number) => ({ start: text.indexOf(`line ${first}\n`), end: text.indexOf(`line ${last}`) + `line ${last}`.length });
    const shorten = (spans: Array<{ start: number; end: number }>) => shortenOutput(text, (n) => `[${n} cut]`, { headLines: 4, tailLines: 4, keepWhole: () => spans });
    assert.equal(shorten([lines(3, 6), lines(15, 18)]).text, 'line 1\nline 2\n[16 cut]\nline 19\nline 20');
    const onLine4 = { start: text.indexOf('line 4') + 5, end: text.indexOf('line 5') + 6 };
    assert.equal(shorten([lines(3, 4), onLine4, lines(17, 17)]).text, 'line 1\nline 2\n[14 cut]\nline 17\nline 18\nline 19\nline 20', 'one moved in its turn moves another on the same line, and one on a line of its own stays');
    assert.equal(shorten([{ start: text.indexOf('line 4') + 2, end: text.indexOf('line 5') + 2 }]).text, 'line 1\nline 2\nline 3\n[13 cut]\nline 17\nline 18\nline 19\nline 20', 'by the lines its characters are on');
    assert.equal(shorten([lines(1, 20)]).text, '[20 cut]');
    let asked = false;
    assert.equal(shortenOutput('a\nb', () => 'x', { headLines: 1, tailLines: 1, keepWhole: () => ((asked = true), []) }).text, 'a\nb');
    assert.equal(asked, false, 'text short enough is not scanned');
  });
});
