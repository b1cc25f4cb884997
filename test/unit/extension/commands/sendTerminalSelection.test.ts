import { strict as assert } from 'node:assert';
import { retryFromHistory } from '../../../../src/extension/commands/historyRetry';
import { sendTerminalSelection } from '../../../../src/extension/commands/sendTerminalSelection';
import { describeEntry } from '../../../../src/extension/history/describe';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import { chinese, english, startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { seededRandom } from '../../../support/seededRandom';
import { MemoryHistoryFile } from '../history/memoryFile';

const LONG = Array.from({ length: 300 }, (_, i) => `\x1b[32mok\x1b[0m test ${i + 1}`).join('\r\n');
const TOKEN = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');

/** A made-up private key, 26 lines: random base64 between its BEGIN and END lines. */
function madeUpKey(): string[] {
  const random = seededRandom(13);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const body = Array.from({ length: 24 }, () => Array.from({ length: 64 }, () => alphabet[Math.floor(random() * 64)]).join(''));
  return [`-----BEGIN RSA PRIVATE ${'KEY'}-----`, ...body, `-----END RSA PRIVATE ${'KEY'}-----`];
}

/** Whether any line of the key, or any part of a line 16 characters long, is in `text`. */
function holdsPartOf(text: string, key: string[]): boolean {
  return key.some((line) => text.includes(line) || text.includes(line.slice(0, 16)) || text.includes(line.slice(-16)));
}

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

  it('asks how to send long output; Send Head and Tail sends its first and last lines with a note of the lines cut', async () => {
    h.ui.script({ actions: ['Send Head and Tail'] });
    await sendTerminalSelection(h.services, { terminalName: 'bash', output: LONG, commandLine: 'npm test' }, folders);
    const question = h.ui.shown.find((shown) => shown.kind === 'confirm');
    assert.deepEqual(question?.actions, ['Send Head and Tail', 'Send as .txt File']);
    assert.match(question?.message ?? '', /^The selected output has 300 lines: too many to read in a chat\.\nAs a message, its first and last lines go with a note of the 180 lines cut between them\./);
    assert.equal(h.sim.messages.length, 1);
    const { text } = h.sim.messages[0].body.markdown;
    assert.match(text, /\nok test 40\n… 180 lines cut …\nok test 221\n/);
    assert.equal(h.sim.uploads.length, 0);
  });

  it('Send as .txt File uploads the whole output, cleaned, as a text file the group can download', async () => {
    await h.services.robots.remove(h.services.robots.list()[0].id);
    await h.services.robots.add(h.drafts.withFiles);
    h.ui.script({ actions: ['Send as .txt File'] });
    const result = await sendTerminalSelection(h.services, { terminalName: 'npm: test', output: LONG, cwd: '/work/app', commandLine: 'npm test' }, folders);
    assert.equal(h.sim.uploads.length, 1);
    const [upload] = h.sim.uploads;
    assert.equal(upload.type, 'file');
    assert.equal(upload.filename, 'npm-test-output.txt');
    const text = upload.bytes?.toString('utf8') ?? '';
    assert.equal(text, `Terminal: npm: test · in .\n\n$ npm test\n${Array.from({ length: 300 }, (_, i) => `ok test ${i + 1}`).join('\n')}\n`);
    assert.deepEqual(h.sim.messages.map((message) => message.type), ['file']);
    assert.deepEqual(h.sim.messages[0].body.file, { mediaId: upload.mediaId, fileName: 'npm-test-output.txt', fileType: 'txt' });
    assert.equal((result as { sentAs: string }).sentAs, 'file');
    assert.deepEqual(h.ui.messages('info'), ['Sent npm-test-output.txt to "Files".']);
  });

  it('the .txt file is scanned for secrets on all its lines and redacted on request', async () => {
    await h.services.robots.add(h.drafts.app);
    h.settings.scanForSecrets = true;
    h.settings.defaultRobot = 'App';
    h.ui.script({ actions: ['Send as .txt File', 'Send Redacted'] });
    const output = `${LONG}\r\nexport GITHUB_TOKEN=${TOKEN}\r\n${LONG}`;
    await sendTerminalSelection(h.services, { terminalName: 'bash', output }, folders);
    const text = h.sim.uploads[0]?.bytes?.toString('utf8') ?? '';
    assert.match(text, /\nexport GITHUB_TOKEN=\[REDACTED:[\w-]+\]\n/);
    assert.doesNotMatch(text, new RegExp(TOKEN));
    assert.deepEqual(h.sim.messages.map((message) => message.type), ['sampleFile']);
  });

  it('Send Head and Tail cuts no secret in two: a key across the start of the tail goes wholly into the lines cut, none of it sent', async () => {
    h.settings.scanForSecrets = true;
    const key = madeUpKey();
    const filler = (from: number, count: number) => Array.from({ length: count }, (_, i) => `ok test ${from + i}`);
    // Lines 210-235 of 300: the tail (the last 80) starts at line 221, inside the key.
    const output = [...filler(1, 209), ...key, ...filler(236, 65)].join('\r\n');
    h.ui.script({ actions: ['Send Head and Tail'] });
    await sendTerminalSelection(h.services, { terminalName: 'bash', output }, folders);
    assert.match(h.ui.shown.find((shown) => shown.kind === 'confirm')?.message ?? '', /a note of the 195 lines cut between them/);
    assert.equal(h.sim.messages.length, 1, 'sent, with nothing to ask about');
    const { text } = h.sim.messages[0].body.markdown;
    assert.match(text, /\nok test 40\n… 195 lines cut …\nok test 236\n/);
    assert.equal(holdsPartOf(text, key), false, 'no line of the key is sent');
  });

  it('a robot that cannot upload: the .txt file is explained, and Send Head and Tail sends the message instead', async () => {
    h.ui.script({ actions: ['Send as .txt File', 'Send Head and Tail'] });
    await sendTerminalSelection(h.services, { terminalName: 'bash', output: LONG }, folders);
    assert.match(h.ui.messages('error')[0], /^"Plain" is a custom group robot without an AppKey and AppSecret, which DingTalk needs to upload files\./);
    assert.equal(h.sim.uploads.length, 0);
    assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown']);
    assert.match(h.sim.messages[0].body.markdown.text, /… 180 lines cut …/);
  });

  describe('the preview names terminal output', () => {
    it('a selection: "Terminal output of" the terminal, not "Code snippet", and a Retry from the Sent History says the same', async () => {
      const history = new SendHistory(new MemoryHistoryFile(), h.log);
      const services: HistoryServices = Object.assign(h.services, { history });
      h.settings.confirmBeforeSend = 'always';
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
      h.ui.script({ previews: ['send', 'send'], actions: [undefined] });
      await sendTerminalSelection(services, { terminalName: 'npm: test', output: 'FAIL src/app.test.ts\n' }, folders);
      assert.match(h.ui.previews[0].summary, /^Plain · Terminal output of "npm: test" · No @mentions · /);
      assert.doesNotMatch(h.ui.previews[0].summary, /Code snippet/);
      const [failed] = history.entries();
      assert.equal(failed.result, 'failed');
      await retryFromHistory(services, failed.id);
      assert.match(h.ui.previews[1].summary, /^Plain · Terminal output of "npm: test" · /);
      assert.equal(h.sim.messages.length, 1);
    });

    it('in Chinese too', async () => {
      await h.stop();
      h = await startExtensionHarness({ locale: 'zh-cn', t: chinese() });
      await h.services.robots.add(h.drafts.plain);
      h.settings.confirmBeforeSend = 'always';
      h.ui.script({ previews: ['send'] });
      await sendTerminalSelection(h.services, { terminalName: 'bash', output: 'ok\n' }, folders);
      assert.match(h.ui.previews[0].summary, /终端“bash”的输出/);
    });

    it('the .txt file: named by its terminal too', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.defaultRobot = 'Files';
      h.settings.confirmBeforeSend = 'always';
      h.ui.script({ actions: ['Send as .txt File'], previews: ['send'] });
      await sendTerminalSelection(h.services, { terminalName: 'bash', output: LONG }, folders);
      assert.match(h.ui.previews[0].summary, /^Files · Terminal output of "bash" · [\d.]+ KB · 1 file$/);
      assert.equal(h.sim.uploads.length, 1);
    });
  });

  describe('the .txt file in the Sent History', () => {
    let history: SendHistory;
    let services: HistoryServices;
    beforeEach(async () => {
      history = new SendHistory(new MemoryHistoryFile(), h.log);
      services = Object.assign(h.services, { history });
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.defaultRobot = 'Files';
    });

    it('is recorded with the file and the terminal, and its Retry (the message failed) sends the same file again', async () => {
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
      h.ui.script({ actions: ['Send as .txt File', undefined] });
      await sendTerminalSelection(services, { terminalName: 'npm: test', output: LONG, commandLine: 'npm test' }, folders);
      const [failed] = history.entries();
      assert.equal(failed.kind, 'terminalFile');
      assert.equal(failed.result, 'failed');
      assert.equal(failed.summary, 'npm-test-output.txt from the terminal "npm: test"');
      const first = h.sim.uploads[0].bytes?.toString('utf8');
      assert.deepEqual(failed.content, { text: first, language: 'plaintext', title: 'npm-test-output.txt', terminal: 'npm: test' });
      assert.match(describeEntry({ t: english, locale: 'en' }, failed, h.clock.now()).contextValue, /^entry\.failed\.content$/);

      await retryFromHistory(services, failed.id);
      assert.equal(h.sim.uploads.length, 2);
      assert.equal(h.sim.uploads[1].filename, 'npm-test-output.txt');
      assert.equal(h.sim.uploads[1].bytes?.toString('utf8'), first);
      assert.deepEqual(h.sim.messages.map((m) => m.body.file?.fileName), ['npm-test-output.txt']);
      assert.deepEqual(history.entries().map((e) => [e.id, e.result, e.kind]), [[failed.id, 'sent', 'terminalFile']]);
    });

    it('output too large to keep whole: the entry keeps its head and tail, says why, and Retry is not offered', async () => {
      const huge = Array.from({ length: 6000 }, (_, i) => `line ${i + 1} ${'x'.repeat(60)}`).join('\n');
      h.ui.script({ actions: ['Send as .txt File'] });
      await sendTerminalSelection(services, { terminalName: 'bash', output: huge }, folders);
      assert.equal(h.sim.uploads.length, 1);
      assert.ok((h.sim.uploads[0].bytes?.byteLength ?? 0) > 256 * 1024);
      const [sent] = history.entries();
      assert.equal(sent.result, 'sent');
      assert.equal(sent.kind, 'terminalFile');
      const content = sent.content && 'text' in sent.content ? sent.content : undefined;
      assert.equal(content?.alsoSent, 'output');
      assert.match(content?.text ?? '', /\nline 40 x+\n… 5880 lines cut …\nline 5921 x+\n/);
      const view = describeEntry({ t: english, locale: 'en' }, sent, h.clock.now());
      assert.match(view.tooltip, /This terminal output went whole as a \.txt file, too large for the Sent History to keep \(over 256 KB\)/);
      assert.equal(view.contextValue, 'entry.sent.partial.content');

      await retryFromHistory(services, sent.id);
      assert.equal(h.sim.uploads.length, 1, 'nothing sent again');
      assert.match(h.ui.messages('error').at(-1) ?? '', /^This terminal output went whole as a \.txt file/);
    });

    it('output too large to keep whole, its secret redacted in the file: the head and tail kept are redacted too', async () => {
      await h.services.robots.add(h.drafts.app);
      h.settings.scanForSecrets = true;
      h.settings.defaultRobot = 'App';
      const huge = [`export GITHUB_TOKEN=${TOKEN}`, ...Array.from({ length: 6000 }, (_, i) => `line ${i + 1} ${'x'.repeat(60)}`)].join('\n');
      h.ui.script({ actions: ['Send as .txt File', 'Send Redacted'] });
      await sendTerminalSelection(services, { terminalName: 'bash', output: huge }, folders);
      assert.doesNotMatch(h.sim.uploads[0]?.bytes?.toString('utf8') ?? '', new RegExp(TOKEN));
      const [sent] = history.entries();
      const content = sent.content && 'text' in sent.content ? sent.content : undefined;
      assert.equal(content?.alsoSent, 'output');
      assert.match(content?.text ?? '', /export GITHUB_TOKEN=\[REDACTED:[\w-]+\]\n/);
      assert.doesNotMatch(JSON.stringify(history.entries()), new RegExp(TOKEN), 'the secret the user had redacted is not kept');
    });

    it('output too large to keep whole, a key across the start of the tail redacted in the file: no part of it is kept', async () => {
      await h.services.robots.add(h.drafts.app);
      h.settings.scanForSecrets = true;
      h.settings.defaultRobot = 'App';
      const key = madeUpKey();
      const filler = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i} ${'x'.repeat(60)}`);
      // Lines 5911-5936 of 6000: the tail (the last 80) starts at line 5921, inside the key.
      const huge = [...filler(1, 5910), ...key, ...filler(5937, 64)].join('\n');
      h.ui.script({ actions: ['Send as .txt File', 'Send Redacted'] });
      await sendTerminalSelection(services, { terminalName: 'bash', output: huge }, folders);
      const file = h.sim.uploads[0]?.bytes?.toString('utf8') ?? '';
      assert.match(file, /\nline 5910 x+\n\[REDACTED:private-key\]\nline 5937 x+\n/);
      const [sent] = history.entries();
      const content = sent.content && 'text' in sent.content ? sent.content : undefined;
      assert.equal(content?.alsoSent, 'output');
      assert.match(content?.text ?? '', /\nline 40 x+\n… 5855 lines cut …\nline 5896 x+\n/, 'the head and tail of the output as sent');
      assert.equal(holdsPartOf(JSON.stringify(history.entries()), key), false, 'no line of the key is kept');
    });
  });
});
