import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';
import type { Workbench } from './support/workbench';

const PER_WINDOW = 12;
/** One keystroke per send, so each window queues its twelve well within DingTalk's minute. */
const SEND_KEY = 'Control+Alt+Shift+S';

function lines(window: string): string {
  return Array.from({ length: PER_WINDOW }, (_, i) => `Window ${window}, message ${i + 1}`).join('\n') + '\n';
}

interface HistoryEntryOnDisk {
  result: string;
  summary: string;
  host?: number;
}

function readHistory(file: string): HistoryEntryOnDisk[] {
  if (!existsSync(file)) {
    return [];
  }
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { entries: HistoryEntryOnDisk[] }).entries;
  } catch {
    // Caught between the temporary file and its rename: the next read sees the whole file.
    return [];
  }
}

/** What a process is, from its command line ("" once it has ended). */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Sends each line of the open file as its own selection, one after the other, without waiting for any. */
async function sendEachLine(workbench: Workbench): Promise<void> {
  for (let line = 1; line <= PER_WINDOW; line++) {
    // selectLines waits until the status bar shows the line selected: a key pressed before would send nothing.
    await workbench.selectLines(line, line);
    await workbench.page.keyboard.press(SEND_KEY);
  }
}

/** The labels of the Sent History view's rows ("a.txt:3"), once it is the side bar's view. */
async function historyLabels(workbench: Workbench): Promise<string[]> {
  const { page } = workbench;
  if (!(await page.locator('.part.sidebar .composite.title', { hasText: /Sent History/i }).count())) {
    return [];
  }
  const labels = await page.locator('.part.sidebar .monaco-list-row .label-name').allInnerTexts();
  return labels.map((label) => label.trim()).sort();
}

/** The pids of the extension hosts code-server started, from its log ("<pid> Launched Extension Host Process."). */
function launchedHosts(serverLog: string): number[] {
  return [...readFileSync(serverLog, 'utf8').matchAll(/<(\d+)> Launched Extension Host Process/g)].map((match) => Number(match[1]));
}

/** Each extension host's DingTalk log (its own folder, exthost<N>): how many robot sends it answered 200. */
function sendsByHostLog(logs: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const session of existsSync(logs) ? readdirSync(logs) : []) {
    for (const host of readdirSync(join(logs, session)).filter((name) => name.startsWith('exthost'))) {
      const file = join(logs, session, host, 'dingtalk-sender.dingtalk-sender', 'DingTalk.log');
      if (existsSync(file)) {
        counts.set(host, (readFileSync(file, 'utf8').match(/← 200 POST \/robot\/send/g) ?? []).length);
      }
    }
  }
  return counts;
}

describe('Two windows of one VS Code sending to one robot', function () {
  this.timeout(360_000);

  it('share one DingTalk budget: 24 sends at once, no "too fast", all delivered and all in the one Sent History', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      files: { 'a.txt': lines('A'), 'b.txt': lines('B') },
      keybindings: [{ key: 'ctrl+alt+shift+s', command: 'dingtalk.sendSelection', when: 'editorTextFocus' }],
    });
    const { workbench: first, sim } = session;
    await first.ready();
    await addWebhookRobot(first, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await first.clearNotifications();
    const second = await session.openWindow();
    // The extension starts in the second window before its sends (the first send would otherwise
    // race its activation), showing the Sent History the two windows share.
    await second.runCommand('DingTalk: Show Sent History');
    await second.statusBarItem().waitFor({ timeout: 30_000 });
    await first.openFile('a.txt');
    await second.openFile('b.txt');

    // A send waiting in the queue is in the Sent History as 'sending', with its extension host's pid.
    const historyFile = join(session.globalStorage, 'history.json');
    const hosts = new Map<number, Set<string>>();
    const watch = setInterval(() => {
      for (const entry of readHistory(historyFile)) {
        if (entry.result === 'sending' && entry.host !== undefined) {
          hosts.set(entry.host, (hosts.get(entry.host) ?? new Set()).add(entry.summary));
        }
      }
    }, 50);
    try {
      await Promise.all([sendEachLine(first), sendEachLine(second)]);
      // Done when all arrived, or as soon as DingTalk refused one: a window that did not share the
      // budget goes over the limit, and the robot stays throttled for ten minutes.
      await eventually(
        () => sim.stats(),
        (stats) => stats.messages >= 2 * PER_WINDOW || stats.rateLimited > 0,
        'all 24 messages, or a "too fast" answer',
        200_000,
      );
      assert.equal(sim.stats().rateLimited, 0, `DingTalk refused sends as too fast: ${sim.stats().messages} delivered`);
      const texts = sim.messages.map((message) => String(message.body.markdown?.text ?? message.body.text?.content ?? ''));
      assert.equal(texts.length, 2 * PER_WINDOW, 'each send delivered once');
      for (const window of ['A', 'B']) {
        for (let i = 1; i <= PER_WINDOW; i++) {
          assert.equal(texts.filter((text) => text.includes(`Window ${window}, message ${i}\n`)).length, 1, `"Window ${window}, message ${i}" once in ${texts.join(' | ')}`);
        }
      }

      const history = await eventually(
        () => readHistory(historyFile),
        (entries) => entries.filter((entry) => entry.result === 'sent').length >= 2 * PER_WINDOW,
        'the Sent History to hold all 24 sends',
        30_000,
      );
      assert.equal(history.length, 2 * PER_WINDOW, `one entry per send: ${JSON.stringify(history.map((entry) => [entry.summary, entry.result]))}`);
      assert.ok(
        history.every((entry) => entry.result === 'sent'),
        `all sent: ${JSON.stringify(history.map((entry) => entry.result))}`,
      );
    } finally {
      clearInterval(watch);
    }
    // Each window's Sent History view lists the other window's sends too.
    const expected = ['a', 'b'].flatMap((name) => Array.from({ length: PER_WINDOW }, (_, i) => `${name}.txt:${i + 1}`)).sort();
    for (const workbench of [first, second]) {
      await workbench.runCommand('DingTalk: Show Sent History');
      const labels = await eventually(() => historyLabels(workbench), (shown) => shown.length >= expected.length, 'the Sent History view to list all 24 sends', 20_000);
      assert.deepEqual(labels, expected);
    }

    // Two extension hosts did the sending: code-server launched two, both still running, each logged
    // twelve sends in a log of its own, and the sends waiting in the history named them.
    const launched = launchedHosts(join(session.profile.root, 'server.log'));
    assert.equal(launched.length, 2, `code-server launched ${launched.length} extension host(s)`);
    for (const pid of launched) {
      assert.match(commandLine(pid), /extensionHost/, `process ${pid} is an extension host: ${commandLine(pid)}`);
    }
    const logged = sendsByHostLog(join(session.profile.userData, 'logs'));
    assert.deepEqual([...logged.values()], [PER_WINDOW, PER_WINDOW], `robot sends per extension host log: ${JSON.stringify([...logged])}`);
    const seen = [...hosts.keys()];
    assert.ok(seen.length > 0 && seen.every((pid) => launched.includes(pid)), `the history's sending hosts ${JSON.stringify(seen)} are the launched ${JSON.stringify(launched)}`);
    console.log(`      extension hosts ${launched.join(' and ')} (${[...logged].map(([host, n]) => `${host}: ${n} sends`).join(', ')}); the history saw ${seen.join(', ')} sending; DingTalk: ${sim.stats().messages} messages, 0 "too fast"`);
  });
});
