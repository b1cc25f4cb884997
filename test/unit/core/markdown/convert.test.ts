import { strict as assert } from 'node:assert';
import { convertMarkdown, localImages, type ConvertOptions } from '../../../../src/core/markdown';

function convert(markdown: string, options?: ConvertOptions): string {
  return convertMarkdown(markdown, options).text;
}

describe('core/markdown/convert', () => {
  describe('title', () => {
    it('takes the front matter title, and drops the front matter', () => {
      const result = convertMarkdown('---\ntitle: "Release: v3"\ntags: [a]\n---\n# Heading\n\nBody');
      assert.equal(result.title, 'Release: v3');
      assert.equal(result.text, '# Heading\n\nBody');
    });

    it('reads single-quoted, plain and folded titles', () => {
      assert.equal(convertMarkdown("---\ntitle: 'It''s here'\n---\nx").title, "It's here");
      assert.equal(convertMarkdown('---\ntitle: Plain words # a comment\n---\nx').title, 'Plain words');
      assert.equal(convertMarkdown('---\ntitle: >\n  Folded\n  title\nauthor: me\n---\nx').title, 'Folded title');
    });

    it('falls back to the first heading as plain text, then to nothing', () => {
      assert.equal(convertMarkdown('Intro\n\n## The **real** `title` [here](x.md)\n\n# Later').title, 'The real title here');
      assert.equal(convertMarkdown('<h1 align="center"><img src="logo.png" alt="Widget"></h1>').title, 'Widget');
      assert.equal(convertMarkdown('Setext title\n============\n').title, 'Setext title');
      assert.equal(convertMarkdown('just text').title, undefined);
    });

    it('keeps a document whose --- block is never closed, as the preview shows it', () => {
      const result = convertMarkdown('---\nnot front matter\n\ntext');
      assert.equal(result.title, undefined);
      assert.equal(result.text, '---\n\nnot front matter\n\ntext');
    });
  });

  describe('inline', () => {
    it('keeps emphasis, strikethrough and code', () => {
      assert.equal(convert('*a* _b_ **c** __d__ ~~e~~ `f`'), '*a* *b* **c** **d** ~~e~~ `f`');
      assert.equal(convert('``code with ` tick``'), '``code with ` tick``');
    });

    it('joins soft line breaks as the preview does: a space, or nothing between CJK characters', () => {
      assert.equal(convert('one\ntwo'), 'one two');
      assert.equal(convert('第一行\n第二行'), '第一行第二行');
      assert.equal(convert('中文\nEnglish'), '中文 English');
    });

    it('makes a hard break a line DingTalk breaks: two spaces and a newline', () => {
      assert.equal(convert('one  \ntwo\\\nthree<br>four'), 'one  \ntwo  \nthree  \nfour');
    });

    it('escapes what DingTalk would read as markup: markdown with backslashes, HTML with entities', () => {
      assert.equal(convert('\\*not em\\* 2 \\* 3 and \\_x\\_ and a_b_c'), '\\*not em\\* 2 \\* 3 and \\_x\\_ and a_b_c');
      assert.equal(convert('&lt;b&gt;tag&lt;/b&gt; and 1 < 2'), '&lt;b>tag&lt;/b> and 1 < 2');
      assert.equal(convert('\\[a\\](b) and \\`tick\\`'), '[a\\](b) and \\`tick\\`');
      assert.equal(convert('&amp;copy; stays'), '&amp;copy; stays');
    });

    it('escapes a line that would start a heading, quote or list', () => {
      assert.equal(convert('\\# no\n\n\\> no\n\n\\- no\n\n1\\. no\n\n2024\\. no'), '\\# no\n\n\\> no\n\n\\- no\n\n1\\. no\n\n2024\\. no');
      assert.equal(convert('a<br>- b<br># c'), 'a  \n\\- b  \n\\# c');
    });

    it('decodes HTML entities', () => {
      assert.equal(convert('&copy; &mdash; &#x4E2D; &nbsp;x'), '© — 中 \u00A0x');
    });

    it('keeps inline math as code and prices as text', () => {
      assert.equal(convert('area $\\pi r^2$ costs $5, or $10'), 'area `$\\pi r^2$` costs $5, or $10');
    });
  });

  describe('links', () => {
    it('calls resolveLink with a relative href exactly as written, and links its answer', () => {
      const asked: string[] = [];
      const resolveLink = (href: string): string | undefined => {
        asked.push(href);
        return href.startsWith('docs') ? `https://git.example.com/r/blob/abc/${href}` : undefined;
      };
      const text = convert('[Setup](docs/setup.md#install) [License](../LICENSE) [Spaces](<docs/my file.md>) [Enc](docs/a%20b.md)', { resolveLink });
      assert.deepEqual(asked, ['docs/setup.md#install', '../LICENSE', 'docs/my file.md', 'docs/a%20b.md']);
      assert.equal(
        text,
        '[Setup](https://git.example.com/r/blob/abc/docs/setup.md#install) License [Spaces](https://git.example.com/r/blob/abc/docs/my%20file.md) [Enc](https://git.example.com/r/blob/abc/docs/a%20b.md)',
      );
    });

    it('keeps link text without a link when there is no resolver', () => {
      assert.equal(convert('see [the guide](guide.md).'), 'see the guide.');
    });

    it('turns an anchor into its text, and never asks the resolver about it', () => {
      assert.equal(convert('[Usage](#usage)', { resolveLink: () => assert.fail('asked about an anchor') }), 'Usage');
    });

    it('keeps absolute links, autolinks and mail links, and drops script links', () => {
      assert.equal(convert('[a](https://example.com/a_(b)) <https://x.org> <me@example.com> [s](javascript:alert(1))'), '[a](https://example.com/a_%28b%29) [https://x.org](https://x.org) [me@example.com](mailto:me@example.com) s');
      assert.equal(convert('[p](//cdn.example.com/x)'), '[p](https://cdn.example.com/x)');
    });

    it('escapes brackets in link text', () => {
      assert.equal(convert('[a \\[b\\] c](https://x.org)'), '[a \\[b\\] c](https://x.org)');
    });
  });

  describe('images', () => {
    it('shows an uploaded local image by its media_id', () => {
      const images = new Map([['img/a.png', '@lADOfake1']]);
      assert.equal(convert('![Arch](img/a.png "title")', { images }), '![Arch](@lADOfake1)');
    });

    it('reports a local image without a media_id and shows its alt text (or file name)', () => {
      const result = convertMarkdown('![Arch](img/a.png) ![](img/b%20c.png)');
      assert.equal(result.text, '🖼️ Arch 🖼️ b c.png');
      assert.deepEqual(result.unresolvedImages, [
        { src: 'img/a.png', alt: 'Arch' },
        { src: 'img/b%20c.png', alt: '' },
      ]);
    });

    it('keeps remote images, and drops data: images to their alt text', () => {
      assert.equal(convert('![r](https://example.com/r.png) ![d](data:image/png;base64,AAAA)'), '![r](https://example.com/r.png) 🖼️ d');
    });

    it('lists each local image once, in document order, wherever it appears', () => {
      const source = [
        '![one](a.png) ![again](a.png)',
        '<img src="b.png" alt="html">',
        '![abs](/srv/c.png) ![file](file:///tmp/d.png) ![win](C:\\pics\\e.png)',
        '![remote](https://example.com/x.png) ![data](data:image/gif;base64,R0lG)',
        '| t |\n|---|\n| ![cell](f.png) |',
        'note[^1]',
        '[^1]: with ![g](g.png)',
      ].join('\n\n');
      assert.deepEqual(
        localImages(source).map((i) => `${i.src}=${i.alt}`),
        ['a.png=one', 'b.png=html', '/srv/c.png=abs', 'file:///tmp/d.png=file', 'C:\\pics\\e.png=win', 'f.png=cell', 'g.png=g'],
      );
    });

    it('looks up the src localImages gave, even when written with entities or angle brackets', () => {
      const source = '![x](<my shot.png>) <img src="a&amp;b.png">';
      const images = new Map(localImages(source).map((i, n) => [i.src, `@id${n}`]));
      assert.deepEqual([...images.keys()], ['my shot.png', 'a&b.png']);
      assert.equal(convert(source, { images }), '![x](@id0) ![](@id1)');
    });

    it('turns a row of badges into one line of labels, linked where the badge was', () => {
      const source = '[![CI](https://github.com/a/b/actions/workflows/ci.yml/badge.svg)](https://github.com/a/b/actions)\n[![npm](https://img.shields.io/npm/v/b.svg)](https://npmjs.com/b)\n![license](https://img.shields.io/badge/license-MIT-blue)';
      assert.equal(convert(source), '[CI](https://github.com/a/b/actions) · [npm](https://npmjs.com/b) · license');
    });

    it('shows a picture inside a link, then the link; a picture linking to itself is just the picture', () => {
      assert.equal(convert('[![Demo](https://x.org/t.jpg)](https://video.org/v)'), '![Demo](https://x.org/t.jpg) [Demo](https://video.org/v)');
      assert.equal(convert('[![](shot.png)](shot.png)', { images: new Map([['shot.png', '@s']]) }), '![](@s)');
    });
  });

  describe('lists', () => {
    it('keeps top-level lists as markdown lists, with the source numbering', () => {
      assert.equal(convert('- a\n- b\n\n3. c\n4. d'), '- a\n- b\n\n3. c\n4. d');
    });

    it('draws nested items as indented lines with the preview bullets, joined by hard breaks', () => {
      assert.equal(
        convert('- a\n  - b\n    - c\n      - d\n  1. e\n- f'),
        ['- a  ', '  \u3000◦ b  ', '  \u3000\u3000▪ c  ', '  \u3000\u3000\u3000▪ d  ', '  \u30001. e', '- f'].join('\n'),
      );
    });

    it('keeps a loose list loose', () => {
      assert.equal(convert('- a\n\n- b\n\n  second paragraph'), '- a\n\n- b\n\n  second paragraph');
    });

    it('keeps code inside a list item as a fence at the item\'s indent', () => {
      assert.equal(convert('1. Install:\n   ```sh\n   npm i\n   ```\n2. Run'), '1. Install:\n   ```sh\n   npm i\n   ```\n2. Run');
      assert.equal(convert('- a\n  - b:\n    ```js\n    x()\n    ```\n  - c'), '- a  \n  \u3000◦ b:\n  ```js\n  x()\n  ```\n  \u3000◦ c');
    });

    it('shows task list items with ☐ and ☑', () => {
      assert.equal(convert('- [ ] open\n- [x] done\n  - [X] nested done'), '- ☐ open\n- ☑ done  \n  \u3000☑ nested done');
    });

    it('makes a heading inside a list item bold', () => {
      assert.equal(convert('- ## Step\n  text'), '- **Step**  \n  text');
    });

    it('ends a quote inside a list item before the text that follows', () => {
      assert.equal(convert('- a\n  > q\n\n  b'), '- a\n\n  > q\n\n  b');
    });
  });

  describe('footnotes', () => {
    it('shows a footnote in parentheses where it is referenced', () => {
      assert.equal(convert('Text[^n] more.\n\n[^n]: The **note**.'), 'Text (The **note**.) more.');
      assert.equal(convert('中文[^n]。\n\n[^n]: 注释'), '中文（注释）。');
      assert.equal(convert('Inline^[quick note] here.'), 'Inline (quick note) here.');
    });

    it('shows a footnote referenced twice both times, and drops unused ones', () => {
      assert.equal(convert('a[^x] b[^x]\n\n[^x]: n\n\n[^unused]: never shown'), 'a (n) b (n)');
    });
  });

  describe('blocks', () => {
    it('keeps code fences with their language, mermaid included', () => {
      assert.equal(convert('```ts {1,3}\nlet a;\n```\n\n```mermaid\ngraph TD\n```'), '```ts\nlet a;\n```\n\n```mermaid\ngraph TD\n```');
    });

    it('fences indented code, and lengthens a fence around code that holds one', () => {
      assert.equal(convert('    indented'), '```\nindented\n```');
      assert.equal(convert('````md\n```js\nx\n```\n````'), '````md\n```js\nx\n```\n````');
    });

    it('turns $$ math into a math fence', () => {
      assert.equal(convert('$$\na^2 + b^2\n$$'), '```math\na^2 + b^2\n```');
      assert.equal(convert('$$ x = 1 $$'), '```math\nx = 1\n```');
    });

    it('keeps headings in quotes and marks GitHub alerts', () => {
      assert.equal(convert('> ## Title\n> body'), '> ## Title\n>\n> body');
      assert.equal(convert('> [!TIP]\n> Use it.'), '> **💡 Tip**  \n> Use it.');
    });

    it('keeps horizontal rules apart from the paragraph above', () => {
      assert.equal(convert('a\n\n***\n\nb'), 'a\n\n---\n\nb');
    });
  });
});
