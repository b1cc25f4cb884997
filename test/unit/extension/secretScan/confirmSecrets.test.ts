import { strict as assert } from 'node:assert';
import type { PickItem } from '../../../../src/extension/ports';
import { confirmSecrets } from '../../../../src/extension/secretScan/confirmSecrets';
import { scanForSecrets } from '../../../../src/extension/secretScan/scan';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { fake } from './fakes';

const GH = `ghp_${fake('alnum', 36)}`;
const APP_TS = [
  "import { Octokit } from '@octokit/rest';",
  '',
  `const octokit = new Octokit({ auth: '${GH}' });`,
  '',
  'export const db = {',
  "  host: 'db.internal',",
  "  user: 'app',",
  '  // TODO: read from the environment',
  '  port: 5432,',
  "  password: 'Wq7#pLz2!vRt',",
  '};',
].join('\n');

describe('extension/secretScan confirmSecrets', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  const findings = (text = APP_TS, fileName = 'src/app.ts') => scanForSecrets(text, { fileName });

  it('says what was found and where, with masked lines, and sends redacted when asked', async () => {
    h.ui.script({ actions: ['Send Redacted'] });
    assert.equal(await confirmSecrets(h.services, findings(), 'src/app.ts'), 'redacted');
    assert.deepEqual(h.ui.shown, [
      {
        kind: 'confirm',
        message: [
          '2 likely secrets in src/app.ts: GitHub token (line 3), password (line 10).',
          "Line 3: const octokit = new Octokit({ auth: 'ghp_••••' });",
          "Line 10: password: '••••',",
          '',
          'Send Redacted puts a marker such as [REDACTED:github-token] in place of each one and sends the rest as it is.',
        ].join('\n'),
        actions: ['Send Redacted', 'Send Anyway'],
      },
    ]);
  });

  it('sends anyway when asked', async () => {
    h.ui.script({ actions: ['Send Anyway'] });
    assert.equal(await confirmSecrets(h.services, findings(), 'src/app.ts'), 'anyway');
  });

  it('cancels when the question is closed', async () => {
    h.ui.script({ actions: [undefined] });
    assert.equal(await confirmSecrets(h.services, findings(), 'src/app.ts'), 'cancel');
  });

  it('speaks of one secret in the singular', async () => {
    h.ui.script({ actions: ['Send Anyway'] });
    await confirmSecrets(h.services, findings(`GITHUB_TOKEN=${GH}`, '.env'), '.env');
    assert.match(h.ui.shown[0].message, /^A likely secret in \.env: GitHub token \(line 1\)\.\n/);
  });

  it('goes on without a question when nothing was found', async () => {
    assert.equal(await confirmSecrets(h.services, [], 'src/app.ts'), 'anyway');
    assert.deepEqual(h.ui.shown, []);
  });

  it('sums up many findings by kind, and shows them all, masked, on request before asking again', async () => {
    const text = [
      ...Array.from({ length: 5 }, (_, i) => `DB${i}_PASSWORD=Wq7#pLz2!vR${i}`),
      `GITHUB_TOKEN=${GH}`,
      `DINGTALK_SECRET=SEC${fake('hex', 64)}`,
      `AWS_ACCESS_KEY_ID=AKIA${fake('upper', 16)}`,
    ].join('\n');
    const all = findings(text, '.env');
    assert.equal(all.length, 8);
    let listed: string[] = [];
    h.ui.script({
      actions: ['Show All', 'Send Redacted'],
      picks: [
        (labels) => {
          listed = labels;
          return undefined;
        },
      ],
    });
    assert.equal(await confirmSecrets(h.services, all, '.env'), 'redacted');
    const [first, second] = h.ui.shown;
    assert.deepEqual(first.actions, ['Send Redacted', 'Send Anyway', 'Show All']);
    assert.equal(first.message.split('\n')[0], '8 likely secrets in .env: password (lines 1, 2, 3, …), GitHub token (line 6), DingTalk signing secret (SEC…) (line 7), ….');
    assert.match(first.message, /\n… and 5 more\.\n/);
    assert.deepEqual(second, first);
    assert.deepEqual(listed, ['Password', 'Password', 'Password', 'Password', 'Password', 'GitHub token', 'DingTalk signing secret (SEC…)', 'AWS access key ID']);
    assert.deepEqual(h.ui.prompts, ['Shown masked. Press Enter or Esc to go back.']);
  });

  it('never shows a secret itself', async () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${fake('b64', 64)}\n${fake('b64', 64, '2')}\n-----END RSA PRIVATE KEY-----`;
    const text = `${APP_TS}\nconst key = \`${pem}\`;\nconst more = ['${GH}', '${GH}', '${GH}'];`;
    const all = findings(text);
    let items: string[] = [];
    h.ui.pick = async <T>(shown: PickItem<T>[]): Promise<T | undefined> => {
      items = shown.flatMap((item) => [item.label, item.description ?? '', item.detail ?? '']);
      return undefined;
    };
    h.ui.script({ actions: ['Show All', undefined] });
    assert.equal(await confirmSecrets(h.services, all, 'src/app.ts'), 'cancel');
    const everything = [...h.ui.shown.map((s) => s.message), ...items].join('\n');
    for (const secret of [GH, GH.slice(4, 12), 'Wq7#pLz2!vRt', pem.split('\n')[1].slice(0, 12)]) {
      assert.ok(!everything.includes(secret), secret);
    }
    assert.match(everything, /-----BEGIN RSA PRIVATE KEY-----••••/);
  });

  it('names the kinds in the user\'s language', async () => {
    const zh = await startExtensionHarness({ locale: 'zh-cn' });
    try {
      zh.ui.script({ actions: ['Send Anyway'] });
      await confirmSecrets(zh.services, findings(), 'src/app.ts');
      assert.match(zh.ui.shown[0].message, /^2 likely secrets in src\/app\.ts: GitHub 令牌 \(line 3\), 密码 \(line 10\)\./);
    } finally {
      await zh.stop();
    }
  });
});
