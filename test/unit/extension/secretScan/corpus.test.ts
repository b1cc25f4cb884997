import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanForSecrets, type SecretFinding } from '../../../../src/extension/secretScan/scan';
import { repoRoot } from '../../../support/repo';
import { expandFakes } from './fakes';

/**
 * The corpus: `test/fixtures/secrets/true/` holds real-world-shaped files with secrets in them, each
 * with a `<file>.expected.json` listing what must be found (`{ ruleId, line }`); `false/` holds files
 * that look secret-ish and must yield nothing. Secret values are `{{…}}` markers filled in by
 * fakes.ts. A file whose tools would pick it up (`.ts`, `.js`) carries a `.txt` suffix, which the
 * scanner does not see.
 *
 * Every miss and every false positive fails the test unless KNOWN explains it.
 */
const CORPUS = join(repoRoot, 'test', 'fixtures', 'secrets');

interface Expected {
  ruleId: string;
  line: number;
}

interface Known extends Expected {
  file: string;
  kind: 'missed' | 'false positive';
  reason: string;
}

const KNOWN: Known[] = [
  {
    file: 'true/.env',
    line: 38,
    ruleId: 'password',
    kind: 'missed',
    reason: 'a passphrase of words with spaces: a bare .env value ends at the first space, and a single word is not taken for a password',
  },
  {
    file: 'true/.env',
    line: 42,
    ruleId: 'generic-secret',
    kind: 'missed',
    reason: 'a UUID-shaped API key (Heroku): UUIDs are ids far more often than secrets, so only .npmrc tokens may be UUIDs',
  },
  {
    file: 'true/githubClient.ts.txt',
    line: 26,
    ruleId: 'password',
    kind: 'missed',
    reason: 'a bare value in a comment of a code file: in code a bare value is an expression (`password = getPassword()`), and comments are not told apart',
  },
];

function files(dir: string): string[] {
  return readdirSync(join(CORPUS, dir))
    .filter((name) => !name.endsWith('.expected.json'))
    .sort();
}

function read(dir: string, name: string): string {
  return expandFakes(readFileSync(join(CORPUS, dir, name), 'utf8'), name);
}

function scan(dir: string, name: string): SecretFinding[] {
  return scanForSecrets(read(dir, name), { fileName: name.replace(/\.txt$/, '') });
}

const key = (e: Expected): string => `${e.ruleId}@${e.line}`;

/** What `actual` lacks of `expected` and has beyond it, as multisets of `rule@line`. */
function compare(expected: Expected[], actual: Expected[]): { missing: string[]; extra: string[] } {
  const extra = actual.map(key);
  const missing: string[] = [];
  for (const e of expected.map(key)) {
    const i = extra.indexOf(e);
    if (i >= 0) {
      extra.splice(i, 1);
    } else {
      missing.push(e);
    }
  }
  return { missing, extra };
}

function known(file: string, kind: Known['kind']): string[] {
  return KNOWN.filter((k) => k.file === file && k.kind === kind).map(key);
}

const without = (list: string[], remove: string[]): string[] => list.filter((item) => !remove.includes(item));

describe('extension/secretScan corpus', () => {
  const trueFiles = files('true');
  const falseFiles = files('false');

  it('has real-world-shaped files on both sides, each true file with its expected findings', () => {
    assert.ok(trueFiles.length >= 20, `only ${trueFiles.length} true files`);
    assert.ok(falseFiles.length >= 30, `only ${falseFiles.length} false files`);
    for (const name of trueFiles) {
      const expected = JSON.parse(readFileSync(join(CORPUS, 'true', `${name}.expected.json`), 'utf8')) as Expected[];
      assert.ok(expected.length > 0, `true/${name}.expected.json lists nothing`);
    }
  });

  for (const name of trueFiles) {
    it(`finds what true/${name}.expected.json lists, and nothing else`, () => {
      const expected = JSON.parse(readFileSync(join(CORPUS, 'true', `${name}.expected.json`), 'utf8')) as Expected[];
      const { missing, extra } = compare(expected, scan('true', name));
      assert.deepEqual(without(missing, known(`true/${name}`, 'missed')), [], 'missed');
      assert.deepEqual(without(extra, known(`true/${name}`, 'false positive')), [], 'found beyond what is expected');
    });
  }

  for (const name of falseFiles) {
    it(`finds nothing in false/${name}`, () => {
      const found = scan('false', name);
      const unexpected = found.filter((f) => !known(`false/${name}`, 'false positive').includes(key(f)));
      assert.deepEqual(
        unexpected.map((f) => `${key(f)}: ${f.excerpt}`),
        [],
      );
    });
  }

  it('measures recall and the false-positive rate (printed), and KNOWN holds only what still happens', () => {
    let expectedCount = 0;
    let foundCount = 0;
    let beyond = 0;
    const happened: string[] = [];
    for (const name of trueFiles) {
      const expected = JSON.parse(readFileSync(join(CORPUS, 'true', `${name}.expected.json`), 'utf8')) as Expected[];
      const { missing, extra } = compare(expected, scan('true', name));
      expectedCount += expected.length;
      foundCount += expected.length - missing.length;
      beyond += extra.length;
      happened.push(...missing.map((m) => `true/${name} missed ${m}`), ...extra.map((e) => `true/${name} false positive ${e}`));
    }
    let falsePositives = 0;
    let lines = 0;
    for (const name of falseFiles) {
      const found = scan('false', name);
      falsePositives += found.length;
      lines += read('false', name).split('\n').length;
      happened.push(...found.map((f) => `false/${name} false positive ${key(f)}`));
    }
    const perThousand = ((falsePositives / lines) * 1000).toFixed(1);
    console.log(
      `      secret scan: recall ${foundCount}/${expectedCount} in ${trueFiles.length} files (${KNOWN.filter((k) => k.kind === 'missed').length} known misses), ` +
        `false positives ${falsePositives} in ${falseFiles.length} files (${perThousand} per 1000 lines of ${lines}), ${beyond} beyond the expected in the true files`,
    );
    const stale = KNOWN.filter((k) => !happened.includes(`${k.file} ${k.kind} ${key(k)}`)).map((k) => `${k.file} ${k.kind} ${key(k)}`);
    assert.deepEqual(stale, [], 'KNOWN lists what no longer happens: remove it');
  });
});
