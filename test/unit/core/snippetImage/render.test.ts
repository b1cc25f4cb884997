import * as assert from 'assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenColorRule } from '../../../../src/core';
import { repoRoot } from '../../../support/repo';
import { DingTalkError } from '../../../../src/core/errors';
import { assets, cjkFont, CJK_FONT_PATH, codeFonts, count, darkPlus, grid, hex, ink, lightPlus, pixel, render, symbolsFont, typescriptGrammar, type Box, type Decoded } from './support';
import { renderSnippet } from '../../../../src/core/snippetImage';

const dark = { grammar: typescriptGrammar, theme: darkPlus };
/** A grammar an extension injects (`injectTo`): TODO and FIXME in comments get a scope of their own. */
const TODO_INJECTION = join(repoRoot, 'test/fixtures/snippetImage/todo-injection.tmLanguage.json');

describe('renderSnippet', function () {
  // The first render loads two WebAssembly modules and compiles the TypeScript grammar.
  this.timeout(60_000);

  it('makes a PNG whose size follows the lines and the columns, at 2×', async function () {
    const small = await render({ code: Array(5).fill('x'.repeat(40)).join('\n'), ...dark });
    const taller = await render({ code: Array(15).fill('x'.repeat(40)).join('\n'), ...dark });
    const wider = await render({ code: Array(5).fill('x'.repeat(60)).join('\n'), ...dark });
    assert.strictEqual(small.scale, 2);
    assert.deepStrictEqual([small.pixels.width, small.pixels.height], [small.width, small.height]);
    assert.strictEqual(small.height, 2 * Math.ceil(16 + 20 + 10 + 5 * 20 + 16));
    assert.strictEqual(small.width, 2 * Math.ceil(2 * 16 + (1 + 2 + 40) * 8.4));
    assert.strictEqual(taller.height - small.height, 10 * grid.row);
    assert.ok(Math.abs(taller.width - small.width - grid.cell) <= 2, `two-digit line numbers take one more column: ${taller.width - small.width} px`);
    assert.ok(Math.abs(wider.width - small.width - 20 * grid.cell) <= 2, `20 more columns: ${wider.width - small.width} px`);
  });

  it("fills the theme's background and colors tokens with the theme's token colors where they are", async function () {
    const code = ['const answer = 42;', "// a comment", "let text = 'quoted';"].join('\n');
    const image = await render({ code, ...dark });
    const png = image.pixels;
    assert.deepStrictEqual(pixel(png, 0, 0), hex('#1E1E1E'));
    assert.deepStrictEqual(pixel(png, png.width - 1, png.height - 1), hex('#1E1E1E'));
    const expectations: [string, Box][] = [
      ['#569CD6', grid.cells(1, 0, 0, 5)], // const (storage.type)
      ['#4FC1FF', grid.cells(1, 0, 6, 6)], // answer (variable.other.constant)
      ['#B5CEA8', grid.cells(1, 0, 15, 2)], // 42
      ['#6A9955', grid.cells(1, 1, 0, 12)], // the comment
      ['#CE9178', grid.cells(1, 2, 11, 8)], // 'quoted'
    ];
    for (const [color, box] of expectations) {
      assert.ok(count(png, box, hex(color)) > 20, `${color} in ${JSON.stringify(box)}`);
    }
    // …and not elsewhere: the comment's green is not on the string's row, the string's orange not on the comment's.
    assert.strictEqual(count(png, grid.cells(1, 2, 0, 20), hex('#6A9955')), 0);
    assert.strictEqual(count(png, grid.cells(1, 1, 0, 20), hex('#CE9178')), 0);
    assert.deepStrictEqual(image.warnings.map((w) => w.code), ['themeDefaults'], 'Dark+ sets no editorLineNumber.foreground');
  });

  it('draws a CJK comment with real glyphs two columns wide when a CJK font is given, and warns when none is', async function () {
    const font = cjkFont();
    if (!font) {
      assert.fail(`${CJK_FONT_PATH} is missing: install Debian's fonts-noto-cjk (.ci/run does)`);
    }
    const code = '// 中文注释';
    const withFont = await render({ code, ...dark, fonts: [...codeFonts, font] });
    const without = await render({ code, ...dark });
    assert.deepStrictEqual(withFont.warnings.map((w) => w.code), ['themeDefaults']);
    const warning = without.warnings.find((w) => w.code === 'missingGlyphs');
    assert.deepStrictEqual(warning?.characters, ['中', '文', '注', '释']);
    assert.match(warning.en, /中 \(U\+4E2D\)/);
    assert.deepStrictEqual([withFont.width, withFont.height], [without.width, without.height], 'the same grid either way');
    const background = hex('#1E1E1E');
    for (let c = 0; c < 4; c++) {
      const box = grid.cells(1, 0, 3 + 2 * c, 2);
      const real = ink(withFont.pixels, box, background);
      assert.ok(real > 60, `glyph ${c} has ink (${real} px)`);
      let differing = 0;
      for (let y = box.y0; y < box.y1; y++) {
        for (let x = box.x0; x < box.x1; x++) {
          const a = pixel(withFont.pixels, x, y);
          const b = pixel(without.pixels, x, y);
          differing += Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) > 60 ? 1 : 0;
        }
      }
      assert.ok(differing > 40, `glyph ${c} differs from the missing-glyph box (${differing} px)`);
      // Both halves of the two columns carry ink: the glyph is laid out wide, not squeezed into one cell.
      const half = (box.x1 - box.x0) / 2;
      assert.ok(ink(withFont.pixels, { ...box, x1: box.x0 + half }, background) > 15);
      assert.ok(ink(withFont.pixels, { ...box, x0: box.x0 + half }, background) > 15);
    }
  });

  it('lays out right-to-left text as a run, as the editor shows it: letters joined, read from right to left', async function () {
    const fonts = [...codeFonts, symbolsFont()];
    const background = hex('#1E1E1E');
    // Alef then beh: read from right to left, the tall alef is on the right, in the second cell.
    const pair = await render({ code: '// \u0627\u0628', ...dark, fonts });
    assert.deepStrictEqual(pair.warnings.map((w) => w.code), ['themeDefaults']);
    const upper = (column: number): number => {
      const box = grid.cells(1, 0, column, 1);
      return ink(pair.pixels, { ...box, y1: box.y0 + grid.row / 2 - 4 }, background);
    };
    assert.ok(upper(4) > 3 * upper(3) && upper(4) > 20, `the alef's stroke is on the right: ${upper(3)} px of ink high in the left cell, ${upper(4)} in the right`);
    // Three behs joined: final, medial and initial forms, none of them the beh drawn alone in its cell.
    const word = await render({ code: '// \u0628\u0628\u0628', ...dark, fonts });
    for (const column of [3, 4, 5]) {
      const alone = await render({ code: `// ${' '.repeat(column - 3)}\u0628`, ...dark, fonts });
      const box = grid.cells(1, 0, column, 1);
      let differing = 0;
      for (let y = box.y0; y < box.y1; y++) {
        for (let x = box.x0; x < box.x1; x++) {
          const [a, b] = [pixel(word.pixels, x, y), pixel(alone.pixels, x, y)];
          differing += Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])) > 48 ? 1 : 0;
        }
      }
      assert.ok(differing > 20, `the beh in column ${column} is joined, not the beh alone: ${differing} px differ`);
    }
  });

  it('keeps digits in the right-to-left run they follow, as the bidi algorithm does (after Arabic letters they are AN): the second word on the left, the number between', async function () {
    const fonts = [...codeFonts, symbolsFont()];
    const background = hex('#1E1E1E');
    const differing = (a: Decoded, b: Decoded, box: Box): number => {
      let n = 0;
      for (let y = box.y0; y < box.y1; y++) {
        for (let x = box.x0; x < box.x1; x++) {
          const [p, q] = [pixel(a, x, y), pixel(b, x, y)];
          n += Math.max(Math.abs(p[0] - q[0]), Math.abs(p[1] - q[1]), Math.abs(p[2] - q[2])) > 48 ? 1 : 0;
        }
      }
      return n;
    };
    // Beh, 12, alef (columns 3, 5-6 and 8): the editor shows the alef on the left, 12, the beh on the right.
    const line = await render({ code: '// \u0628 12 \u0627', ...dark, fonts });
    assert.deepStrictEqual(line.warnings.map((w) => w.code), ['themeDefaults']);
    const behAlone = await render({ code: '//      \u0628', ...dark, fonts });
    const right = grid.cells(1, 0, 8, 1);
    assert.ok(ink(behAlone.pixels, right, background) > 40);
    assert.ok(differing(line.pixels, behAlone.pixels, right) <= 12, `the beh on the right: ${differing(line.pixels, behAlone.pixels, right)} px differ from the beh alone there`);
    assert.ok(ink(line.pixels, grid.cells(1, 0, 5, 2), background) > 40, 'the number between them');
    const arabic = line;
    const upper = (column: number): number => {
      const box = grid.cells(1, 0, column, 1);
      return ink(arabic.pixels, { ...box, y1: box.y0 + grid.row / 2 - 4 }, background);
    };
    assert.ok(upper(3) > 3 * upper(8) && upper(3) > 20, `the alef's stroke is on the left: ${upper(3)} px of ink high in column 3, ${upper(8)} in column 8`);
  });

  it('draws a character no font has as one empty box on its own columns, even one of several code points', async function () {
    const background = hex('#1E1E1E');
    // A family emoji (three people joined by ZWJs) and a flag, with no emoji font: two columns each.
    for (const missing of ['\u{1F468}\u200d\u{1F469}\u200d\u{1F467}', '\u{1F1E8}\u{1F1F3}']) {
      const drawn = await render({ code: `// ${missing}x`, ...dark });
      assert.deepStrictEqual(drawn.warnings.find((w) => w.code === 'missingGlyphs')?.characters, [missing]);
      const alone = await render({ code: '//   x', ...dark });
      const next = grid.cells(1, 0, 5, 1);
      let differing = 0;
      for (let y = next.y0; y < next.y1; y++) {
        for (let x = next.x0; x < next.x1; x++) {
          const [a, b] = [pixel(drawn.pixels, x, y), pixel(alone.pixels, x, y)];
          differing += Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])) > 48 ? 1 : 0;
        }
      }
      assert.ok(differing <= 2, `the x after ${missing} is drawn as alone, not under its boxes: ${differing} px differ`);
      const box = grid.cells(1, 0, 3, 2);
      const half = Math.round((box.x1 - box.x0) / 2);
      const [left, right] = [ink(drawn.pixels, { ...box, x1: box.x0 + half }, background), ink(drawn.pixels, { ...box, x0: box.x0 + half }, background)];
      assert.ok(left > 20 && right > 20 && Math.abs(left - right) < 0.3 * Math.max(left, right), `${missing}: one box centred on its two columns: ${left} px of ink left, ${right} right`);
    }
  });

  it('sets a run of wide glyphs each on its own two columns, as it would be drawn alone', async function () {
    const font = cjkFont();
    if (!font) {
      assert.fail(`${CJK_FONT_PATH} is missing: install Debian's fonts-noto-cjk (.ci/run does)`);
    }
    const fonts = [...codeFonts, font];
    // Katakana and full-width punctuation too: the CJK font kerns some pairs, which would move them off their cells.
    const characters = ['中', '文', 'テ', 'キ', 'ス', 'ト', '：', '（'];
    const run = await render({ code: `// ${characters.join('')}`, ...dark, fonts });
    for (const [c, character] of characters.entries()) {
      // The same character alone at the same column (spaces draw nothing).
      const alone = await render({ code: `// ${'  '.repeat(c)}${character}${'  '.repeat(characters.length - c - 1)}`, ...dark, fonts });
      const box = grid.cells(1, 0, 3 + 2 * c, 2);
      let differing = 0;
      for (let y = box.y0; y < box.y1; y++) {
        for (let x = box.x0; x < box.x1; x++) {
          const a = pixel(run.pixels, x, y);
          const b = pixel(alone.pixels, x, y);
          differing += Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])) > 48 ? 1 : 0;
        }
      }
      assert.ok(ink(alone.pixels, box, hex('#1E1E1E')) > 10, `${character} has ink`);
      assert.ok(differing <= 2, `${character} in the run differs from ${character} alone in ${differing} px`);
    }
  });

  it('hands the rasterizer only the fonts the characters need: no CJK collection for ASCII code', async function () {
    const font = cjkFont();
    if (!font) {
      assert.fail(`${CJK_FONT_PATH} is missing: install Debian's fonts-noto-cjk (.ci/run does)`);
    }
    const fonts = [...codeFonts, font];
    const cjkIndex = fonts.length - 1;
    const ascii = await render({ code: 'const answer = 42; // the answer', ...dark, fonts });
    assert.ok(!ascii.fontFiles.includes(cjkIndex), `drawn with ${ascii.fontFiles.join(', ')}`);
    assert.ok(ascii.fontFiles.includes(0), 'the code font');
    const chinese = await render({ code: 'const answer = 42; // 答案', ...dark, fonts });
    assert.ok(chinese.fontFiles.includes(cjkIndex), `drawn with ${chinese.fontFiles.join(', ')}`);
    const header = await render({ code: 'const answer = 42;', ...dark, fonts, header: 'src/答案.ts' });
    assert.ok(header.fontFiles.includes(cjkIndex), 'a CJK header needs it too');
  });

  it('draws the same picture again from the glyph outlines it kept, and draws with the fonts it is given, not outlines kept from other fonts', async function () {
    const code = 'const answer = 42; // the answer';
    const first = await render({ code, ...dark });
    const again = await render({ code, ...dark });
    assert.deepStrictEqual(again.png, first.png);
    // The bold file alone has the same family name: the same glyphs by name, drawn heavier.
    const boldOnly = await render({ code, ...dark, fonts: [codeFonts[1]] });
    const box = grid.cells(1, 0, 0, code.length);
    const background = hex('#1E1E1E');
    assert.ok(ink(boldOnly.pixels, box, background) > 1.15 * ink(first.pixels, box, background), `bold ${ink(boldOnly.pixels, box, background)} px of ink, regular ${ink(first.pixels, box, background)}`);
    assert.deepStrictEqual((await render({ code, ...dark })).png, first.png);
  });

  it('wraps a long line with a marker instead of cutting it', async function () {
    const long = `const values = [${Array.from({ length: 25 }, (_, i) => i * 1000).join(', ')}];`;
    assert.ok(long.length > 150 && long.length < 190, String(long.length));
    const image = await render({ code: `${long}\nx;`, ...dark, maxColumns: 100 });
    assert.strictEqual(image.lines, 2);
    assert.strictEqual(image.rows, 3);
    const png = image.pixels;
    const background = hex('#1E1E1E');
    // The wrap marker sits in the gutter of the continuation row (where a line number would be), in the line number color.
    const gutter = (row: number): Box => ({ x0: grid.padding, y0: grid.bodyTop + row * grid.row, x1: Math.floor(grid.codeLeft(1)), y1: grid.bodyTop + (row + 1) * grid.row });
    assert.ok(ink(png, gutter(1), background) > 20, 'a marker on the continuation row');
    // Dark+ as tm-themes ships it has no editorLineNumber.foreground: line numbers are the foreground at half opacity.
    const lineNumber = hex('#D4D4D4').map((c, i) => Math.round((c + background[i]) / 2)) as typeof background;
    assert.ok(count(png, gutter(0), lineNumber, 12) > 10, 'the line number is in that color');
    assert.ok(count(png, gutter(1), lineNumber, 12) > 10, 'and so is the marker');
    // The line's end shows on the second row, and nothing is drawn past 100 columns.
    assert.ok(ink(png, grid.cells(1, 1, 0, 60), background) > 200);
    const right = Math.ceil(grid.codeLeft(1) + 100 * grid.cell);
    assert.ok(png.width <= right + grid.padding + 2, `no wider than 100 columns: ${png.width} px`);
    assert.strictEqual(ink(png, { x0: right + 1, y0: grid.bodyTop, x1: png.width, y1: png.height }, background), 0);
  });

  it('shows the header above the code, shortened from the left when too long', async function () {
    const code = 'let a = 1;';
    const short = await render({ code, ...dark, header: 'a.ts' });
    const other = await render({ code, ...dark, header: 'src/lib/b.ts:10-12' });
    const headerBand: Box = { x0: 0, y0: grid.padding, x1: short.width, y1: grid.padding + grid.row };
    const background = hex('#1E1E1E');
    assert.ok(ink(short.pixels, headerBand, background) > 50);
    assert.ok(ink(other.pixels, headerBand, background) > ink(short.pixels, headerBand, background), 'a longer header has more ink');
    const codeBand: Box = { x0: 0, y0: grid.bodyTop, x1: short.width, y1: short.height };
    assert.strictEqual(ink(short.pixels, codeBand, background), ink(other.pixels, codeBand, background));
    const long = await render({ code, ...dark, header: `${'very/'.repeat(60)}deep.ts` });
    assert.ok(long.width <= Math.ceil(grid.codeLeft(1) + 100 * grid.cell + grid.padding) + grid.cell * 3, `header kept within the width (${long.width})`);
  });

  it('expands tabs to the tab size', async function () {
    const tabbed = await render({ code: '\tx = 1;\n\t\ty = 2;', ...dark, tabSize: 4 });
    const spaced = await render({ code: '    x = 1;\n        y = 2;', ...dark, tabSize: 4 });
    assert.deepStrictEqual(tabbed.pixels.data, spaced.pixels.data);
    const two = await render({ code: '\tx = 1;\n\t\ty = 2;', ...dark, tabSize: 2 });
    assert.ok(two.width < tabbed.width);
  });

  it('numbers the lines as in the file', async function () {
    const code = Array(3).fill('let somewhat = "longer than the header";').join('\n');
    const at1 = await render({ code, ...dark });
    const at998 = await render({ code, ...dark, firstLine: 998 });
    assert.ok(Math.abs(at998.width - at1.width - 3 * grid.cell) <= 2, `room for four digits (998–1000): ${at998.width - at1.width} px`);
  });

  it('refuses more lines than maxLines with a clear error in English and Chinese', async function () {
    const code = Array.from({ length: 301 }, (_, i) => `line ${i}`).join('\n');
    await assert.rejects(renderSnippet({ code, language: 'plaintext', header: 'big.txt', fonts: codeFonts }, assets), (error: unknown) => {
      assert.ok(error instanceof DingTalkError);
      assert.strictEqual(error.category, 'input');
      assert.strictEqual(error.code, 'snippetTooLong');
      assert.match(error.message, /301 lines.*at most 300.*as text or as a file/);
      assert.match(error.messageZh, /301 行/);
      return true;
    });
    const ok = await render({ code: Array(300).fill('y').join('\n'), language: 'plaintext' });
    assert.strictEqual(ok.lines, 300);
    await assert.rejects(render({ code: ' \n\t\n' }), (error: unknown) => error instanceof DingTalkError && error.code === 'snippetEmpty');
  });

  it('falls back to plain text when the grammar is missing or broken, and says so', async function () {
    const missing = await render({ code: 'fn main() { let s = "x"; } // c', language: 'rust', theme: darkPlus });
    assert.deepStrictEqual(
      missing.warnings.map((w) => w.code),
      ['themeDefaults', 'grammarMissing'],
    );
    assert.match(missing.warnings[1].en, /rust/);
    // Plain text: only the foreground color, none of the token colors.
    const all: Box = { x0: 0, y0: grid.bodyTop, x1: missing.width, y1: missing.height };
    assert.ok(count(missing.pixels, all, hex('#D4D4D4')) > 50);
    for (const color of ['#569CD6', '#CE9178', '#6A9955']) {
      assert.strictEqual(count(missing.pixels, all, hex(color)), 0, color);
    }
    const broken = await render({ code: 'x', language: 'broken', grammar: { patterns: [] }, theme: darkPlus });
    assert.deepStrictEqual(
      broken.warnings.map((w) => w.code),
      ['themeDefaults', 'grammarFailed'],
    );
    const plain = await render({ code: 'x', language: 'plaintext', theme: darkPlus });
    assert.deepStrictEqual(plain.warnings.map((w) => w.code), ['themeDefaults']);
  });

  it("falls back to a built-in theme of the editor's kind when the theme is missing or incomplete", async function () {
    const none = await render({ code: 'let a = 1;', grammar: typescriptGrammar });
    assert.deepStrictEqual(none.warnings.map((w) => w.code), ['themeMissing']);
    assert.deepStrictEqual(pixel(none.pixels, 0, 0), hex('#1E1E1E'));
    assert.ok(count(none.pixels, grid.cells(1, 0, 0, 3), hex('#569CD6')) > 10, 'the built-in dark theme colors keywords');
    const light = await render({ code: 'let a = 1;', grammar: typescriptGrammar, themeKind: 'light' });
    assert.deepStrictEqual(pixel(light.pixels, 0, 0), hex('#FFFFFF'));
    const colorsOnly = await render({ code: 'let a = 1;', grammar: typescriptGrammar, theme: { name: 'Mine', colors: { 'editor.background': '#fdf6e3' } } });
    assert.deepStrictEqual(colorsOnly.warnings.map((w) => w.code), ['themeDefaults', 'themeIncomplete']);
    assert.match(colorsOnly.warnings[0].en, /"Mine" sets no editor\.foreground, editorLineNumber\.foreground/);
    assert.match(colorsOnly.warnings[1].en, /"Mine" has no usable tokenColors/);
    assert.deepStrictEqual(pixel(colorsOnly.pixels, 0, 0), hex('#FDF6E3'));
    const lightPlusImage = await render({ code: 'let a = 1;', grammar: typescriptGrammar, theme: lightPlus });
    assert.deepStrictEqual(lightPlusImage.warnings.map((w) => w.code), ['themeDefaults']);
    assert.deepStrictEqual(pixel(lightPlusImage.pixels, 0, 0), hex(lightPlus.colors['editor.background']));
  });

  it("draws what a theme leaves unset in VS Code's default for its kind, as the editor does: a light theme without editor.foreground (Quiet Light) draws its code #333333, not black", async function () {
    const quiet = { name: 'Quiet Light', colors: { 'editor.background': '#F5F5F5' }, tokenColors: [{ settings: { foreground: '#333333' } }, { scope: 'comment', settings: { foreground: '#AAAAAA' } }] };
    const image = await render({ code: 'let a = 1;', grammar: typescriptGrammar, theme: quiet, themeKind: 'light' });
    assert.deepStrictEqual(image.warnings.map((w) => w.code), ['themeDefaults']);
    assert.deepStrictEqual(pixel(image.pixels, 0, 0), hex('#F5F5F5'));
    const code = grid.cells(1, 0, 0, 10);
    assert.ok(count(image.pixels, code, hex('#333333'), 2) > 40, `the code in #333333: ${count(image.pixels, code, hex('#333333'), 2)} px`);
    assert.strictEqual(count(image.pixels, code, hex('#000000'), 8), 0, 'nothing in black');
    const gutter: Box = { x0: grid.padding, y0: grid.bodyTop, x1: grid.codeLeft(1) - grid.cell, y1: grid.bodyTop + grid.row };
    assert.ok(count(image.pixels, gutter, hex('#237893'), 2) > 10, "the line number in VS Code's light default, #237893");
    const dark = await render({ code: 'let a = 1;', grammar: typescriptGrammar, theme: { ...quiet, colors: {} }, themeKind: 'dark' });
    assert.deepStrictEqual(pixel(dark.pixels, 0, 0), hex('#1E1E1E'));
    assert.ok(count(dark.pixels, code, hex('#BBBBBB'), 2) > 40, "contributed as dark: the code in VS Code's dark default, #BBBBBB");
    assert.ok(count(dark.pixels, gutter, hex('#858585'), 2) > 10, 'and the line number in #858585');
  });

  it('applies a grammar injected into the language\'s scope, as VS Code does: TODO in a comment takes the injected scope\'s color', async function () {
    const todo = { path: TODO_INJECTION, content: readFileSync(TODO_INJECTION, 'utf8') };
    const rules = (darkPlus as unknown as { tokenColors: TokenColorRule[] }).tokenColors;
    const theme = { ...darkPlus, tokenColors: [...rules, { scope: 'keyword.todo', settings: { foreground: '#FF00FF' } }] };
    const code = '// TODO: fix this\nconst TODO = 1;';
    const draw = (injectTo?: string[]) => render({ code, grammar: typescriptGrammar, theme, injectedGrammars: injectTo ? [{ grammar: todo, injectTo }] : undefined });
    const word = grid.cells(1, 0, 3, 4);
    const rest = grid.cells(1, 0, 10, 7);
    const magenta = hex('#FF00FF');
    const green = hex('#6A9955');
    for (const injectTo of [['source.ts'], ['source']]) {
      const image = await draw(injectTo);
      assert.deepStrictEqual(image.warnings.map((w) => w.code), ['themeDefaults']);
      assert.ok(count(image.pixels, word, magenta) > 20, `TODO in the injected scope's color, injected into ${injectTo.join()}`);
      assert.strictEqual(count(image.pixels, word, green), 0, 'and not in the comment color');
      assert.ok(count(image.pixels, rest, green) > 20, 'the rest of the comment keeps its color');
      assert.strictEqual(count(image.pixels, grid.cells(1, 1, 0, 16), magenta), 0, 'the selector (L:comment) keeps it out of code');
    }
    for (const injectTo of [['source.js'], undefined]) {
      const image = await draw(injectTo);
      assert.strictEqual(count(image.pixels, word, magenta), 0, `not injected into source.ts: ${String(injectTo)}`);
      assert.ok(count(image.pixels, word, green) > 20, 'TODO is part of the comment');
    }
  });

  it('draws with the language\'s grammar when a grammar injected into it or embedded in it cannot be read, as VS Code does, and says which', async function () {
    const broken = { path: '/made-up/extensions/broken-todo/syntaxes/todo.tmLanguage.json', content: '{ "scopeName": "comment.todo.broken", ' };
    const code = '// TODO: fix this\nconst TODO = 1;';
    for (const input of [{ injectedGrammars: [{ grammar: broken, injectTo: ['source'] }] }, { embeddedGrammars: [broken] }]) {
      const image = await render({ code, grammar: typescriptGrammar, theme: darkPlus, ...input });
      assert.deepStrictEqual(image.warnings.map((w) => w.code), ['themeDefaults', 'grammarIncomplete']);
      assert.match(image.warnings[1].en, /broken-todo\/syntaxes\/todo\.tmLanguage\.json/);
      assert.match(image.warnings[1].zh, /todo\.tmLanguage\.json/);
      assert.ok(count(image.pixels, grid.cells(1, 0, 0, 17), hex('#6A9955')) > 50, 'the comment keeps its color');
      assert.ok(count(image.pixels, grid.cells(1, 1, 0, 5), hex('#569CD6')) > 20, 'the keyword keeps its color');
    }
  });

  it('draws plain text, and says why, when a grammar\'s pattern is not a valid regex (here an injected one\'s): the picture is still made', async function () {
    const unclosed = { scopeName: 'comment.todo.unclosed', injectionSelector: 'L:comment', patterns: [{ match: '(TODO', name: 'keyword.todo' }] };
    const image = await render({ code: '// TODO\nconst a = 1;', grammar: typescriptGrammar, theme: darkPlus, injectedGrammars: [{ grammar: unclosed, injectTo: ['source'] }] });
    assert.deepStrictEqual(image.warnings.map((w) => w.code), ['themeDefaults', 'grammarFailed']);
    assert.match(image.warnings[1].en, /typescript grammar could not be used \(.*parenthesis.*\); the code is drawn as plain text/);
    const all: Box = { x0: 0, y0: grid.bodyTop, x1: image.width, y1: image.height };
    assert.ok(count(image.pixels, all, hex('#D4D4D4')) > 50, 'the code is drawn, in the foreground color');
    assert.strictEqual(count(image.pixels, all, hex('#569CD6')), 0, 'without token colors');
  });

  it('labels the lines with the labels given instead of their numbers: the gutter as wide as the widest, an unlabelled line bare', async function () {
    const code = ['@@ -9,2 +9,2 @@', ' same', '-old', '+new'].join('\n');
    const numbered = await render({ code, language: 'plaintext', theme: darkPlus });
    const labelled = await render({ code, language: 'plaintext', theme: darkPlus, lineLabels: [undefined, ' 9  9', '10   ', '   10'] });
    assert.ok(Math.abs(labelled.width - numbered.width - 4 * grid.cell) <= 2, `a gutter of five columns instead of one: ${labelled.width - numbered.width} px`);
    const background = hex('#1E1E1E');
    const gutter = (row: number, from: number, to: number): Box => ({
      x0: Math.floor(grid.padding + from * grid.cell),
      y0: grid.bodyTop + row * grid.row,
      x1: Math.ceil(grid.padding + to * grid.cell),
      y1: grid.bodyTop + (row + 1) * grid.row,
    });
    assert.ok(ink(numbered.pixels, gutter(0, 0, 1), background) > 20, 'numbered, the first line has its number');
    assert.strictEqual(ink(labelled.pixels, gutter(0, 0, 7), background), 0, 'the unlabelled hunk header has nothing in its gutter');
    const [oldColumn, newColumn] = [gutter(0, 0, 2), gutter(0, 3, 5)];
    const inkOf = (row: number, box: Box) => ink(labelled.pixels, { ...box, y0: box.y0 + row * grid.row, y1: box.y1 + row * grid.row }, background);
    assert.ok(inkOf(1, oldColumn) > 20 && inkOf(1, newColumn) > 20, 'a context line: both numbers');
    assert.ok(inkOf(2, oldColumn) > 20 && inkOf(2, newColumn) === 0, 'a removed line: the old number only');
    assert.ok(inkOf(3, oldColumn) === 0 && inkOf(3, newColumn) > 20, 'an added line: the new number only');
    const codeOf = (image: typeof labelled, digits: number): Box => ({ x0: Math.floor(grid.codeLeft(digits)), y0: grid.bodyTop, x1: image.width, y1: image.height });
    const [moved, original] = [ink(labelled.pixels, codeOf(labelled, 5), background), ink(numbered.pixels, codeOf(numbered, 1), background)];
    assert.ok(original > 200 && Math.abs(moved - original) <= original * 0.02, `the code is drawn the same, further right (${moved} and ${original} px of ink, anti-aliased at other fractions of a pixel)`);
  });
});
