import { strict as assert } from 'node:assert';
import { webRepository } from '../../../../src/extension/webRepository';

const SHA = 'b'.repeat(40);
const BASE = 'c'.repeat(40);

describe('scm: web pages of commits, comparisons and lines', () => {
  it('links lines as each host marks them: GitHub, Gitee and Codeup #L3-L9, GitLab #L3-9, one line #L3', () => {
    assert.equal(webRepository('git@github.com:acme/widgets.git')?.lines(SHA, 'src/app.ts', 3, 9), `https://github.com/acme/widgets/blob/${SHA}/src/app.ts#L3-L9`);
    assert.equal(webRepository('https://gitee.com/acme/widgets.git')?.lines(SHA, 'src/app.ts', 3, 9), `https://gitee.com/acme/widgets/blob/${SHA}/src/app.ts#L3-L9`);
    assert.equal(
      webRepository('git@codeup.aliyun.com:5f0a1b2c3d/platform/widgets.git')?.lines(SHA, '源码/app.ts', 3, 9),
      `https://codeup.aliyun.com/5f0a1b2c3d/platform/widgets/blob/${SHA}/%E6%BA%90%E7%A0%81/app.ts#L3-L9`,
    );
    assert.equal(webRepository('git@gitlab.com:team/sub/widgets.git')?.lines(SHA, 'a.ts', 3, 9), `https://gitlab.com/team/sub/widgets/-/blob/${SHA}/a.ts#L3-9`);
    assert.equal(webRepository('git@gitlab.com:team/widgets.git')?.lines(SHA, 'a.ts', 4, 4), `https://gitlab.com/team/widgets/-/blob/${SHA}/a.ts#L4`);
  });

  it('links a commit and a comparison; Codeup has no comparison form known', () => {
    const github = webRepository('https://github.com/acme/widgets.git');
    assert.equal(github?.commit(SHA), `https://github.com/acme/widgets/commit/${SHA}`);
    assert.equal(github?.compare(BASE, SHA), `https://github.com/acme/widgets/compare/${BASE}...${SHA}`);
    const gitlab = webRepository('ssh://git@gitlab.example.com:2222/team/widgets.git');
    assert.equal(gitlab?.commit(SHA), `https://gitlab.example.com/team/widgets/-/commit/${SHA}`);
    assert.equal(gitlab?.compare(BASE, SHA), `https://gitlab.example.com/team/widgets/-/compare/${BASE}...${SHA}`);
    assert.equal(webRepository('git@gitee.com:acme/widgets.git')?.compare(BASE, SHA), `https://gitee.com/acme/widgets/compare/${BASE}...${SHA}`);
    const codeup = webRepository('https://codeup.aliyun.com/5f0a1b2c3d/widgets.git');
    assert.equal(codeup?.commit(SHA), `https://codeup.aliyun.com/5f0a1b2c3d/widgets/commit/${SHA}`);
    assert.equal(codeup?.compare(BASE, SHA), undefined);
  });
});
