import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { maskSecret, redactSecrets, scanForSecrets } from '../../../../src/extension/secretScan/scan';
import { fake, fakeJwt, randomSource } from './fakes';

const GH = `ghp_${fake('alnum', 36)}`;
const HEX64 = fake('hex', 64);

describe('extension/secretScan scan', () => {
  describe('scanForSecrets', () => {
    it('says what and where: rule, label, 1-based line and column, offsets, masked excerpt', () => {
      const text = `import { Octokit } from '@octokit/rest';\n\nconst octokit = new Octokit({ auth: '${GH}' });\n`;
      const [finding, ...rest] = scanForSecrets(text, { fileName: 'src/app.ts' });
      assert.deepEqual(rest, []);
      assert.deepEqual(finding, {
        ruleId: 'github-token',
        label: { en: 'GitHub token', zh: 'GitHub 令牌' },
        line: 3,
        column: 38,
        start: text.indexOf(GH),
        end: text.indexOf(GH) + GH.length,
        excerpt: "const octokit = new Octokit({ auth: 'ghp_••••' });",
      });
    });

    it('counts lines the same with CRLF line ends, and keeps the CR out of the excerpt', () => {
      const [finding] = scanForSecrets(`# prod\r\nDB_PASSWORD=Wq7#pLz2!vRt\r\nDB_HOST=db\r\n`, { fileName: '.env' });
      assert.equal(finding.line, 2);
      assert.equal(finding.column, 13);
      assert.equal(finding.excerpt, 'DB_PASSWORD=••••');
    });

    it('masks every secret on the excerpt\'s line, a short one entirely, a key down to its header', () => {
      const text = `secrets = { "token": "${GH}", "password": "Zx9!mQ4#rT7w" }`;
      const findings = scanForSecrets(text, { fileName: 'a.py' });
      assert.deepEqual(
        findings.map((f) => [f.ruleId, f.excerpt]),
        [
          ['github-token', 'secrets = { "token": "ghp_••••", "password": "••••" }'],
          ['password', 'secrets = { "token": "ghp_••••", "password": "••••" }'],
        ],
      );
      assert.equal(maskSecret(`-----BEGIN OPENSSH PRIVATE KEY-----\n${fake('b64', 64)}`), '-----BEGIN OPENSSH PRIVATE KEY-----••••');
    });

    it('cuts a long line around the secret', () => {
      const text = `${'a=1;'.repeat(100)}var t="${GH}";${'b=2;'.repeat(100)}`;
      const [finding] = scanForSecrets(text, { fileName: 'vendor.min.js' });
      assert.match(finding.excerpt, /^…[a=1;]+var t="ghp_••••";[b=2;]+…$/);
      assert.ok(finding.excerpt.length <= 162, `${finding.excerpt.length} characters`);
    });

    it('finds each value once, named by the most specific rule', () => {
      const found = scanForSecrets(`GITHUB_TOKEN=${GH}\nDINGTALK_SECRET=SEC${HEX64}`, { fileName: '.env' });
      assert.deepEqual(
        found.map((f) => f.ruleId),
        ['github-token', 'dingtalk-sign-secret'],
      );
    });

    it('merges findings that overlap into one', () => {
      const token = `ghs_${fake('alnum', 36)}`;
      const text = `https://x-access-token:${token}@github.com/corp/app.git`;
      assert.deepEqual(
        scanForSecrets(text).map((f) => [f.ruleId, text.slice(f.start, f.end)]),
        [['github-token', token]],
      );
    });

    it('reads bare values as literals in config files and messages, as expressions in code', () => {
      const line = 'password = Wq7pLz2vRt9';
      assert.equal(scanForSecrets(line, { fileName: 'app.ini' }).length, 1);
      assert.equal(scanForSecrets(line, { fileName: 'notes.md' }).length, 1);
      assert.equal(scanForSecrets(line).length, 1);
      assert.equal(scanForSecrets(line, { fileName: 'app.py' }).length, 0);
      assert.equal(scanForSecrets(`x = f(a); ${line}; y = 2`).length, 0);
    });

    it('finds nothing in nothing', () => {
      assert.deepEqual(scanForSecrets(''), []);
      assert.deepEqual(scanForSecrets('\n\n'), []);
    });

    it('scans 1 MB in well under a second (time printed)', function () {
      const random = randomSource('1mb');
      const lines = [
        'import { readFile } from "node:fs/promises";',
        '  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
        '  "integrity": "sha512-v/ZHtJDU39mDpyBoFVkETcd/uNdxrWRrg3bKpOKzXFA6Bvqopts6ALSMU3y6ijYxbw2B+wPrIv46egTzJXCLGQ==",',
        'password: string;',
        '| 2024-06-11 | 订单 | 已发货 | 3f2b8c1e-9d4a-4e6b-8c7f-1a2b3c4d5e6f |',
        `!function(e){var t={token:e.token||"",apiKey:e.apiKey,password:e.password};return t}(window);`,
      ];
      let text = '';
      let secrets = 0;
      while (text.length < 1_000_000) {
        const i = Math.floor(random() * 50);
        text += i === 0 ? `const t = "${fakeJwt(random)}";\n` : `${lines[i % lines.length]}\n`;
        secrets += i === 0 ? 1 : 0;
      }
      const started = process.hrtime.bigint();
      const found = scanForSecrets(text, { fileName: 'big.ts' });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`      secret scan: ${(text.length / 1e6).toFixed(1)} MB (${text.split('\n').length} lines) in ${ms.toFixed(0)} ms`);
      assert.equal(found.length, secrets);
      assert.ok(ms < 3_000, `${ms} ms`);
    });

    it('stays fast on inputs made to make regular expressions backtrack', () => {
      for (const unit of ['a', '--a-', 'eyJhbGciOiJIUzI1NiJ9.', 'http://u:', 'a: ', '"', '-----BEGIN RSA PRIVATE KEY-----\n', 'abc.def.', 'password = "x1']) {
        const text = unit.repeat(Math.ceil(200_000 / unit.length));
        const started = Date.now();
        scanForSecrets(text);
        assert.ok(Date.now() - started < 2_000, `${JSON.stringify(unit)}: ${Date.now() - started} ms`);
      }
    });
  });

  describe('redactSecrets', () => {
    it('replaces each value with a marker naming its rule, keeping names, quotes and the rest', () => {
      const text = `# deploy\nexport AWS_SECRET_ACCESS_KEY=${fake('b64', 40)}\nDB_PASSWORD="Wq7#pLz2!vRt" # prod\necho done\n`;
      assert.equal(
        redactSecrets(text, scanForSecrets(text, { fileName: 'deploy.sh' })),
        '# deploy\nexport AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-key]\nDB_PASSWORD="[REDACTED:password]" # prod\necho done\n',
      );
    });

    it('redacts several secrets on one line, and only the token of a webhook URL', () => {
      const text = `curl "https://oapi.dingtalk.com/robot/send?access_token=${HEX64}&timestamp=1&sign=x" # SEC${HEX64}`;
      assert.equal(
        redactSecrets(text, scanForSecrets(text)),
        'curl "https://oapi.dingtalk.com/robot/send?access_token=[REDACTED:dingtalk-webhook-token]&timestamp=1&sign=x" # [REDACTED:dingtalk-sign-secret]',
      );
    });

    it('replaces a private key block as a whole', () => {
      const text = `key := \`-----BEGIN RSA PRIVATE KEY-----\n${fake('b64', 64)}\n${fake('b64', 64, '2')}\n-----END RSA PRIVATE KEY-----\`\nuse(key)`;
      assert.equal(redactSecrets(text, scanForSecrets(text, { fileName: 'k.go' })), 'key := `[REDACTED:private-key]`\nuse(key)');
    });

    it('takes findings in any order, and replaces overlapping ones with one marker', () => {
      const text = 'a=0123456789 b=abcdefghij';
      assert.equal(
        redactSecrets(text, [
          { ruleId: 'password', start: 15, end: 25 },
          { ruleId: 'generic-secret', start: 2, end: 8 },
          { ruleId: 'password', start: 5, end: 12 },
        ]),
        'a=[REDACTED:generic-secret] b=[REDACTED:password]',
      );
      assert.equal(redactSecrets(text, []), text);
    });

    it('leaves nothing for a second scan to find', () => {
      const pieces = fc.constantFrom(
        `GITHUB_TOKEN=${GH}`,
        `webhook: https://oapi.dingtalk.com/robot/send?access_token=${HEX64}`,
        `secret: SEC${HEX64}`,
        'DB_PASSWORD=Wq7#pLz2!vRt',
        `apiKey: "${fake('alnum', 32)}"`,
        `cred = credential.Credential("AKID${fake('alnum', 32)}", "${fake('alnum', 32, 't')}")`,
        `Authorization: Bearer ${fakeJwt(randomSource('prop'))}`,
        'postgres://app:Wq7pLz2vRt@db/app',
        'const total = price * quantity;',
        'password: string;',
        '钉钉通知已发送',
        '',
      );
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 12 }), fc.constantFrom(undefined, '.env', 'a.ts', 'notes.md'), (lines, fileName) => {
          const text = lines.join('\n');
          const findings = scanForSecrets(text, { fileName });
          for (const [i, f] of findings.entries()) {
            assert.ok(f.start < f.end && f.end <= text.length);
            assert.ok(i === 0 || findings[i - 1].end <= f.start, 'sorted, not overlapping');
            assert.equal(text.split('\n').slice(0, f.line - 1).join('\n').length + (f.line > 1 ? 1 : 0) + f.column - 1, f.start);
          }
          assert.deepEqual(scanForSecrets(redactSecrets(text, findings), { fileName }), []);
        }),
      );
    });
  });
});
