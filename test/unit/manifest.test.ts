// Checks the manifest (package.json `contributes`) against the project's habits (every command in the
// DingTalk category with a localized title, settings described through nls keys, settings that decide
// where data goes scoped to the application), the nls files and the command ids the code registers.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandIds, MenuCommandIds } from '../../src/extension/commandIds';
import { readRepoJson, repoRoot } from '../support/repo';



interface Command {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}

interface MenuItem {
  command?: string;
  submenu?: string;
  alt?: string;
  when?: string;
  group?: string;
}

interface Setting {
  type: string;
  default?: unknown;
  scope?: string;
  description?: string;
  markdownDescription?: string;
}

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: unknown; altText?: string };
  completionEvents?: string[];
}

interface Manifest {
  main: string;
  l10n?: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations?: string[] } };
  contributes: {
    commands?: Command[];
    menus?: Record<string, MenuItem[]>;
    configuration?: { title: string; properties: Record<string, Setting> };
    walkthroughs?: { id: string; title: string; description: string; steps: WalkthroughStep[] }[];
  };
}

const manifest = readRepoJson<Manifest>('package.json');
const nlsFiles = { 'package.nls.json': readRepoJson<Record<string, string>>('package.nls.json'), 'package.nls.zh-cn.json': readRepoJson<Record<string, string>>('package.nls.zh-cn.json') };
const nls = nlsFiles['package.nls.json'];
const nlsZh = nlsFiles['package.nls.zh-cn.json'];
const commands = manifest.contributes.commands ?? [];
const commandIds = new Set(commands.map((command) => command.command));
const menus = manifest.contributes.menus ?? {};
const settings = manifest.contributes.configuration?.properties ?? {};
const walkthroughs = manifest.contributes.walkthroughs ?? [];
const steps = walkthroughs.flatMap((walkthrough) => walkthrough.steps);

/** Every string anywhere in the manifest, with where it is (for messages). */
function strings(value: unknown, at = ''): { at: string; value: string }[] {
  if (typeof value === 'string') {
    return [{ at, value }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => strings(item, `${at}[${index}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => strings(item, at ? `${at}.${key}` : key));
  }
  return [];
}

/** The nls key a manifest value stands for: VS Code replaces a whole-string `%key%` only. */
function nlsKey(value: string): string | undefined {
  return /^%([^%\s]+)%$/.exec(value)?.[1];
}

/** `command:` links in walkthrough text (buttons); the id without arguments. */
function commandLinks(text: string): string[] {
  return [...text.matchAll(/\(command:([\w.-]+)/g)].map((match) => match[1]);
}

describe('manifest (package.json)', function () {
  it('targets VS Code ^1.90.0 and activates on contributed commands only', function () {
    assert.strictEqual(manifest.engines.vscode, '^1.90.0');
    assert.deepStrictEqual(manifest.activationEvents, []);
    assert.strictEqual(manifest.main, './dist/extension.js');
    assert.strictEqual(manifest.l10n, './l10n');
  });

  describe('commands', function () {
    it('contributes exactly the command ids of src/extension/commandIds.ts', function () {
      const expected = [...Object.values(CommandIds), ...Object.values(MenuCommandIds)].sort();
      assert.deepStrictEqual([...commandIds].sort(), expected);
      assert.strictEqual(commands.length, commandIds.size, 'a command is contributed twice');
    });

    it('puts every command in the "DingTalk" category', function () {
      for (const command of commands) {
        assert.strictEqual(command.category, 'DingTalk', command.command);
      }
    });

    it('localizes every command title through a %key% in both nls files', function () {
      for (const command of commands) {
        const key = nlsKey(command.title);
        assert.ok(key, `${command.command}: title ${JSON.stringify(command.title)} is not a %key%`);
        assert.ok(nls[key], `${command.command}: "${key}" missing from package.nls.json`);
        assert.ok(nlsZh[key], `${command.command}: "${key}" missing from package.nls.zh-cn.json`);
      }
    });

    it('gives Send Markdown an icon for the editor title bar', function () {
      const sendMarkdown = commands.find((command) => command.command === CommandIds.sendMarkdown);
      assert.strictEqual(sendMarkdown?.icon, '$(send)');
    });
  });

  describe('menus', function () {
    it('refers only to contributed commands', function () {
      for (const [menu, items] of Object.entries(menus)) {
        for (const item of items) {
          assert.ok(item.command, `${menu}: an item without a command`);
          assert.ok(commandIds.has(item.command), `${menu}: ${item.command} is not a contributed command`);
          if (item.alt) {
            assert.ok(commandIds.has(item.alt), `${menu}: alt ${item.alt} is not a contributed command`);
          }
        }
      }
    });

    it('hides the menu aliases from the Command Palette', function () {
      const palette = menus.commandPalette ?? [];
      for (const alias of Object.values(MenuCommandIds)) {
        const entry = palette.find((item) => item.command === alias);
        assert.strictEqual(entry?.when, 'false', `${alias} must be hidden from the Command Palette`);
      }
    });

    it('shows every menu alias in some context menu', function () {
      const contextItems = Object.entries(menus).filter(([menu]) => menu !== 'commandPalette').flatMap(([, items]) => items);
      for (const alias of Object.values(MenuCommandIds)) {
        assert.ok(contextItems.some((item) => item.command === alias), `${alias} is in no menu`);
      }
    });

    it('offers each send where the design says', function () {
      const has = (menu: string, command: string, when: string): void => {
        const found = (menus[menu] ?? []).some((item) => item.command === command && item.when === when);
        assert.ok(found, `${menu}: expected ${command} when "${when}"`);
      };
      has('editor/context', MenuCommandIds.sendSelection, 'editorHasSelection');
      has('editor/context', MenuCommandIds.sendMarkdown, 'editorLangId == markdown');
      has('explorer/context', MenuCommandIds.sendFile, '!explorerResourceIsFolder && (resourceScheme == file || resourceScheme == vscode-remote)');
      has('explorer/context', MenuCommandIds.sendMarkdown, 'resourceLangId == markdown');
      has('editor/title/context', MenuCommandIds.sendFile, 'resourceScheme == file || resourceScheme == vscode-remote');
      has('editor/title/context', MenuCommandIds.sendMarkdown, 'resourceLangId == markdown');
      has('editor/title', CommandIds.sendMarkdown, 'resourceLangId == markdown');
      has('webview/context', MenuCommandIds.sendMarkdown, "webviewId == 'markdown.preview' || webviewId == 'vscode.markdown.preview.editor'");
      has('commandPalette', CommandIds.sendSelection, 'editorIsOpen');
    });
  });

  describe('settings', function () {
    it('has a title and only dingtalk.* settings', function () {
      assert.ok(manifest.contributes.configuration?.title);
      for (const name of Object.keys(settings)) {
        assert.match(name, /^dingtalk\.[a-zA-Z]+$/);
      }
    });

    it('describes every setting with a localized markdownDescription', function () {
      assert.ok(Object.keys(settings).length > 0);
      for (const [name, setting] of Object.entries(settings)) {
        assert.ok(setting.markdownDescription, `${name} has no markdownDescription`);
        assert.ok(nlsKey(setting.markdownDescription), `${name}: markdownDescription is not a %key%`);
        assert.strictEqual(setting.description, undefined, `${name}: use markdownDescription only`);
        assert.ok(setting.type, `${name} has no type`);
        assert.notStrictEqual(setting.default, undefined, `${name} has no default`);
      }
    });

    it('keeps settings that decide where data goes out of workspace reach (scope application)', function () {
      for (const name of ['dingtalk.oapiBaseUrl', 'dingtalk.apiBaseUrl']) {
        assert.ok(settings[name], `${name} is not contributed`);
        assert.strictEqual(settings[name].scope, 'application', name);
      }
    });

    it('lets an untrusted workspace choose no robot: its dingtalk.defaultRobot is ignored in Restricted Mode', function () {
      const trust = manifest.capabilities.untrustedWorkspaces;
      assert.strictEqual(trust.supported, 'limited');
      const workspaceScoped = Object.keys(settings).filter((name) => settings[name].scope !== 'application');
      assert.deepStrictEqual(trust.restrictedConfigurations, workspaceScoped);
    });

    it('has no setting that holds robots or secrets (they live in SecretStorage)', function () {
      // A switch (dingtalk.scanForSecrets) holds no value worth stealing.
      for (const name of Object.keys(settings).filter((key) => settings[key].type !== 'boolean')) {
        assert.doesNotMatch(name, /robots|webhook|secret|token/i, `${name} looks like a robot or a secret`);
      }
    });
  });

  describe('walkthrough', function () {
    it('has steps, each with a title, a description and a markdown page that exists', function () {
      assert.strictEqual(walkthroughs.length, 1);
      assert.ok(steps.length >= 5);
      for (const step of steps) {
        assert.ok(nlsKey(step.title), `${step.id}: title is not a %key%`);
        assert.ok(nlsKey(step.description), `${step.id}: description is not a %key%`);
        assert.ok(step.media.markdown, `${step.id}: no markdown media`);
        assert.ok(fs.existsSync(path.join(repoRoot, step.media.markdown)), `${step.id}: ${step.media.markdown} does not exist`);
      }
    });

    it('completes steps on contributed commands', function () {
      for (const step of steps) {
        assert.ok(step.completionEvents?.length, `${step.id}: no completionEvents`);
        for (const event of step.completionEvents ?? []) {
          const command = /^onCommand:(.+)$/.exec(event)?.[1];
          if (command) {
            assert.ok(commandIds.has(command), `${step.id}: ${event} names no contributed command`);
          }
        }
      }
    });

    it('links its buttons to existing commands, the same in every language', function () {
      for (const step of steps) {
        const key = nlsKey(step.description) ?? '';
        const links = commandLinks(nls[key] ?? '');
        for (const link of links.filter((id) => id.startsWith('dingtalk.'))) {
          assert.ok(commandIds.has(link), `${step.id}: button command:${link} is not a contributed command`);
        }
        assert.deepStrictEqual(commandLinks(nlsZh[key] ?? ''), links, `${step.id}: the Chinese description has other buttons`);
      }
    });
  });

  describe('nls files', function () {
    const used = strings(manifest)
      .map(({ at, value }) => ({ at, key: nlsKey(value) }))
      .filter((entry): entry is { at: string; key: string } => entry.key !== undefined);

    it('defines every %key% the manifest uses, in every language', function () {
      for (const [file, values] of Object.entries(nlsFiles)) {
        const missing = used.filter(({ key }) => typeof values[key] !== 'string' || values[key].trim() === '');
        assert.deepStrictEqual(
          missing.map(({ at, key }) => `${at}: ${key}`),
          [],
          `keys used in package.json but missing or empty in ${file}`,
        );
      }
    });

    it('has no keys the manifest does not use', function () {
      const usedKeys = new Set(used.map(({ key }) => key));
      for (const [file, values] of Object.entries(nlsFiles)) {
        const unused = Object.keys(values).filter((key) => !usedKeys.has(key));
        assert.deepStrictEqual(unused, [], `keys in ${file} that package.json no longer uses`);
      }
    });

    it('has the same keys in package.nls.json and package.nls.zh-cn.json', function () {
      assert.deepStrictEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
    });
  });
});
