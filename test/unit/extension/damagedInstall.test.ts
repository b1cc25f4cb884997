import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tellDamagedInstalls } from '../../../src/extension/damagedInstall';
import type { HistoryEntry } from '../../../src/extension/history/entry';
import type * as Store from '../../../src/extension/history/store';
import type * as Damaged from '../../../src/extension/damagedInstall';
import type * as Lazy from '../../../src/extension/lazy';
import type * as Renderer from '../../../src/extension/snippetImage/rendererBundle';
import { isDamagedInstall, lazyBundle, onDamagedInstall, RELOAD_AFTER_MS, runHandler, type DamagedInstallError } from '../../../src/extension/lazy';
import { ScriptedUi } from '../../support/fakeUi';
import { CapturingLogger } from '../../support/harness';
import { MemoryHistoryFile } from './history/memoryFile';

const t = (message: string, ...args: Array<string | number>): string => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** The compiled sources (out/src), where this test runs from. */
const compiled = join(__dirname, '..', '..', '..', 'src');

function heard(): { errors: DamagedInstallError[]; dispose(): void } {
  const errors: DamagedInstallError[] = [];
  const subscription = onDamagedInstall((error) => errors.push(error));
  return { errors, dispose: () => subscription.dispose() };
}

describe('a damaged installation: bundles loaded on first use', () => {
  let dir: string;
  let listening: ReturnType<typeof heard>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dingtalk-damaged-'));
    listening = heard();
  });
  afterEach(() => {
    listening.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const forms: Array<{ what: string; text?: string }> = [
    { what: 'missing' },
    { what: 'corrupt (cut off midway)', text: 'exports.answer = function () { return {' },
    { what: 'throwing as it loads', text: 'throw new Error("the bundle broke as it loaded");' },
  ];
  for (const { what, text } of forms) {
    it(`tells a bundle that is ${what}, with the cause's stack, and loads it once the file is whole again`, () => {
      const file = join(dir, 'commands.js');
      if (text !== undefined) {
        writeFileSync(file, text);
      }
      let now = 0;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a real require of the bundle's file, as dist/extension.js does
      const load = lazyBundle('commands', () => require(file) as { answer(): number }, () => now);
      const error = (() => {
        try {
          load();
        } catch (caught) {
          return caught;
        }
        return assert.fail('loaded');
      })();
      assert.ok(isDamagedInstall(error), String(error));
      assert.equal(error.bundle, 'commands');
      assert.deepEqual(listening.errors, [error], 'told once');
      assert.match(error.stack ?? '', /Caused by: .*(Cannot find module|SyntaxError|the bundle broke as it loaded)/s);
      assert.match(error.stack ?? '', /\n\s+at /, 'with the stack of the cause');

      writeFileSync(file, 'exports.answer = () => 42;');
      now += RELOAD_AFTER_MS;
      assert.equal(load().answer(), 42, 'not failed for good');
      assert.equal(listening.errors.length, 1);
    });
  }

  it('does not load a failed bundle again at once: a view drawing 200 entries reads and compiles it once, and tells the same error', () => {
    let now = 0;
    let loads = 0;
    const load = lazyBundle(
      'core',
      () => {
        loads += 1;
        throw new SyntaxError('Unexpected end of input');
      },
      () => now,
    );
    const thrown = new Set<unknown>();
    for (let entry = 0; entry < 200; entry += 1) {
      assert.throws(() => {
        try {
          load();
        } catch (error) {
          thrown.add(error);
          throw error;
        }
      }, isDamagedInstall);
    }
    assert.equal(loads, 1, 'loaded once');
    assert.equal(thrown.size, 1, 'the same error each time');
    assert.equal(listening.errors.length, 200, 'each call told (a message shows if none does)');
    now += RELOAD_AFTER_MS - 1;
    assert.throws(load, isDamagedInstall);
    assert.equal(loads, 1);
    now += 1;
    assert.throws(load, isDamagedInstall);
    assert.equal(loads, 2, 'tried again once the pause is over');
  });

  it('ends a command quietly when the installation is damaged (already told), whether it throws or rejects, and lets other errors through', async () => {
    const damaged = lazyBundle('commands', () => {
      throw new Error('gone');
    });
    assert.equal(runHandler(() => damaged()), undefined);
    assert.equal(
      await runHandler(async () => {
        await Promise.resolve();
        damaged();
      }),
      undefined,
    );
    assert.throws(() => runHandler(() => assert.fail('a bug')), /a bug/);
    await assert.rejects(runHandler(() => Promise.reject(new Error('a rejection'))) as Promise<unknown>, /a rejection/);
    assert.equal(runHandler(() => 7), 7);
  });

  it('tells the user once, in their language, with Show Log; logs every failure with its stack', async () => {
    const ui = new ScriptedUi();
    const log = new CapturingLogger();
    let logShown = 0;
    let answer!: (action: string | undefined) => void;
    ui.script({ actions: [() => new Promise<string | undefined>((resolve) => (answer = resolve))] });
    const telling = tellDamagedInstalls(ui, t, log, () => (logShown += 1));
    try {
      let now = 0;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a core bundle that is not there
      const load = lazyBundle('core', () => require(join(dir, 'core.js')) as unknown, () => now);
      assert.throws(load);
      assert.throws(load, 'the same failure again at once');
      assert.equal(log.lines.length, 1, 'logged once');
      now += RELOAD_AFTER_MS;
      assert.throws(load, 'a second try while the message shows');
      assert.equal(ui.shown.length, 1, 'one message');
      assert.equal(ui.shown[0].kind, 'error');
      assert.match(ui.shown[0].message, /installation is damaged: a part of it \(core\) cannot be loaded\. Reinstall the extension, or reload the window/);
      assert.deepEqual(ui.shown[0].actions, ['Show Log']);
      assert.equal(log.lines.length, 2, 'each failure logged');
      assert.match(log.lines[0], /Cannot find module[\s\S]*\n\s+at /);
      answer('Show Log');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(logShown, 1);
      assert.throws(load);
      assert.equal(ui.shown.length, 2, 'told again once the first message is gone');
    } finally {
      telling.dispose();
    }
  });

  it('a log that cannot be shown either: logged, no unhandled rejection, and the next failure is told again', async () => {
    const ui = new ScriptedUi();
    const log = new CapturingLogger();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): number => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    ui.script({ actions: ['Show Log', undefined] });
    const telling = tellDamagedInstalls(ui, t, log, () => {
      throw new Error('the output channel is gone');
    });
    try {
      let now = 0;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a preview bundle that is not there
      const load = lazyBundle('preview', () => require(join(dir, 'preview.js')) as unknown, () => now);
      assert.throws(load);
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
      assert.match(log.lines.join('\n'), /The log could not be shown: the output channel is gone/);
      now += RELOAD_AFTER_MS;
      assert.throws(load);
      assert.equal(ui.shown.length, 2, 'told again');
    } finally {
      telling.dispose();
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('a damaged installation: the Sent History without its core', () => {
  let dir: string;
  beforeEach(() => {
    // Inside out/, so the copy finds the packages in node_modules as the real modules do.
    dir = mkdtempSync(join(compiled, '..', 'damaged-install-'));
    // The extension's modules as built, without the core beside them: a core bundle gone missing.
    mkdirSync(join(dir, 'src'));
    cpSync(join(compiled, 'extension'), join(dir, 'src', 'extension'), { recursive: true });
    cpSync(join(compiled, '..', '..', 'package.json'), join(dir, 'package.json'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entry = (n: number): HistoryEntry => ({
    id: `e${n}`,
    time: Date.UTC(2025, 0, 6, 9, n),
    robotId: 'r1',
    robotName: 'Team',
    kind: 'message',
    summary: `message ${n}`,
    size: 9,
    result: 'sent',
    content: { text: `message ${n}`, language: 'dingtalk-message' },
  });

  it('keeps a change it cannot save, shown in this window, and saves it with the next change once the core loads again', async () => {
    /* eslint-disable @typescript-eslint/no-require-imports -- the copy's own modules */
    const lazy = require(join(dir, 'src', 'extension', 'lazy.js')) as typeof Lazy;
    const { SendHistory } = require(join(dir, 'src', 'extension', 'history', 'store.js')) as typeof Store;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const told: DamagedInstallError[] = [];
    const subscription = lazy.onDamagedInstall((error) => told.push(error));
    // As the history file in global storage does: its lock comes from the core.
    const file = new (class extends MemoryHistoryFile {
      exclusive<T>(task: () => Promise<T>): Promise<T> {
        return lazy.core().withFileLock(join(dir, 'history.json'), task);
      }
    })();
    const log = new CapturingLogger();
    const history = new SendHistory(file, log, { host: 100, isAlive: () => true, now: () => Date.UTC(2025, 0, 6, 10) });
    try {
      await history.put(entry(1));
      assert.equal(file.text, undefined, 'not saved');
      assert.match(log.lines.join('\n'), /Sent History could not be saved \(The core bundle of DingTalk Sender could not be loaded[^]*\): 1 change\(s\) kept in this window, saved with the next change that can be\./);
      assert.equal(told.length, 1, 'the user is told');
      assert.deepEqual(
        history.entries().map((e) => e.id),
        ['e1'],
        'shown in this window',
      );

      cpSync(join(compiled, 'core'), join(dir, 'src', 'core'), { recursive: true });
      // The next change comes later than a failed load is remembered (lazy.ts's RELOAD_AFTER_MS).
      const realNow = Date.now;
      Date.now = () => realNow() + lazy.RELOAD_AFTER_MS;
      try {
        await history.put(entry(2));
      } finally {
        Date.now = realNow;
      }
      assert.deepEqual(
        file.json().entries.map((e) => e.id),
        ['e2', 'e1'],
        `the change kept is saved with the next one: ${log.lines.join(' | ')}`,
      );
    } finally {
      subscription.dispose();
    }
  });
});

describe('a damaged installation: a bundle loaded later, with its own copy of lazy.ts', () => {
  let dir: string;
  beforeEach(() => {
    // Two copies of the extension's modules, as dist/extension.js and dist/commands.js each bundle lazy.ts.
    dir = mkdtempSync(join(compiled, '..', 'two-bundles-'));
    for (const bundle of ['extension', 'commands']) {
      cpSync(join(compiled, 'extension'), join(dir, bundle, 'src', 'extension'), { recursive: true });
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /* eslint-disable @typescript-eslint/no-require-imports -- each copy's own modules */
  const copyOf = <T>(bundle: string, module: string): T => require(join(dir, bundle, 'src', 'extension', module)) as T;
  /* eslint-enable @typescript-eslint/no-require-imports */

  it('tells what the commands bundle cannot load (the snippet image renderer) where activation listens, once handed activation\'s channel', () => {
    const activation = copyOf<typeof Lazy>('extension', 'lazy.js');
    const commands = copyOf<typeof Lazy>('commands', 'lazy.js');
    assert.notEqual(activation, commands, 'two copies');
    const { tellDamagedInstalls: tellInActivation } = copyOf<typeof Damaged>('extension', 'damagedInstall.js');
    const { rendererBundle } = copyOf<typeof Renderer>('commands', join('snippetImage', 'rendererBundle.js'));
    const ui = new ScriptedUi();
    const log = new CapturingLogger();
    const telling = tellInActivation(ui, t, log, () => undefined);
    try {
      // An extension folder without dist/snippetImage.js.
      const renderer = rendererBundle(join(dir, 'installed'));
      assert.throws(renderer, (error: unknown) => isDamagedInstall(error));
      assert.equal(ui.shown.length, 0, 'the commands bundle\'s own listeners: nobody');

      commands.tellDamagedInstallsThrough(activation.damagedInstalls);
      const realNow = Date.now;
      Date.now = () => realNow() + RELOAD_AFTER_MS;
      try {
        assert.throws(renderer, (error: unknown) => isDamagedInstall(error));
      } finally {
        Date.now = realNow;
      }
      assert.deepEqual(
        ui.shown.map((s) => [s.kind, s.message, s.actions]),
        [['error', 'DingTalk Sender\'s installation is damaged: a part of it (snippetImage) cannot be loaded. Reinstall the extension, or reload the window if it was just updated.', ['Show Log']]],
      );
      assert.match(log.lines.join('\n'), /Cannot find module[^]*snippetImage\.js/);
    } finally {
      telling.dispose();
    }
  });
});
