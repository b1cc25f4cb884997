import { strict as assert } from 'node:assert';
import { sendTerminalSelection } from '../../../../src/extension/commands/sendTerminalSelection';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

describe('commands/sendTerminalSelection', () => {
  let h: ExtensionHarness;

  beforeEach(async () => {
    h = await startExtensionHarness();
    await h.services.robots.add(h.drafts.plain);
  });
  afterEach(() => h.stop());

  const folders = [{ name: 'app', path: '/work/app' }];

  it('sends the cleaned selection in a code block, headed by the terminal, its folder and the command line', async () => {
    const output = '\x1b[31merror\x1b[0m TS2322: <T> is not assignable\r\nprogress 10%\rprogress 100%\r\n';
    await sendTerminalSelection(h.services, { terminalName: 'bash', output, cwd: '/work/app/src', commandLine: 'npm test' }, folders);
    assert.equal(h.sim.messages.length, 1);
    const { title, text } = h.sim.messages[0].body.markdown;
    assert.equal(title, 'bash: npm test');
    assert.equal(text, '**Terminal** `bash` · in `src`\n\n```\n$ npm test\nerror TS2322: &lt;T> is not assignable\nprogress 100%\n```');
    assert.deepEqual(h.ui.messages('info'), ['Sent terminal output of npm test to "Plain".']);
  });

  it('says so when nothing is selected, and sends nothing', async () => {
    await sendTerminalSelection(h.services, { terminalName: 'zsh', output: '' }, folders);
    assert.equal(h.sim.messages.length, 0);
    assert.deepEqual(h.ui.messages('error'), ['Nothing is selected in the terminal "zsh": select the output to send.']);
  });

  it('asks about a secret in the output like any send', async () => {
    h.settings.scanForSecrets = true;
    const token = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
    h.ui.script({ actions: ['Send Redacted'] });
    await sendTerminalSelection(h.services, { terminalName: 'bash', output: `export GITHUB_TOKEN=${token}\n` }, folders);
    assert.equal(h.sim.messages.length, 1);
    assert.doesNotMatch(h.sim.messages[0].body.markdown.text, new RegExp(token));
  });
});
