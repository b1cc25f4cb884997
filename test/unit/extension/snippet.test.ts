import { strict as assert } from 'node:assert';
import { splitText } from '../../../src/core/split';
import type { SnippetLink } from '../../../src/extension/scm/snippetLink';
import { buildSnippet, dedent, fenceFor, fenceLanguage, isBinary, linkedImageHeader, snippetLinks } from '../../../src/extension/snippet';
import type { Translate } from '../../../src/extension/ports';
import { english } from '../../support/extensionHarness';

const ts = { relativePath: 'src/app.ts', languageId: 'typescript', text: '' };

describe('extension/snippet', () => {
  describe('buildSnippet', () => {
    it('makes a header with path and lines, a tagged fence, and dedented code', () => {
      const snippet = buildSnippet(ts, [{ startLine: 3, endLine: 5, text: '    if (ok) {\n      run();\n    }' }], english);
      assert.deepEqual(snippet, {
        title: 'src/app.ts:3-5',
        label: 'src/app.ts:3–5',
        text: '**src/app.ts** · lines 3–5\n\n```ts\nif (ok) {\n  run();\n}\n```',
      });
    });

    it('names a single line as such', () => {
      const snippet = buildSnippet(ts, [{ startLine: 7, endLine: 7, text: 'const x = 1;' }], english);
      assert.equal(snippet?.title, 'src/app.ts:7');
      assert.match(snippet?.text ?? '', /^\*\*src\/app\.ts\*\* · line 7\n/);
    });

    it('puts several selections in document order, each with its own range, in one message', () => {
      const snippet = buildSnippet(
        ts,
        [
          { startLine: 20, endLine: 21, text: '  b();\n  c();' },
          { startLine: 3, endLine: 3, text: 'a();' },
        ],
        english,
      );
      assert.equal(snippet?.title, 'src/app.ts:3,20-21');
      assert.equal(snippet?.label, 'src/app.ts:3, 20–21');
      assert.equal(snippet?.text, '**src/app.ts** · line 3\n\n```ts\na();\n```\n\n**src/app.ts** · lines 20–21\n\n```ts\nb();\nc();\n```');
    });

    it('leaves out blank lines at the ends of a selection, and counts lines from the text', () => {
      // A selection from the start of line 4 to the start of line 8 (as a triple-click leaves it).
      const snippet = buildSnippet(ts, [{ startLine: 4, endLine: 8, text: '\n  a();\n\n  b();\n' }], english);
      assert.equal(snippet?.title, 'src/app.ts:5-7');
      assert.match(snippet?.text ?? '', /```ts\na\(\);\n\nb\(\);\n```$/);
    });

    it('drops whitespace-only selections, and gives nothing when all are', () => {
      assert.equal(buildSnippet(ts, [{ startLine: 1, endLine: 2, text: '  \n\t' }], english), undefined);
      const snippet = buildSnippet(
        ts,
        [
          { startLine: 1, endLine: 1, text: '   ' },
          { startLine: 2, endLine: 2, text: 'x();' },
        ],
        english,
      );
      assert.equal(snippet?.title, 'src/app.ts:2');
    });

    it('reads CRLF and lone CR line ends as lines', () => {
      const snippet = buildSnippet(ts, [{ startLine: 1, endLine: 3, text: '\ta();\r\n\tb();\r\tc();' }], english);
      assert.equal(snippet?.text, '**src/app.ts** · lines 1–3\n\n```ts\na();\nb();\nc();\n```');
    });

    it('fences code holding backtick fences with a longer fence, and the core keeps it balanced when split', () => {
      const code = 'const md = `\n```js\nx\n```\n`;\nconst y = "````";';
      const snippet = buildSnippet({ relativePath: 'a.ts', languageId: 'typescript', text: '' }, [{ startLine: 1, endLine: 6, text: code }], english);
      assert.equal(snippet?.text, `**a.ts** · lines 1–6\n\n\`\`\`\`\`ts\n${code}\n\`\`\`\`\``);
      const long = buildSnippet(ts, [{ startLine: 1, endLine: 400, text: Array.from({ length: 400 }, (_, i) => (i % 50 === 0 ? '```' : `line ${i} ${'x'.repeat(60)}`)).join('\n') }], english);
      const parts = splitText(long?.text ?? '', 6_000);
      assert.ok(parts.length >= 4);
      for (const part of parts) {
        const fences = part.split('\n').filter((line) => /^````/.test(line));
        assert.equal(fences.length % 2, 0, part.slice(0, 200));
      }
    });

    it('keeps CJK text and counts lines, not bytes', () => {
      const snippet = buildSnippet(ts, [{ startLine: 10, endLine: 11, text: '  // 发送到钉钉\n  send("你好");' }], english);
      assert.equal(snippet?.text, '**src/app.ts** · lines 10–11\n\n```ts\n// 发送到钉钉\nsend("你好");\n```');
    });

    it('escapes markdown in the path of the header but not in the title', () => {
      const snippet = buildSnippet({ relativePath: 'pkg/__init__.py', languageId: 'python', text: '' }, [{ startLine: 1, endLine: 1, text: 'x = 1' }], english);
      assert.equal(snippet?.title, 'pkg/__init__.py:1');
      assert.match(snippet?.text ?? '', /^\*\*pkg\/\\_\\_init\\_\\_\.py\*\* · line 1\n\n```python\n/);
    });

    it('makes a whole document one block titled with its path', () => {
      const snippet = buildSnippet({ relativePath: 'run.sh', languageId: 'shellscript', text: '#!/bin/sh\necho hi\n' }, undefined, english);
      assert.deepEqual(snippet, { title: 'run.sh', label: 'run.sh', text: '**run.sh**\n\n```bash\n#!/bin/sh\necho hi\n```' });
      assert.equal(buildSnippet({ relativePath: 'e.ts', languageId: 'typescript', text: '\n  \n' }, undefined, english), undefined);
    });

    it('writes the line range through the translator', () => {
      const zh: Translate = (message, ...args) => (message === 'lines {0}–{1}' ? `第 ${args[0]}–${args[1]} 行` : english(message, ...args));
      const snippet = buildSnippet(ts, [{ startLine: 3, endLine: 9, text: 'a\nb' }], zh);
      assert.match(snippet?.text ?? '', /^\*\*src\/app\.ts\*\* · 第 3–4 行\n/);
    });
  });

  describe('header links', () => {
    const link = (url: string, differs = false): SnippetLink => ({ url, commit: 'abcdef0123', shortCommit: 'abcdef0', startLine: 1, endLine: 1, differs });

    it('links each selection by the first line of its code, says "as of" where it differs, and lists those commits', () => {
      const links = new Map([
        [3, link('https://github.com/a/b/blob/abcdef0123/src/app.ts#L3')],
        [21, link('https://github.com/a/b/blob/abcdef0123/src/app.ts#L20-L21', true)],
      ]);
      const snippet = buildSnippet(
        ts,
        [
          { startLine: 19, endLine: 21, text: '\n  b();\n  c();' },
          { startLine: 3, endLine: 3, text: 'a();' },
        ],
        english,
        links,
      );
      assert.equal(
        snippet?.text,
        '**[src/app.ts · line 3](https://github.com/a/b/blob/abcdef0123/src/app.ts#L3)**\n\n```ts\na();\n```\n\n' +
          '**src/app.ts** · lines 20–21\n\n```ts\nb();\nc();\n```',
      );
      assert.equal(snippet?.linkedAsOf, undefined);
      const moved = buildSnippet(ts, [{ startLine: 20, endLine: 21, text: '  b();\n  c();' }], english, new Map([[20, link('https://github.com/a/b/blob/x/src/app.ts#L20-L21', true)]]));
      assert.match(moved?.text ?? '', /^\*\*\[src\/app\.ts · lines 20–21 \(as of abcdef0\)\]\(https:\/\/github\.com\/a\/b\/blob\/x\/src\/app\.ts#L20-L21\)\*\*\n/);
      assert.deepEqual(moved?.linkedAsOf, ['abcdef0']);
    });

    it('keeps a link whole when the path has parentheses or spaces, and escapes the link text', () => {
      const doc = { relativePath: 'app/(auth)/log_in page.tsx', languageId: 'typescriptreact', text: '' };
      const url = 'https://github.com/a/b/blob/abc/app/(auth)/log_in%20page.tsx#L2';
      const snippet = buildSnippet(doc, [{ startLine: 2, endLine: 2, text: 'x();' }], english, new Map([[2, link(url)]]));
      assert.match(snippet?.text ?? '', /^\*\*\[app\/\(auth\)\/log\\_in page\.tsx · line 2\]\(https:\/\/github\.com\/a\/b\/blob\/abc\/app\/%28auth%29\/log_in%20page\.tsx#L2\)\*\*\n/);
      assert.equal(linkedImageHeader(english, 'app/(auth)/log_in page.tsx:2', link(url, true)), '[app/(auth)/log\\_in page.tsx:2 (as of abcdef0)](https://github.com/a/b/blob/abc/app/%28auth%29/log_in%20page.tsx#L2)');
      assert.equal(linkedImageHeader(english, 'src/app.ts:2', undefined), 'src/app.ts:2');
    });

    it('asks for no link without a file on disk, and a finder that fails is no link', async () => {
      const asked: string[] = [];
      const find = async (file: string, start: number, end: number, text: string) => {
        asked.push(`${file}:${start}-${end}:${text}`);
        if (start > 5) {
          throw new Error('git broke');
        }
        return link('https://github.com/a/b/blob/c/app.ts#L2');
      };
      assert.equal((await snippetLinks(undefined, [{ startLine: 1, endLine: 1, text: 'x' }], find)).size, 0);
      const links = await snippetLinks('/r/app.ts', [{ startLine: 1, endLine: 3, text: '\nx\n' }, { startLine: 9, endLine: 9, text: 'y' }, { startLine: 12, endLine: 12, text: '  ' }], find);
      assert.deepEqual(asked, ['/r/app.ts:2-2:x', '/r/app.ts:9-9:y']);
      assert.deepEqual([...links.keys()], [2]);
    });
  });

  describe('dedent', () => {
    it('removes the indentation all non-blank lines share, ignoring blank lines', () => {
      assert.deepEqual(dedent(['    a', '', '      b', '  ', '    c']), ['a', '', '  b', '', 'c']);
    });

    it('removes common tabs', () => {
      assert.deepEqual(dedent(['\t\tif (x) {', '\t\t\ty();', '\t\t}']), ['if (x) {', '\ty();', '}']);
    });

    it('removes only the truly common prefix of mixed tabs and spaces', () => {
      assert.deepEqual(dedent(['\t  a', '\t    b']), ['a', '  b']);
      assert.deepEqual(dedent(['    a', '\tb']), ['    a', '\tb']);
    });

    it('leaves unindented code as it is', () => {
      assert.deepEqual(dedent(['a', '  b']), ['a', '  b']);
    });
  });

  describe('fences and languages', () => {
    it('makes a fence longer than any backtick run', () => {
      assert.equal(fenceFor('no ticks'), '```');
      assert.equal(fenceFor('a `b` c'), '```');
      assert.equal(fenceFor('```\nx\n```'), '````');
      assert.equal(fenceFor('x ````` y'), '``````');
    });

    it('maps VS Code language ids to the fence names people use', () => {
      assert.equal(fenceLanguage('typescript'), 'ts');
      assert.equal(fenceLanguage('typescriptreact'), 'tsx');
      assert.equal(fenceLanguage('javascriptreact'), 'jsx');
      assert.equal(fenceLanguage('shellscript'), 'bash');
      assert.equal(fenceLanguage('plaintext'), '');
      assert.equal(fenceLanguage('jsonc'), 'json');
      assert.equal(fenceLanguage('python'), 'python');
      assert.equal(fenceLanguage('c#'), 'c#');
      assert.equal(fenceLanguage('weird lang`'), '');
    });

    it('sees NUL characters as binary', () => {
      assert.equal(isBinary('PK\u0003\u0004\u0000\u0000'), true);
      assert.equal(isBinary('plain text, 中文'), false);
    });
  });
});
