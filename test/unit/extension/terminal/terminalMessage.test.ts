import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { redactSecrets } from '../../../../src/extension/secretScan/scan';
import { buildTerminalMessage, displayCwd, redactedParts } from '../../../../src/extension/terminal/terminalMessage';
import { english } from '../../../support/extensionHarness';

const ESC = '\x1b';
const ROOT = join('/work', 'widgets');

describe('terminal/terminalMessage', () => {
  it('names the terminal, the folder relative to the workspace and the command, then the cleaned output', () => {
    const message = buildTerminalMessage(
      { terminalName: 'bash', cwd: join(ROOT, 'packages', 'api'), commandLine: 'npm test', output: `${ESC}[31mError: boom${ESC}[0m\r\n    at main (index.js:3:9)\r\n` },
      [{ name: 'widgets', path: ROOT }],
      english,
    );
    assert.deepEqual(message, {
      title: 'bash: npm test',
      terminal: 'bash',
      label: 'terminal output of npm test',
      text: '**Terminal** `bash` · in `packages/api`\n\n```\n$ npm test\nError: boom\n    at main (index.js:3:9)\n```',
      cutLines: undefined,
      totalLines: 2,
      file: { name: 'bash-output.txt', text: 'Terminal: bash · in packages/api\n\n$ npm test\nError: boom\n    at main (index.js:3:9)\n' },
      parts: { name: 'bash', where: 'packages/api', command: 'npm test', output: 'Error: boom\n    at main (index.js:3:9)' },
    });
  });

  it('says how much of long output it cut, and has nothing for blank output', () => {
    const output = Array.from({ length: 1000 }, (_, i) => `row ${i}`).join('\r\n');
    const message = buildTerminalMessage({ terminalName: 'zsh', output }, [], english, { headLines: 2, tailLines: 2 });
    assert.equal(message?.cutLines, 996);
    assert.equal(message?.text, '**Terminal** `zsh`\n\n```\nrow 0\nrow 1\n… 996 lines cut …\nrow 998\nrow 999\n```');
    assert.equal(message?.label, 'terminal output from zsh');
    assert.equal(buildTerminalMessage({ terminalName: 'zsh', output: `${ESC}[0m\r\n  \r\n` }, [], english), undefined);
  });

  it('redacts the command line and the output by what a scan of the .txt file found in them', () => {
    for (const commandLine of ['export A=secret1', undefined]) {
      const message = buildTerminalMessage({ terminalName: 'bash', cwd: ROOT, commandLine, output: 'id secret2\nok\n' }, [{ name: 'widgets', path: ROOT }], english);
      const text = message?.file.text ?? '';
      const findings = ['secret1', 'secret2', 'ok\n'].filter((value) => text.includes(value)).map((value) => ({ ruleId: value.trim(), start: text.indexOf(value), end: text.indexOf(value) + value.length }));
      const parts = message && redactedParts(message.parts, findings, redactSecrets, english);
      assert.equal(parts?.command, commandLine && 'export A=[REDACTED:secret1]');
      assert.equal(parts?.output, 'id [REDACTED:secret2]\n[REDACTED:ok]', 'a finding past the end of the output is redacted as far as the output goes');
    }
  });

  it('fences output holding backticks with a longer fence', () => {
    const message = buildTerminalMessage({ terminalName: 'bash', output: '```\ncode\n```' }, [], english);
    assert.equal(message?.text, '**Terminal** `bash`\n\n````\n```\ncode\n```\n````');
  });

  it('shows the folder under its workspace folder in a multi-root workspace, and a folder outside as it is', () => {
    const folders = [
      { name: 'web', path: join('/work', 'web') },
      { name: 'api', path: join('/work', 'api') },
    ];
    assert.equal(displayCwd(join('/work', 'api', 'src'), folders), 'api/src');
    assert.equal(displayCwd(join('/work', 'api'), folders), 'api');
    assert.equal(displayCwd(ROOT, [{ name: 'widgets', path: ROOT }]), '.');
    assert.equal(displayCwd(join('/tmp', 'x'), folders), join('/tmp', 'x'));
    assert.equal(displayCwd(join('/work', 'webapp'), folders), join('/work', 'webapp'));
  });
});
