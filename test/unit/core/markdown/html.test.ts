import { strict as assert } from 'node:assert';
import { convertMarkdown } from '../../../../src/core/markdown';

function convert(markdown: string): string {
  return convertMarkdown(markdown, { resolveLink: (href) => `https://git.example.com/r/${href}` }).text;
}

describe('core/markdown HTML', () => {
  it('turns <br> into a line break DingTalk shows', () => {
    assert.equal(convert('one<br>two<br/>three<BR />four'), 'one  \ntwo  \nthree  \nfour');
  });

  it('turns <img> into an image, and a centred logo block into its picture', () => {
    assert.equal(convert('<p align="center">\n  <img src="https://x.org/logo.png" alt="Logo" width="120">\n</p>'), '![Logo](https://x.org/logo.png)');
  });

  it('shows <details> content, with its <summary> in bold', () => {
    assert.equal(convert('<details>\n<summary>More</summary>\n\nHidden **text**.\n\n</details>'), '**More**\n\nHidden **text**.');
    assert.equal(convert('<details><summary>All in one</summary><p>Body</p></details>'), '**All in one**\n\nBody');
  });

  it('shows <kbd> and <code> as code, <b> and <i> as emphasis, <s> as strikethrough', () => {
    assert.equal(convert('<kbd>Ctrl</kbd>+<kbd>C</kbd>, <code>x</code>, <b>b</b>, <i>i</i>, <del>d</del>'), '`Ctrl`+`C`, `x`, **b**, *i*, ~~d~~');
  });

  it('writes <sup>/<sub> digits as superscript/subscript characters, other text after a caret', () => {
    assert.equal(convert('x<sup>2</sup> H<sub>2</sub>O e<sup>-(n+1)</sup> v<sup>beta</sup> <sub>caption</sub>'), 'x² H₂O e⁻⁽ⁿ⁺¹⁾ v^beta caption');
  });

  it('drops comments, scripts and styles, and keeps the text of unknown tags', () => {
    assert.equal(convert('a <!-- hidden --> b <span class="x">c</span> <font color=red>d</font>'), 'a  b c d');
    assert.equal(convert('<!-- a whole block\nof comment -->\n\ntext'), 'text');
    assert.equal(convert('<script>alert(1)</script>\n\n<style>p{}</style>\n\nafter'), 'after');
  });

  it('decodes entities in HTML text and attributes', () => {
    assert.equal(convert('<p>Fish &amp; chips &lt;3 &#8364;5 &lt;br&gt;</p>'), 'Fish & chips <3 €5 &lt;br>');
    assert.equal(convert('<a href="https://x.org/?a=1&amp;b=2">q</a>'), '[q](https://x.org/?a=1&b=2)');
  });

  it('turns HTML links into links, resolving relative ones, and anchors into text', () => {
    assert.equal(convert('<a href="docs/a.md">doc</a> <a href="#top">top</a> <a name="x"></a>end'), '[doc](https://git.example.com/r/docs/a.md) top end');
  });

  it('reads HTML headings, lists, quotes, rules and preformatted code', () => {
    assert.equal(convert('<h2>Title</h2>'), '## Title');
    assert.equal(convert('<ol start="3"><li>three</li><li>four</li></ol>'), '3. three\n4. four');
    assert.equal(convert('<blockquote>said</blockquote>'), '> said');
    assert.equal(convert('<hr>'), '---');
    assert.equal(convert('<pre><code class="language-js">let a = 1;\nlet b = &lt;T&gt;2;\n</code></pre>'), '```js\nlet a = 1;\nlet b = &lt;T>2;\n```');
  });

  it('closes what browsers close: a new <li> or <p>, an unclosed element at its parent\'s end', () => {
    assert.equal(convert('<ul><li>a<li>b</ul>'), '- a\n- b');
    assert.equal(convert('<div><p>one<p>two</div>'), 'one\n\ntwo');
    assert.equal(convert('text with <b>unclosed bold'), 'text with **unclosed bold**');
  });

  it('lets markdown emphasis and inline HTML nest without crossing', () => {
    assert.equal(convert('*a <b>b* c</b>'), '*a **b*** c');
    assert.equal(convert('<i>*x*</i> <b>**y**</b>'), '*x* **y**');
  });

  it('links a video by its source', () => {
    assert.equal(convert('<video src="https://x.org/demo.mp4"></video>'), '[demo.mp4](https://x.org/demo.mp4)');
  });

  it('keeps the text of a stray < that starts no tag', () => {
    assert.equal(convert('a <- b and <3'), 'a <- b and <3');
  });
});
