import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { chosenPaths, commitSummaries, formatLocalDate, hasStagedChanges, hintsOf, type GitApiRepository, type GitApiUri } from '../../../../src/extension/scm/gitApi';

const TOP = join('/work', 'widgets');
const uri = (path: string): GitApiUri => ({ scheme: 'file', fsPath: join(TOP, path) });

function repository(indexChanges: GitApiRepository['state']['indexChanges'] = []): GitApiRepository {
  return {
    rootUri: { scheme: 'file', fsPath: TOP },
    state: { HEAD: { name: 'main', commit: 'a'.repeat(40), upstream: { remote: 'origin', name: 'main' } }, indexChanges, workingTreeChanges: [] },
    log: async () => [],
  };
}

describe('scm/gitApi adapters', () => {
  it('takes the top folder, branch and HEAD from the Git extension, and whether anything is staged', () => {
    assert.deepEqual(hintsOf(repository()), { top: TOP, branch: 'main', head: 'a'.repeat(40) });
    assert.equal(hasStagedChanges(repository()), false);
    assert.equal(hasStagedChanges(repository([{ uri: uri('a.ts'), originalUri: uri('a.ts'), renameUri: undefined }])), true);
  });

  it('turns chosen resources into repository paths, with the old path of a rename, nothing outside the repository', () => {
    const rename = { uri: uri('new name.ts'), originalUri: uri('old.ts'), renameUri: uri('new name.ts') };
    const paths = chosenPaths(repository(), [uri('src/app.ts'), uri('new name.ts'), { scheme: 'file', fsPath: join('/elsewhere', 'x.ts') }], [rename]);
    assert.deepEqual(paths, ['src/app.ts', 'new name.ts', 'old.ts']);
  });

  it('turns log entries into the commit pick: first line of the message, short hash, author, date', () => {
    const date = new Date(2026, 0, 2, 3, 4, 5);
    const [summary] = commitSummaries([{ hash: 'f'.repeat(40), message: '修复解析器\n\nbody', parents: [], authorDate: date, authorName: '张三' }]);
    assert.deepEqual(summary, { hash: 'f'.repeat(40), shortHash: 'fffffff', subject: '修复解析器', authorName: '张三', authorDate: formatLocalDate(date), authorTime: date });
    assert.match(formatLocalDate(date), /^2026-01-02 03:04 [+-]\d{4}$/);
  });
});
