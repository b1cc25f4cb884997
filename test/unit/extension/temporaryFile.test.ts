import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { withTemporaryFile } from '../../../src/extension/temporaryFile';

describe('withTemporaryFile', () => {
  it('writes the content under its name in a private folder, readable by its owner only, and removes the folder after use', async () => {
    let seen = '';
    const result = await withTemporaryFile('src-app.ts-2-3.png', new Uint8Array([1, 2, 3]), async (path) => {
      seen = path;
      assert.equal(basename(path), 'src-app.ts-2-3.png');
      assert.equal(dirname(dirname(path)), tmpdir());
      assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
      assert.equal(statSync(path).mode & 0o077, 0, 'no access for group or others');
      return 'uploaded';
    });
    assert.equal(result, 'uploaded');
    assert.equal(existsSync(dirname(seen)), false);
  });

  it('removes the folder when the upload fails, and the failure reaches the caller', async () => {
    let seen = '';
    await assert.rejects(
      withTemporaryFile('notes.txt', 'text', async (path) => {
        seen = path;
        throw new Error('upload refused');
      }),
      /upload refused/,
    );
    assert.equal(existsSync(dirname(seen)), false);
  });
});
