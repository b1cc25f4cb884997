// The Sent History's part of the manifest: its view container, view, welcome text and menus, and
// that the menus' `viewItem` conditions select the entries the view's context values describe.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandIds, HISTORY_VIEW } from '../../../../src/extension/commandIds';
import { describeEntry } from '../../../../src/extension/history/describe';
import type { HistoryEntry, SendOutcome } from '../../../../src/extension/history/entry';
import { english } from '../../../support/extensionHarness';
import { readRepoJson, repoRoot } from '../../../support/repo';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; icon?: string }>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    viewsWelcome: Array<{ view: string; contents: string }>;
    menus: Record<string, MenuItem[]>;
  };
}

const { contributes } = readRepoJson<Manifest>('package.json');
const nls = readRepoJson<Record<string, string>>('package.nls.json');
const nlsZh = readRepoJson<Record<string, string>>('package.nls.zh-cn.json');
const key = (value: string): string => /^%(.+)%$/.exec(value)?.[1] ?? '';

const ITEM_COMMANDS = [CommandIds.retryHistoryEntry, CommandIds.resendHistoryEntry, CommandIds.previewHistoryEntry, CommandIds.copyHistoryEntry, CommandIds.removeHistoryEntry];
const RESULTS: SendOutcome[] = ['sending', 'sent', 'failed', 'cancelled', 'notSent'];

/** Every context value the view gives an item: each result, with and without content. */
const contextValues = RESULTS.flatMap((result) =>
  [true, false].map((withContent) => {
    const entry: HistoryEntry = { id: 'e', time: 0, robotId: 'r', robotName: 'Team', kind: 'message', summary: 's', size: 1, result, content: withContent ? { text: 't', language: 'markdown' } : undefined };
    return { result, withContent, value: describeEntry({ t: english, locale: 'en' }, entry, 0).contextValue };
  }),
);

/** Evaluates the `viewItem` part of a when clause the way VS Code does: `== 'value'` or `=~ /regex/`. */
function selects(when: string, viewItem: string): boolean {
  const clauses = when.split('&&').map((clause) => clause.trim());
  assert.ok(clauses.includes(`view == ${HISTORY_VIEW}`), `${when}: not limited to the Sent History view`);
  return clauses
    .filter((clause) => clause.startsWith('viewItem'))
    .every((clause) => {
      const equals = /^viewItem == '([^']+)'$/.exec(clause);
      if (equals) {
        return viewItem === equals[1];
      }
      const matches = /^viewItem =~ \/(.+)\/$/.exec(clause);
      assert.ok(matches, `cannot read "${clause}"`);
      return new RegExp(matches[1]).test(viewItem);
    });
}

describe('manifest: the Sent History', () => {
  it('puts a DingTalk view container in the activity bar, with a monochrome 24×24 SVG icon', () => {
    const container = contributes.viewsContainers.activitybar.find((c) => c.id === 'dingtalk');
    assert.ok(container);
    assert.deepEqual([nls[key(container.title)], nlsZh[key(container.title)]], ['DingTalk', '钉钉']);
    assert.equal(container.icon, 'media/dingtalk-activity.svg');
    const svg = readFileSync(join(repoRoot, container.icon), 'utf8');
    assert.match(svg, /<svg [^>]*width="24" height="24" viewBox="0 0 24 24"/);
    assert.match(svg, /currentColor/);
    assert.doesNotMatch(svg, /#[0-9a-f]{3,6}\b|rgb\(/i, 'the icon has a colour of its own');
  });

  it('has the Sent History view in it, titled in both languages, with a welcome text when empty', () => {
    const view = contributes.views.dingtalk?.find((v) => v.id === HISTORY_VIEW);
    assert.ok(view);
    assert.deepEqual([nls[key(view.name)], nlsZh[key(view.name)]], ['Sent History', '发送记录']);
    const welcome = contributes.viewsWelcome.find((w) => w.view === HISTORY_VIEW);
    assert.ok(welcome && nls[key(welcome.contents)] && nlsZh[key(welcome.contents)]);
    assert.match(nls[key(welcome.contents)], /\(command:dingtalk\.sendMessage\)/);
  });

  it('hides the item commands from the Command Palette, but not Show or Clear Sent History', () => {
    const palette = contributes.menus.commandPalette;
    for (const command of ITEM_COMMANDS) {
      assert.equal(palette.find((item) => item.command === command)?.when, 'false', command);
    }
    for (const command of [CommandIds.showHistory, CommandIds.clearHistory]) {
      assert.ok(!palette.some((item) => item.command === command), `${command} is hidden`);
    }
  });

  it('puts Clear Sent History on the view\'s title bar, with an icon', () => {
    assert.ok(contributes.menus['view/title'].some((item) => item.command === CommandIds.clearHistory && item.when === `view == ${HISTORY_VIEW}` && item.group === 'navigation'));
    assert.ok(contributes.commands.find((c) => c.command === CommandIds.clearHistory)?.icon);
  });

  it('offers each item command on exactly the entries it can act on', () => {
    const items = contributes.menus['view/item/context'];
    const offered = (command: string, inline = false): string[] =>
      contextValues
        .filter(({ value }) => items.some((item) => item.command === command && (item.group === 'inline') === inline && selects(item.when ?? '', value)))
        .map(({ result, withContent }) => `${result}${withContent ? '+content' : ''}`);
    const unfinished = ['failed+content', 'cancelled+content', 'notSent+content'];
    assert.deepEqual(offered(CommandIds.retryHistoryEntry), unfinished);
    assert.deepEqual(offered(CommandIds.retryHistoryEntry, true), unfinished);
    assert.deepEqual(offered(CommandIds.resendHistoryEntry), ['sent+content']);
    const withContent = RESULTS.map((result) => `${result}+content`);
    assert.deepEqual(offered(CommandIds.previewHistoryEntry), withContent);
    assert.deepEqual(offered(CommandIds.copyHistoryEntry), withContent);
    assert.deepEqual(offered(CommandIds.removeHistoryEntry), ['sent+content', 'sent', 'failed+content', 'failed', 'cancelled+content', 'cancelled', 'notSent+content', 'notSent']);
  });

  it('offers Recall and Refresh Read Status on app-robot sends still in DingTalk, and the other commands as before', () => {
    const items = contributes.menus['view/item/context'];
    const base: HistoryEntry = { id: 'e', time: 0, robotId: 'r', robotName: 'Team', kind: 'message', summary: 's', size: 1, result: 'sent', content: { text: 't', language: 'markdown' } };
    const inDingTalk: HistoryEntry = { ...base, robotKind: 'app', app: { openConversationId: 'cid', parts: [{ key: 'k', sentAt: 0 }] } };
    const recalled: HistoryEntry = { ...inDingTalk, recall: { at: 1, recalled: ['k'], refused: [] } };
    const webhook: HistoryEntry = { ...base, robotKind: 'webhook' };
    const commands = (entry: HistoryEntry): string[] => {
      const value = describeEntry({ t: english, locale: 'en' }, entry, 0).contextValue;
      return [...new Set(items.filter((item) => item.group !== 'inline' && selects(item.when ?? '', value)).map((item) => item.command))];
    };
    const always = [CommandIds.resendHistoryEntry, CommandIds.previewHistoryEntry, CommandIds.copyHistoryEntry, CommandIds.removeHistoryEntry];
    assert.deepEqual(commands(inDingTalk).sort(), [...always, CommandIds.recallHistoryEntry, CommandIds.refreshReadStatus].sort());
    assert.deepEqual(commands(recalled).sort(), [...always].sort());
    assert.deepEqual(commands(webhook).sort(), [...always].sort());
    for (const command of [CommandIds.recallHistoryEntry, CommandIds.refreshReadStatus]) {
      const title = contributes.commands.find((c) => c.command === command)?.title ?? '';
      assert.ok(nls[key(title)] && nlsZh[key(title)], command);
    }
  });
});
