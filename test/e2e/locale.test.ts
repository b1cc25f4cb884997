import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addRobots } from './support/robots';
import { Session } from './support/session';

describe('Chinese display language in a real VS Code', function () {
  this.timeout(180_000);

  it('lists the DingTalk commands with Chinese titles and asks its questions in Chinese', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, locale: 'zh-cn', files: { 'README.md': '# 项目\n' } });
    const { workbench } = session;
    await workbench.ready();

    for (const title of ['DingTalk: 添加机器人…', 'DingTalk: 发送文件', 'DingTalk: 发送消息…', 'DingTalk: 设置默认机器人…', 'DingTalk: 显示日志', 'DingTalk: 显示发送记录']) {
      const titles = await workbench.paletteTitles(title, title);
      assert.ok(titles.includes(title), `${title} in ${JSON.stringify(titles)}`);
    }
    const english = await workbench.paletteTitles('DingTalk: Add Robot', 'DingTalk: 添加机器人…');
    assert.ok(!english.includes('DingTalk: Add Robot…'), `no English title in ${JSON.stringify(english)}`);

    await workbench.runCommand('DingTalk: 添加机器人…');
    const pick = await workbench.waitQuickPick('哪种机器人？');
    assert.ok(pick.rows.some((row) => row.label === '自定义群机器人（Webhook）'), `Chinese choices: ${JSON.stringify(pick.rows)}`);
    await session.illustrate('add-robot-zh.png', session.page.locator('.quick-input-widget'), 4);
  });
});
