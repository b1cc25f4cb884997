import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import type { ThemeKind, TokenColorRule } from '../../../../src/core';
import type { GrammarFile } from '../../../../src/core/snippetImage';
import { createLook, customized, grammarFileCache, includedScopes, readGrammars, readTheme, themeCache, themeFile, type InstalledExtension, type LookHost } from '../../../../src/extension/snippetImage/look';
import { repoRoot } from '../../../support/repo';
import { recordingSnippetImages } from '../../../support/snippetImages';

/** A TextMate (plist) theme: #272822 background, keywords #F92672, numbers #AE81FF. */
const TM_THEME = readFileSync(join(repoRoot, 'test/fixtures/snippetImage/made-up.tmTheme'), 'utf8');

/** Made-up extensions on disk: a theme extension and a grammar extension, as VS Code would list them. */
async function extension(root: string, name: string, contributes: object, files: Record<string, string>): Promise<InstalledExtension> {
  const extensionPath = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(extensionPath, path)), { recursive: true });
    await writeFile(join(extensionPath, path), content);
  }
  const packageJSON = { name, contributes };
  await writeFile(join(extensionPath, 'package.json'), JSON.stringify(packageJSON));
  return { extensionPath, packageJSON };
}

const grammar = (scopeName: string, patterns: object[]): string => JSON.stringify({ scopeName, patterns });

const LIGHT_THEME = `{
  // VS Code's theme files are JSON with comments and trailing commas.
  "name": "Made Up Light",
  "include": "./base.json",
  "colors": { "editor.background": "#fdf6e3", },
  "tokenColors": [
    { "scope": "keyword", "settings": { "foreground": "#aa0000" } },
    { "scope": "markup.injected", "settings": { "foreground": "#008800" } },
  ],
}`;
const BASE_THEME = `{
  "type": "light",
  /* overridden by the including theme */
  "colors": { "editor.background": "#000000", "editor.foreground": "#112233" },
  "tokenColors": "./base-tokens.tmTheme"
}`;
/** A TextMate theme of one rule, with no global rule: a JSON theme's `tokenColors` names such a file. */
const tmRules = (scope: string, foreground: string): string =>
  `<plist version="1.0"><dict><key>settings</key><array><dict><key>scope</key><string>${scope}</string><key>settings</key><dict><key>foreground</key><string>${foreground}</string></dict></dict></array></dict></plist>`;
const BASE_TOKENS = tmRules('constant.numeric', '#0000cc');

describe('snippetImage/look: the theme and grammars of the user\'s editor, from the installed extensions', () => {
  let root: string;
  let themes: InstalledExtension;
  let grammars: InstalledExtension;
  const logged: string[] = [];
  const log = { debug: () => undefined, info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'dingtalk-look-'));
    themes = await extension(
      root,
      'made-up-themes',
      {
        themes: [
          { id: 'made-up-light', label: 'Made Up Light', uiTheme: 'vs', path: './themes/light.json' },
          { label: 'Labelled Only', uiTheme: 'vs-dark', path: './themes/base.json' },
          { id: 'loop', label: 'Loop', path: './themes/loop-a.json' },
          { id: 'broken', label: 'Broken', path: './themes/missing.json' },
          { id: 'made-up-tm', label: 'Made Up TM', uiTheme: 'vs-dark', path: './themes/made-up.tmTheme' },
          { id: 'referencing-tm', label: 'Referencing TM', uiTheme: 'vs-dark', path: './themes/referencing.json' },
          { id: 'broken-tm', label: 'Broken TM', uiTheme: 'vs-dark', path: './themes/broken.tmTheme' },
          { id: 'json-tokens', label: 'JSON Tokens', uiTheme: 'vs', path: './themes/json-tokens.json' },
        ],
      },
      {
        'themes/light.json': LIGHT_THEME,
        'themes/base.json': BASE_THEME,
        'themes/base-tokens.tmTheme': BASE_TOKENS,
        // VS Code reads a tokenColors file only as a TextMate theme (plist).
        'themes/json-tokens.json': '{ "name": "JSON Tokens", "tokenColors": "./json-rules.json" }',
        'themes/json-rules.json': JSON.stringify({ tokenColors: [{ scope: 'keyword', settings: { foreground: '#aa0000' } }] }),
        'themes/odd-tokens.json': '{ "tokenColors": { "scope": "keyword" } }',
        // VS Code skips an include or tokenColors that is null, "" or false (colorThemeData.ts tests each for truth).
        'themes/unset-parts.json': '{ "name": "Unset Parts", "include": "", "colors": { "editor.background": "#101010" }, "tokenColors": null }',
        'themes/unset-tokens.json': '{ "include": "./unset-parts.json", "tokenColors": "" }',
        'themes/loop-a.json': '{ "include": "./loop-b.json" }',
        'themes/loop-b.json': '{ "include": "./loop-a.json" }',
        'themes/made-up.tmTheme': TM_THEME,
        // VS Code takes the .tmTheme's editor colors over the file's own.
        'themes/referencing.json': '{ "name": "Referencing", "colors": { "editor.background": "#000000", "editorLineNumber.foreground": "#123456" }, "tokenColors": "./made-up.tmTheme" }',
        'themes/broken.tmTheme': '<plist version="1.0"><dict><key>settings</key><string>not rules</string></dict></plist>',
        'themes/old-style.json': JSON.stringify({ name: 'Old Style', settings: [{ settings: { background: '#101010', foreground: '#f0f0f0', caret: '#ffffff' } }, { scope: 'string', settings: { foreground: '#00ff00' } }] }),
      },
    );
    grammars = await extension(
      root,
      'made-up-grammars',
      {
        grammars: [
          { language: 'madeup', scopeName: 'source.madeup', path: './syntaxes/madeup.json', embeddedLanguages: { 'meta.embedded.block.style': 'madestyle' } },
          { language: 'madestyle', scopeName: 'source.madestyle', path: './syntaxes/style.json' },
          { scopeName: 'source.numbers', path: './syntaxes/numbers.json' },
          { scopeName: 'source.deep', path: './syntaxes/deep.json' },
          { scopeName: 'todo.injection', injectTo: ['source.madeup'], path: './syntaxes/todo.json' },
          { scopeName: 'everywhere.injection', injectTo: ['source'], path: './syntaxes/everywhere.json' },
          { scopeName: 'style.injection', injectTo: ['source.madestyle'], path: './syntaxes/style-injection.json' },
          { scopeName: 'source.unrelated', path: './syntaxes/unrelated.json' },
          { scopeName: 'source.gone', path: './syntaxes/gone.json' },
          { language: 'other', scopeName: 'source.other', path: './syntaxes/other.json' },
        ],
      },
      {
        'syntaxes/madeup.json': grammar('source.madeup', [{ match: '\\blet\\b', name: 'keyword.control.madeup' }, { include: 'source.numbers#digits' }, { include: 'source.gone' }]),
        'syntaxes/style.json': grammar('source.madestyle', []),
        'syntaxes/numbers.json': JSON.stringify({ scopeName: 'source.numbers', patterns: [{ include: '#digits' }, { include: 'source.deep' }], repository: { digits: { match: '\\d+', name: 'constant.numeric.madeup' } } }),
        'syntaxes/deep.json': grammar('source.deep', []),
        'syntaxes/todo.json': JSON.stringify({ scopeName: 'todo.injection', injectionSelector: 'L:source.madeup', patterns: [{ match: '\\btotal\\b', name: 'markup.injected.madeup' }] }),
        'syntaxes/everywhere.json': grammar('everywhere.injection', []),
        'syntaxes/style-injection.json': grammar('style.injection', []),
        'syntaxes/unrelated.json': grammar('source.unrelated', []),
        'syntaxes/other.json': grammar('source.other', []),
      },
    );
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    logged.length = 0;
  });

  describe('the theme', () => {
    it('finds the file of workbench.colorTheme by the theme\'s id, or by its label when it has no id', () => {
      assert.equal(themeFile([grammars, themes], 'made-up-light')?.path, join(themes.extensionPath, 'themes/light.json'));
      assert.equal(themeFile([themes], 'Labelled Only')?.path, join(themes.extensionPath, 'themes/base.json'));
      assert.equal(themeFile([themes], 'Not Installed'), undefined);
      assert.equal(themeFile([themes], undefined), undefined);
    });

    it("takes the theme's kind from its contribution's uiTheme, as VS Code does: vs light, hc-black and hc-light high contrast, anything else dark", () => {
      const kinds = { extensionPath: '/made-up', packageJSON: { contributes: { themes: ['vs', 'vs-dark', 'hc-black', 'hc-light', undefined, 'solarized'].map((uiTheme, i) => ({ id: `t${i}`, uiTheme, path: `./t${i}.json` })) } } };
      assert.deepEqual(
        [0, 1, 2, 3, 4, 5].map((i) => themeFile([kinds], `t${i}`)?.kind),
        ['light', 'dark', 'highContrast', 'highContrastLight', 'dark', 'dark'],
      );
    });

    it('reads JSON with comments, merges the include chain (its colors under, its token colors first) and a tokenColors file', async () => {
      const theme = await readTheme(join(themes.extensionPath, 'themes/light.json'));
      assert.equal(theme.name, 'Made Up Light');
      assert.equal(theme.type, 'light');
      assert.deepEqual(theme.colors, { 'editor.background': '#fdf6e3', 'editor.foreground': '#112233' });
      assert.deepEqual(theme.tokenColors, [
        { scope: 'constant.numeric', settings: { foreground: '#0000cc' } },
        { scope: 'keyword', settings: { foreground: '#aa0000' } },
        { scope: 'markup.injected', settings: { foreground: '#008800' } },
      ]);
    });

    it('refuses an include loop and a missing file with an error that names the file', async () => {
      await assert.rejects(readTheme(join(themes.extensionPath, 'themes/loop-a.json')), /include chain is more than 10 files deep/);
      await assert.rejects(readTheme(join(themes.extensionPath, 'themes/missing.json')), /missing\.json/);
    });

    it('reads a .tmTheme (plist) as VS Code does: its rules, and its global rule\'s background and foreground as the editor\'s colors', async () => {
      const theme = await readTheme(join(themes.extensionPath, 'themes/made-up.tmTheme'));
      assert.equal(theme.name, 'Made Up TextMate');
      assert.deepEqual(theme.colors, { 'editor.background': '#272822', 'editor.foreground': '#F8F8F2' });
      assert.deepEqual(
        (theme.tokenColors as TokenColorRule[]).map((rule) => [rule.scope, rule.settings?.foreground]),
        [
          [undefined, '#F8F8F2'],
          ['keyword', '#F92672'],
          ['constant.numeric, constant.other', '#AE81FF'],
        ],
      );
      const referencing = await readTheme(join(themes.extensionPath, 'themes/referencing.json'));
      assert.equal(referencing.name, 'Referencing');
      assert.deepEqual(referencing.colors, { 'editor.background': '#272822', 'editor.foreground': '#F8F8F2', 'editorLineNumber.foreground': '#123456' });
      assert.deepEqual(referencing.tokenColors, theme.tokenColors);
      const oldStyle = await readTheme(join(themes.extensionPath, 'themes/old-style.json'));
      assert.deepEqual(oldStyle.colors, { 'editor.background': '#101010', 'editor.foreground': '#f0f0f0' });
      assert.deepEqual((oldStyle.tokenColors as TokenColorRule[])[1], { scope: 'string', settings: { foreground: '#00ff00' } });
    });

    it('refuses a .tmTheme that is not one, naming the file', async () => {
      await assert.rejects(readTheme(join(themes.extensionPath, 'themes/broken.tmTheme')), /broken\.tmTheme: not a TextMate theme \('settings' is not an array\)/);
      await assert.rejects(readTheme(join(themes.extensionPath, 'themes/light.json').replace('light.json', 'x.tmTheme')), /x\.tmTheme/);
    });

    it('refuses, as VS Code does, a tokenColors file that is JSON, saying that VS Code reads only a .tmTheme there; and tokenColors that is neither rules nor a path', async () => {
      await assert.rejects(
        readTheme(join(themes.extensionPath, 'themes/json-tokens.json')),
        /json-rules\.json: 'tokenColors' names a JSON file, and VS Code reads only a TextMate theme \(\.tmTheme, a plist\) there/,
      );
      await assert.rejects(readTheme(join(themes.extensionPath, 'themes/odd-tokens.json')), /odd-tokens\.json: 'tokenColors' is neither an array of rules nor the path of a TextMate theme file/);
    });

    it('reads, as VS Code does, a theme whose include or tokenColors is null or "": it has none', async () => {
      const theme = await readTheme(join(themes.extensionPath, 'themes/unset-tokens.json'));
      assert.equal(theme.name, 'Unset Parts');
      assert.deepEqual(theme.colors, { 'editor.background': '#101010' });
      assert.deepEqual(theme.tokenColors, []);
    });

    it('the theme cache reads a theme again only when one of its files changed: the theme, an included file, its tokenColors file', async () => {
      const reads: string[] = [];
      const read = themeCache(async (path) => {
        reads.push(path);
        return readFile(path, 'utf8');
      });
      const light = join(themes.extensionPath, 'themes/light.json');
      const files = ['light.json', 'base.json', 'base-tokens.tmTheme'].map((name) => join(themes.extensionPath, 'themes', name));
      const first = await read(light);
      assert.deepEqual(reads, files);
      assert.equal(await read(light), first, 'unchanged: the same theme, no file read');
      assert.deepEqual(reads, files);
      const later = new Date(Date.now() + 120_000);
      await utimes(files[2], later, later);
      assert.deepEqual(await read(light), first, 'the same content, read again');
      assert.deepEqual(reads, [...files, ...files]);
      await utimes(files[1], later, later);
      await read(light);
      assert.deepEqual(reads, [...files, ...files, ...files], 'the included file changed');
    });

    it('the theme cache keeps the most recently used themes, up to its bound', async () => {
      const reads: string[] = [];
      const read = themeCache(async (path) => {
        reads.push(path);
        return readFile(path, 'utf8');
      }, 2);
      const [oldStyle, base, tm] = ['old-style.json', 'base-tokens.tmTheme', 'made-up.tmTheme'].map((name) => join(themes.extensionPath, 'themes', name));
      for (const path of [oldStyle, base, oldStyle, tm, oldStyle, base]) {
        await read(path);
      }
      assert.deepEqual(reads, [oldStyle, base, tm, base], 'the theme used again is kept; the least recently used goes');
    });

    it('the theme cache keeps no theme it could not read: a read that failed once (a file busy, say) is tried again', async () => {
      let failures = 1;
      const read = themeCache(async (path) => {
        if (failures-- > 0) {
          throw new Error('EBUSY: resource busy');
        }
        return readFile(path, 'utf8');
      });
      const oldStyle = join(themes.extensionPath, 'themes/old-style.json');
      await assert.rejects(read(oldStyle), /EBUSY/);
      assert.equal((await read(oldStyle)).name, 'Old Style');
    });

    it('puts the user\'s color customizations over the theme: for every theme, then for this one; token rules last', () => {
      const theme = { name: 'T', colors: { 'editor.background': '#111111', 'editor.foreground': '#eeeeee' }, tokenColors: [{ scope: 'comment', settings: { foreground: '#00ff00' } }] };
      const result = customized(theme, 'made-up-light', {
        colors: { 'editor.background': '#222222', '[made-up-light]': { 'editor.background': '#333333' }, '[other]': { 'editor.foreground': '#000000' } },
        tokenColors: { textMateRules: [{ scope: 'comment', settings: { foreground: '#ff0000' } }], '[made-up-light]': { textMateRules: [{ scope: 'string', settings: { foreground: '#0000ff' } }] } },
      });
      assert.deepEqual(result.colors, { 'editor.background': '#333333', 'editor.foreground': '#eeeeee' });
      assert.deepEqual(result.tokenColors, [
        { scope: 'comment', settings: { foreground: '#00ff00' } },
        { scope: 'comment', settings: { foreground: '#ff0000' } },
        { scope: 'string', settings: { foreground: '#0000ff' } },
      ]);
    });
    it('takes editor.tokenColorCustomizations\' groups (comments, numbers…) and the keys for several themes or with wildcards, as VS Code does; a textMateRule without a scope is dropped', () => {
      const theme = { name: 'T', colors: { 'editor.background': '#111111' }, tokenColors: [{ scope: 'comment', settings: { foreground: '#00ff00' } }] };
      const result = customized(theme, 'Made Up Light', {
        colors: { '[*Light]': { 'editor.background': '#444444' }, '[*Dark*]': { 'editor.background': '#555555' } },
        tokenColors: {
          comments: '#ff0000',
          numbers: { foreground: '#00aa00', fontStyle: 'bold' },
          textMateRules: [{ settings: { foreground: '#123456' } }, { scope: 'string', settings: { foreground: '#654321' } }],
          '[Other][Made Up*]': { functions: '#0000ff', textMateRules: [{ scope: 'variable', settings: { foreground: '#abcdef' } }] },
          '[Made Up Light]': { textMateRules: [{ scope: 'keyword', settings: { foreground: '#fedcba' } }] },
        },
      });
      assert.deepEqual(result.colors, { 'editor.background': '#444444' });
      assert.deepEqual(result.tokenColors, [
        { scope: 'comment', settings: { foreground: '#00ff00' } },
        { scope: 'comment', settings: { foreground: '#ff0000' } },
        { scope: 'punctuation.definition.comment', settings: { foreground: '#ff0000' } },
        { scope: 'constant.numeric', settings: { foreground: '#00aa00', fontStyle: 'bold' } },
        { scope: 'string', settings: { foreground: '#654321' } },
        { scope: 'entity.name.function', settings: { foreground: '#0000ff' } },
        { scope: 'support.function', settings: { foreground: '#0000ff' } },
        { scope: 'variable', settings: { foreground: '#abcdef' } },
        { scope: 'keyword', settings: { foreground: '#fedcba' } },
      ]);
    });
  });

  describe('the grammars', () => {
    it('names the scopes a grammar includes from others, in JSON and in plist, not its own rules', () => {
      assert.deepEqual(includedScopes('{"include": "source.css"}, {"include":"text.html.basic#tags"}, {"include": "#local"}, {"include": "$self"}'), ['source.css', 'text.html.basic']);
      assert.deepEqual(includedScopes('<key>include</key>\n<string>source.js</string><key>include</key><string>#x</string>'), ['source.js']);
    });

    it('takes the language\'s grammar and what it needs, transitively: included scopes, embedded languages, the grammars injected into its scope; nothing else', async () => {
      const look = await readGrammars([themes, grammars], 'madeup', log);
      assert.equal((look.grammar as GrammarFile).path, join(grammars.extensionPath, 'syntaxes/madeup.json'));
      const scopeOf = (g: unknown) => (JSON.parse((g as GrammarFile).content) as { scopeName: string }).scopeName;
      assert.deepEqual((look.embeddedGrammars ?? []).map(scopeOf).sort(), ['source.deep', 'source.madestyle', 'source.numbers']);
      // Injected into source.madeup, and into source (VS Code applies an injection to the scopes under its target);
      // the one injected into the embedded source.madestyle is not read: VS Code applies only the injections into the language's own grammar.
      // In VS Code's order (TMGrammarFactory): those into source first, then those into source.madeup.
      assert.deepEqual((look.injectedGrammars ?? []).map((injection) => [scopeOf(injection.grammar), injection.injectTo]), [
        ['everywhere.injection', ['source']],
        ['todo.injection', ['source.madeup']],
      ]);
      assert.match(logged.join('\n'), /the grammar source\.gone cannot be read/);
    });

    it('the last extension contributing a grammar for the language wins, as in VS Code', async () => {
      const override = await extension(root, 'override', { grammars: [{ language: 'madeup', scopeName: 'source.madeup.better', path: './g.json' }] }, { 'g.json': grammar('source.madeup.better', []) });
      const look = await readGrammars([grammars, override], 'madeup', log);
      assert.equal((look.grammar as GrammarFile).path, join(override.extensionPath, 'g.json'));
    });

    it('of two grammars with one scope name, the last registered is used, as VS Code\'s TMScopeRegistry keeps it: for an included scope, an injected one and the language\'s own', async () => {
      const later = await extension(
        root,
        'later-grammars',
        { grammars: [{ scopeName: 'source.numbers', path: './numbers.json' }, { scopeName: 'todo.injection', path: './todo.json' }] },
        { 'numbers.json': grammar('source.numbers', []), 'todo.json': grammar('todo.injection', []) },
      );
      const look = await readGrammars([grammars, later], 'madeup', log);
      const pathOf = (g: unknown) => (g as GrammarFile).path;
      assert.ok((look.embeddedGrammars ?? []).map(pathOf).includes(join(later.extensionPath, 'numbers.json')));
      assert.ok(!(look.embeddedGrammars ?? []).map(pathOf).includes(join(grammars.extensionPath, 'syntaxes/numbers.json')));
      // The first contribution's injectTo still counts, as in VS Code; the grammar is the later one.
      const todo = (look.injectedGrammars ?? []).find((injection) => pathOf(injection.grammar).endsWith('todo.json'));
      assert.deepEqual(todo && [pathOf(todo.grammar), todo.injectTo], [join(later.extensionPath, 'todo.json'), ['source.madeup']]);
      const scopeOnly = await extension(root, 'scope-only', { grammars: [{ scopeName: 'source.madeup', path: './madeup.json' }] }, { 'madeup.json': grammar('source.madeup', []) });
      const replaced = await readGrammars([grammars, scopeOnly], 'madeup', log);
      assert.equal(pathOf(replaced.grammar), join(scopeOnly.extensionPath, 'madeup.json'), 'the language names its scope; the scope, the grammar registered last');
    });

    it('the grammar file cache keeps the most recently used files, up to its bound', async () => {
      const reads: string[] = [];
      const read = grammarFileCache(async (path) => {
        reads.push(path);
        return readFile(path, 'utf8');
      }, 2);
      const [a, b, c] = ['style', 'deep', 'other'].map((name) => join(grammars.extensionPath, `syntaxes/${name}.json`));
      const firstA = await read(a);
      await read(b);
      assert.equal(await read(a), firstA, 'kept: the same object');
      await read(c); // b is now the least recently used, and goes
      await read(a);
      await read(b);
      assert.deepEqual(reads, [a, b, c, b]);
      assert.equal((await read(a)).content, grammar('source.madestyle', []));
      await assert.rejects(read(join(grammars.extensionPath, 'syntaxes/gone.json')), /gone\.json/);
    });

    it('no grammar for the language: none', async () => {
      assert.deepEqual(await readGrammars([grammars], 'cobol', log), {});
    });
  });

  describe('createLook, and the picture it makes', function () {
    // The first picture loads the WebAssembly renderer and the fonts.
    this.timeout(60_000);
    const host = (colorTheme: string | undefined, themeKind: ThemeKind = 'light', customizations = {}): LookHost => ({
      extensions: () => [themes, grammars],
      colorTheme: () => colorTheme,
      themeKind: () => themeKind,
      customizations: () => customizations,
    });

    function pixel(png: PNG, x: number, y: number): string {
      const i = (png.width * y + x) * 4;
      return `#${[...png.data.subarray(i, i + 3)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    }
    function count(png: PNG, color: string): number {
      let n = 0;
      for (let x = 0; x < png.width; x++) {
        for (let y = 0; y < png.height; y++) {
          n += pixel(png, x, y) === color ? 1 : 0;
        }
      }
      return n;
    }
    async function draw(look: LookHost): Promise<PNG> {
      const images = recordingSnippetImages(log, createLook(look, log));
      const image = await images.render({ code: 'let total = 42\nlet x = 7', language: 'madeup', header: 'a.madeup:1-2', firstLine: 1, tabSize: 4 });
      return PNG.sync.read(Buffer.from(image.png));
    }

    it('draws on the theme\'s editor.background, its keywords and the included grammar\'s numbers in the theme\'s colors', async () => {
      const png = await draw(host('made-up-light'));
      assert.equal(pixel(png, 0, 0), '#fdf6e3');
      assert.equal(pixel(png, png.width - 1, png.height - 1), '#fdf6e3');
      assert.ok(count(png, '#aa0000') > 20, 'the keyword color');
      assert.ok(count(png, '#0000cc') > 20, 'the numbers\' color, from the included theme and the included grammar');
      assert.ok(count(png, '#008800') > 20, 'the injected grammar\'s scope in its theme color');
      assert.doesNotMatch(logged.join('\n'), /color theme \/|contributes the color theme|plain text/);
    });

    it('without the extension that injects it, the injected scope is not there', async () => {
      const contributes = (grammars.packageJSON as { contributes: { grammars: Array<{ scopeName: string }> } }).contributes;
      const withoutTodo = { ...grammars, packageJSON: { contributes: { grammars: contributes.grammars.filter((g) => g.scopeName !== 'todo.injection') } } };
      const png = await draw({ ...host('made-up-light'), extensions: () => [themes, withoutTodo] });
      assert.ok(count(png, '#aa0000') > 20, 'the keywords still');
      assert.equal(count(png, '#008800'), 0);
    });

    it('draws with a .tmTheme, contributed as the theme or as a JSON theme\'s tokenColors: its background and token colors', async () => {
      for (const theme of ['made-up-tm', 'referencing-tm']) {
        const png = await draw(host(theme, 'dark'));
        assert.equal(pixel(png, 0, 0), '#272822', theme);
        assert.ok(count(png, '#f92672') > 20, `${theme}: the keyword color`);
        assert.ok(count(png, '#ae81ff') > 20, `${theme}: the numbers' color`);
      }
      assert.doesNotMatch(logged.join('\n'), /color theme \/|contributes the color theme/);
      const broken = await createLook(host('broken-tm', 'dark'), log)('madeup');
      assert.equal(broken.theme, undefined);
      assert.match(logged.join('\n'), /the color theme .*broken\.tmTheme cannot be read .*not a TextMate theme.*; a built-in dark theme is used/);
    });

    it('with the user\'s color for numbers (editor.tokenColorCustomizations.numbers), the numbers are drawn in it', async () => {
      const png = await draw(host('made-up-light', 'light', { tokenColors: { numbers: '#00aa00' } }));
      assert.equal(count(png, '#0000cc'), 0);
      assert.ok(count(png, '#00aa00') > 20);
    });

    it('with the user\'s editor.background customized for the theme, that is the background', async () => {
      const png = await draw(host('made-up-light', 'light', { colors: { '[made-up-light]': { 'editor.background': '#e0f0ff' } } }));
      assert.equal(pixel(png, 0, 0), '#e0f0ff');
    });

    it('a theme no extension contributes, or one that cannot be read: a built-in theme of the same kind, said in the log', async () => {
      const look = createLook(host('Not Installed', 'dark'), log);
      const missing = await look('madeup');
      assert.equal(missing.theme, undefined);
      assert.equal(missing.themeKind, 'dark');
      assert.match(logged.join('\n'), /no installed extension contributes the color theme Not Installed; a built-in dark theme is used/);
      const broken = await createLook(host('broken'), log)('madeup');
      assert.equal(broken.theme, undefined);
      assert.equal(broken.themeKind, 'dark', "contributed without a uiTheme: dark, as VS Code takes it, whatever the active theme's kind");
      assert.match(logged.join('\n'), /the color theme .*missing\.json cannot be read .*; a built-in dark theme is used/);
      const jsonTokens = await createLook(host('json-tokens'), log)('madeup');
      assert.equal(jsonTokens.theme, undefined, 'VS Code does not load it either');
      assert.match(logged.join('\n'), /the color theme .*json-tokens\.json cannot be read .*json-rules\.json: 'tokenColors' names a JSON file, and VS Code reads only a TextMate theme .*; a built-in light theme is used/);
    });

    it("a theme that sets no editor.foreground: its code in VS Code's default for its uiTheme, told once in the log however many pictures are drawn", async () => {
      const bare = await extension(
        root,
        'bare-theme',
        { themes: [{ id: 'bare', label: 'Bare', uiTheme: 'vs', path: './bare.json' }] },
        { 'bare.json': JSON.stringify({ name: 'Bare', colors: { 'editor.background': '#f5f5f5' }, tokenColors: [{ scope: 'keyword', settings: { foreground: '#aa0000' } }] }) },
      );
      const images = recordingSnippetImages(log, createLook({ ...host('bare', 'dark'), extensions: () => [bare, grammars] }, log));
      for (let i = 0; i < 3; i++) {
        await images.render({ code: 'let total = 42\nlet x = 7', language: 'madeup', header: `a.madeup:${i + 1}-${i + 2}`, firstLine: i + 1, tabSize: 4 });
      }
      const png = PNG.sync.read(Buffer.from(images.made[2]));
      assert.equal(pixel(png, 0, 0), '#f5f5f5');
      assert.ok(count(png, '#aa0000') > 20, 'the keyword color');
      assert.ok(count(png, '#333333') > 20, "the rest of the code in VS Code's light default, #333333: the contribution's uiTheme, though the active theme's kind said dark");
      assert.equal(count(png, '#000000') + count(png, '#bbbbbb'), 0);
      assert.deepEqual(
        logged.filter((line) => line.includes('"Bare"')),
        [`Snippet images: The color theme "Bare" sets no editor.foreground, editorLineNumber.foreground; drew VS Code's defaults for a light theme (editor.foreground #333333, editorLineNumber.foreground #237893), as the editor does.`],
      );
    });

    it('a theme being edited: the next picture has the new colors, whether the theme file, or the file its tokenColors names, changed', async () => {
      const edited = await extension(
        root,
        'edited-theme',
        { themes: [{ id: 'edited', label: 'Edited', uiTheme: 'vs', path: './theme.json' }] },
        {
          'theme.json': JSON.stringify({ colors: { 'editor.background': '#fdf6e3', 'editor.foreground': '#333333' }, tokenColors: './rules.tmTheme' }),
          'rules.tmTheme': tmRules('keyword', '#aa0000'),
        },
      );
      const look: LookHost = { ...host('edited'), extensions: () => [edited, grammars] };
      const images = recordingSnippetImages(log, createLook(look, log));
      const picture = async () => {
        const image = await images.render({ code: 'let total = 42\nlet x = 7', language: 'madeup', header: 'a.madeup:1-2', firstLine: 1, tabSize: 4 });
        return PNG.sync.read(Buffer.from(image.png));
      };
      const touch = async (path: string, content: string) => {
        await writeFile(join(edited.extensionPath, path), content);
        const later = new Date(Date.now() + 60_000 * (1 + Math.random()));
        await utimes(join(edited.extensionPath, path), later, later);
      };
      const first = await picture();
      assert.equal(pixel(first, 0, 0), '#fdf6e3');
      assert.ok(count(first, '#aa0000') > 20);
      await touch('theme.json', JSON.stringify({ colors: { 'editor.background': '#e3f6fd', 'editor.foreground': '#333333' }, tokenColors: './rules.tmTheme' }));
      const second = await picture();
      assert.equal(pixel(second, 0, 0), '#e3f6fd', 'the edited theme file');
      await touch('rules.tmTheme', tmRules('keyword', '#bb0000'));
      const third = await picture();
      assert.equal(count(third, '#aa0000'), 0);
      assert.ok(count(third, '#bb0000') > 20, 'the edited tokenColors file');
      assert.doesNotMatch(logged.join('\n'), /color theme \/|contributes the color theme/);
    });

    it('a second image of the language reads no grammar file again, hands the renderer the same grammar objects and draws the same picture; a changed file is read again', async () => {
      const reads: string[] = [];
      const look = createLook(host('made-up-light'), log, async (path) => {
        reads.push(path);
        return readFile(path, 'utf8');
      });
      const images = recordingSnippetImages(log, look);
      const request = { code: 'let total = 42\nlet x = 7', language: 'madeup', header: 'a.madeup:1-2', firstLine: 1, tabSize: 4 };
      const first = await images.render(request);
      const grammarFiles = ['madeup', 'numbers', 'deep', 'style', 'todo', 'everywhere'].map((name) => join(grammars.extensionPath, `syntaxes/${name}.json`));
      assert.deepEqual([...reads].sort(), [...grammarFiles].sort());
      const second = await images.render(request);
      assert.deepEqual(reads.length, grammarFiles.length, 'no file read again');
      assert.deepEqual(second.png, first.png);
      const [one, two] = [await look('madeup'), await look('madeup')];
      assert.equal(one.grammar, two.grammar);
      assert.deepEqual(one.embeddedGrammars, two.embeddedGrammars);
      one.embeddedGrammars?.forEach((grammar, i) => assert.equal(grammar, two.embeddedGrammars?.[i]));

      const todo = join(grammars.extensionPath, 'syntaxes/todo.json');
      const later = new Date(Date.now() + 60_000);
      await utimes(todo, later, later);
      const third = await images.render(request);
      assert.deepEqual(reads.slice(grammarFiles.length), [todo], 'only the changed file is read again');
      assert.deepEqual(third.png, first.png);
    });

    it('a language no extension has a grammar for: plain text, said in the log', async () => {
      const look = await createLook(host('made-up-light'), log)('cobol');
      assert.equal(look.grammar, undefined);
      assert.match(logged.join('\n'), /no installed extension contributes a grammar for cobol; the code is drawn as plain text/);
    });
  });
});
