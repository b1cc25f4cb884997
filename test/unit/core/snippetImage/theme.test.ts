import * as assert from 'assert';
import { parseColor, resolveTheme } from '../../../../src/core/snippetImage/theme';
import type { SnippetWarning } from '../../../../src/core/snippetImage';

describe('snippet theme', function () {
  it('reads the color forms VS Code themes use', function () {
    assert.deepStrictEqual(parseColor('#ABC'), { hex: '#aabbcc', opacity: 1 });
    assert.deepStrictEqual(parseColor('#1e1e1e'), { hex: '#1e1e1e', opacity: 1 });
    assert.deepStrictEqual(parseColor('#FFFFFF80'), { hex: '#ffffff', opacity: 128 / 255 });
    assert.deepStrictEqual(parseColor('#fff8'), { hex: '#ffffff', opacity: 136 / 255 });
    for (const bad of ['red', '#12', '#12345', 'rgb(1,2,3)', '', undefined, 42]) {
      assert.strictEqual(parseColor(bad), undefined, String(bad));
    }
  });

  it("takes the editor's colors and rules from the theme, the editor colors as the defaults", function () {
    const warnings: SnippetWarning[] = [];
    const theme = resolveTheme(
      {
        name: 'Mine',
        type: 'dark',
        colors: { 'editor.background': '#002b36', 'editor.foreground': '#839496', 'editorLineNumber.foreground': '#586e75' },
        tokenColors: [{ settings: { foreground: '#ff0000' } }, { scope: 'comment', settings: { foreground: '#657b83', fontStyle: 'italic' } }],
      },
      undefined,
      warnings,
    );
    assert.deepStrictEqual(warnings, []);
    assert.strictEqual(theme.background.hex, '#002b36');
    assert.strictEqual(theme.lineNumber.hex, '#586e75');
    const settings = theme.raw.settings;
    assert.deepStrictEqual(settings[settings.length - 1], { settings: { foreground: '#839496', background: '#002b36' } });
    assert.strictEqual(settings.length, 3);
  });

  it('fills what a theme lacks from the built-in theme of its kind, and says what', function () {
    const warnings: SnippetWarning[] = [];
    const theme = resolveTheme({ name: 'Half', type: 'light', tokenColors: 'themes/half-tokens.json' }, 'dark', warnings);
    assert.strictEqual(theme.background.hex, '#ffffff', "the theme's own type wins over the editor's kind");
    assert.deepStrictEqual(warnings.map((w) => w.code), ['themeIncomplete']);
    assert.match(warnings[0].en, /editor\.background, editor\.foreground, tokenColors/);
    assert.match(warnings[0].zh, /Half/);
    const guessed = resolveTheme({ colors: { 'editor.background': '#fafafa' } }, undefined, []);
    assert.strictEqual(guessed.foreground.hex, '#000000', 'a light background gets the light theme');
  });
});
