import { strict as assert } from 'node:assert';
import { jsonByteLength, splitText } from '../../../src/core/split';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

function fencesBalanced(part: string): boolean {
  let open: string | undefined;
  for (const line of part.split('\n')) {
    const m = FENCE.exec(line);
    if (!m) {
      continue;
    }
    if (!open) {
      open = m[1];
    } else if (m[1][0] === open[0] && m[1].length >= open.length && line.trim() === m[1]) {
      open = undefined;
    }
  }
  return open === undefined;
}

/** A deterministic pseudo-random generator, so a failing case can be reproduced. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function cjkCodeDocument(targetBytes: number, random = rng(7)): string {
  const prose = ['钉钉机器人发送代码片段。', '这一段说明了为什么需要分段发送。', 'Emoji 😀🎉 and 中文 mixed text.', 'Plain English paragraph line.'];
  const code = ['const 名字 = "值";', 'function send(x: number) { return x * 2; }', '  // 注释：保持缩进', 'console.log(`模板 ${名字}`);'];
  const blocks: string[] = [];
  while (jsonByteLength(blocks.join('\n\n')) < targetBytes) {
    if (random() < 0.4) {
      const lines = Array.from({ length: 5 + Math.floor(random() * 40) }, () =>
        random() < 0.03 ? 'const minified = "'.concat('钉a😀'.repeat(200 + Math.floor(random() * 3000)), '";') : code[Math.floor(random() * code.length)],
      );
      blocks.push(['```ts', ...lines, '```'].join('\n'));
    } else {
      const lines = Array.from({ length: 1 + Math.floor(random() * 6) }, () => prose[Math.floor(random() * prose.length)]);
      blocks.push(lines.join('\n'));
    }
  }
  return blocks.join('\n\n');
}

describe('core/split', () => {
  it('measures JSON-escaped UTF-8 bytes: CJK is 3 bytes, a newline 2', () => {
    assert.equal(jsonByteLength('钉'), 3);
    assert.equal(jsonByteLength('\n'), 2);
    assert.equal(jsonByteLength('"'), 2);
    assert.equal(jsonByteLength('😀'), 4);
    assert.equal(jsonByteLength('a钉\n'), jsonByteLength('a') + jsonByteLength('钉') + jsonByteLength('\n'));
  });

  it('keeps short text whole', () => {
    assert.deepEqual(splitText('hello\n\nworld', 1000), ['hello\n\nworld']);
  });

  it('splits a 25 KB CJK and code document into parts under the limit with balanced fences', () => {
    const doc = cjkCodeDocument(25_000);
    const parts = splitText(doc, 19_000);
    assert.ok(parts.length >= 2);
    for (const part of parts) {
      assert.ok(jsonByteLength(part) <= 19_000, `part of ${jsonByteLength(part)} bytes`);
      assert.ok(fencesBalanced(part), 'fence left open');
      assert.ok(!part.includes('\uFFFD'));
    }
  });

  it('loses no line and reorders nothing (fence markers it adds aside)', () => {
    const doc = cjkCodeDocument(60_000, rng(3));
    const parts = splitText(doc, 5_000);
    // Over-long lines may be cut between parts, so compare the content with line breaks left out.
    const content = (text: string): string => text.split('\n').filter((l) => l.trim() !== '' && !FENCE.test(l)).join('');
    assert.equal(content(parts.join('\n')), content(doc));
  });

  it('reopens a fence with its language in the next part', () => {
    const code = Array.from({ length: 400 }, (_, i) => `let value${i} = ${i};`).join('\n');
    const parts = splitText(`intro\n\n\`\`\`typescript\n${code}\n\`\`\`\n\noutro`, 3_000);
    assert.ok(parts.length > 2);
    for (const part of parts.slice(1, -1)) {
      assert.ok(part.startsWith('```typescript\n'), part.slice(0, 30));
      assert.ok(part.endsWith('\n```'));
    }
  });

  it('prefers a paragraph break over a line break', () => {
    const para = (c: string): string => Array.from({ length: 10 }, () => c.repeat(50)).join('\n');
    const paragraphs = [para('a'), para('b'), para('c')];
    const parts = splitText(paragraphs.join('\n\n'), 1_200);
    assert.equal(parts.length, 2);
    for (const paragraph of paragraphs) {
      assert.equal(parts.filter((p) => p.includes(paragraph)).length, 1, 'a paragraph was cut in the middle');
    }
  });

  it('cuts an over-long line between characters, never inside one', () => {
    const line = '钉😀'.repeat(5_000);
    const parts = splitText(line, 2_000);
    assert.ok(parts.length > 1);
    assert.equal(parts.join(''), line);
    for (const part of parts) {
      assert.ok(jsonByteLength(part) <= 2_000);
      assert.equal(Buffer.from(part, 'utf8').toString('utf8'), part);
      assert.ok(!/[\uD800-\uDBFF]$/.test(part), 'ends inside a surrogate pair');
    }
  });

  it('treats CRLF line ends like LF, so a Windows file\'s fences still close', () => {
    const code = Array.from({ length: 300 }, (_, i) => `x${i} = ${i}`).join('\r\n');
    const parts = splitText(`\`\`\`py\r\n${code}\r\n\`\`\`\r\n\r\nafter`, 1_000);
    assert.ok(parts.length > 2);
    for (const part of parts) {
      assert.ok(!part.includes('\r'));
      assert.ok(fencesBalanced(part));
    }
    assert.ok(parts[parts.length - 1].endsWith('```\n\nafter') || parts[parts.length - 1] === 'after');
  });

  it('makes room for a long fence marker and its language when it closes and reopens one', () => {
    const marker = '`'.repeat(40);
    const code = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const limit = 600;
    const parts = splitText(`${marker}typescript-with-a-long-info-string\n${code}\n${marker}`, limit);
    for (const part of parts) {
      assert.ok(jsonByteLength(part) <= limit, `${jsonByteLength(part)} > ${limit}`);
      assert.ok(fencesBalanced(part));
    }
  });

  it('holds its properties over generated documents', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = rng(seed);
      const limit = 800 + Math.floor(random() * 8_000);
      const doc = cjkCodeDocument(5_000 + Math.floor(random() * 40_000), random);
      for (const part of splitText(doc, limit)) {
        assert.ok(jsonByteLength(part) <= limit, `seed ${seed}: ${jsonByteLength(part)} > ${limit}`);
        assert.ok(fencesBalanced(part), `seed ${seed}: unbalanced fence`);
      }
    }
  });
});
