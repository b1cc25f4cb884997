import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipFile } from '../../../src/core/media';
import { startHarness } from '../../support/harness';
import { catchAsync } from '../../support/catch';

describe('core/media zipFile', () => {
  let base: string;
  let source: string;
  const savedTmp = process.env.TMPDIR;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'dingtalk-zip-test-'));
    source = join(base, 'main.ts');
    writeFileSync(source, 'export const answer = 42;\n');
    // The zip's temporary folder goes under base/tmp, so anything written beside it shows.
    mkdirSync(join(base, 'tmp'));
    process.env.TMPDIR = join(base, 'tmp');
  });

  afterEach(() => {
    if (savedTmp === undefined) {
      delete process.env.TMPDIR;
    } else {
      process.env.TMPDIR = savedTmp;
    }
    rmSync(base, { recursive: true, force: true });
  });

  for (const entryName of ['../outside.ts', '../../outside.ts', 'sub/../../outside.ts', '/abs/outside.ts', '..\\outside.ts']) {
    it(`refuses the entry name ${entryName} as a zip error and writes nothing outside its folder`, async () => {
      const error = await catchAsync(zipFile(source, entryName));
      assert.equal(error.code, 'zipFailed');
      assert.equal(error.category, 'input');
      assert.equal(error.reason, 'malformedInput');
      assert.match(error.message, /could not be zipped/);
      assert.match(error.messageZh, /无法将/);
      assert.deepEqual(readdirSync(base).sort(), ['main.ts', 'tmp']);
      assert.deepEqual(readdirSync(join(base, 'tmp')), [], 'its temporary folder is gone too');
    });
  }

  it('still zips a plain name, inside its own temporary folder', async () => {
    const zipped = await zipFile(source, 'main.ts');
    try {
      assert.equal(zipped.name, 'main.ts.zip');
      assert.ok(zipped.path.startsWith(join(base, 'tmp')));
      assert.ok(zipped.size > 0);
    } finally {
      await zipped.dispose();
    }
  });

  it('through the client: a file name with ../ is refused before anything is uploaded', async () => {
    const h = await startHarness();
    try {
      const error = await catchAsync(h.client.sendFile(h.webhook, source, { fileName: '../../escape.ts' }));
      assert.equal(error.code, 'zipFailed');
      assert.equal(h.sim.uploads.length, 0);
      assert.deepEqual(readdirSync(base).sort(), ['main.ts', 'tmp']);
    } finally {
      await h.stop();
    }
  });
});
