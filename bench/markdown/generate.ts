/**
 * A markdown document of a given size that looks like what people send: release notes and design
 * docs with headings, paragraphs in English and Chinese, lists, tables, code, quotes, links, remote
 * images and footnotes. Deterministic (seeded), so every run converts the same text.
 */

import { seededRandom } from '../../test/support/seededRandom';

const WORDS = (
  'the build release robot message webhook token upload file group send queue limit window retry ' +
  'server client request answer error timeout proxy editor selection document preview image table ' +
  'code block heading list item link markdown converter test simulator core extension setting user'
).split(' ');

const CJK = (
  '钉钉 机器人 消息 发送 文件 上传 群聊 配置 设置 测试 构建 发布 版本 错误 重试 超时 代理 编辑器 ' +
  '选区 文档 预览 图片 表格 代码 标题 列表 链接 转换 模拟器 扩展 用户 团队 项目 需求 评审 部署'
).split(' ');

export function generateMarkdown(targetBytes: number, seed = 7): string {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const int = (min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
  const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const cjk = (n: number): string => Array.from({ length: n }, () => pick(CJK)).join('');
  let footnotes = 0;

  const sentence = (): string => {
    const parts = [words(int(4, 9))];
    const flavour = rnd();
    if (flavour < 0.15) {
      parts.push(`**${words(2)}**`);
    } else if (flavour < 0.3) {
      parts.push(`*${words(2)}*`);
    } else if (flavour < 0.45) {
      parts.push(`\`${pick(WORDS)}.${pick(WORDS)}()\``);
    } else if (flavour < 0.55) {
      parts.push(`[${words(2)}](https://example.com/${pick(WORDS)}/${int(1, 999)})`);
    } else if (flavour < 0.6) {
      footnotes += 1;
      parts.push(`${pick(WORDS)}[^${footnotes}]`);
    }
    parts.push(words(int(2, 6)));
    const text = parts.join(' ');
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  };

  const blocks: Array<() => string> = [
    () => `${'#'.repeat(int(1, 3))} ${words(int(2, 5))} ${cjk(int(1, 3))}`,
    () => Array.from({ length: int(2, 5) }, sentence).join(' '),
    () => `${cjk(int(12, 40))}，${cjk(int(8, 24))}。${cjk(int(6, 20))}（${pick(WORDS)}）。`,
    () => Array.from({ length: int(3, 7) }, () => `- ${sentence()}${rnd() < 0.3 ? `\n  - ${words(int(3, 6))}` : ''}`).join('\n'),
    () => Array.from({ length: int(3, 6) }, (_, i) => `${i + 1}. ${words(int(3, 8))} ${cjk(int(2, 5))}`).join('\n'),
    () => {
      const cols = int(3, 5);
      const row = (): string => `| ${Array.from({ length: cols }, () => (rnd() < 0.3 ? cjk(int(1, 3)) : words(int(1, 2)))).join(' | ')} |`;
      return [row(), `|${' --- |'.repeat(cols)}`, ...Array.from({ length: int(2, 8) }, row)].join('\n');
    },
    () => {
      const lang = pick(['ts', 'python', 'bash', 'json', '']);
      const lines = Array.from({ length: int(3, 14) }, () => `${'  '.repeat(int(0, 2))}const ${pick(WORDS)} = ${pick(WORDS)}(${int(0, 99)}); // ${words(3)}`);
      return `\`\`\`${lang}\n${lines.join('\n')}\n\`\`\``;
    },
    () => `> ${sentence()}\n> ${cjk(int(8, 20))}`,
    () => `![${words(2)}](https://example.com/images/${pick(WORDS)}-${int(1, 99)}.png)`,
    () => '---',
  ];
  const weights = [2, 6, 3, 2, 1, 1, 2, 1, 1, 0.3];
  const total = weights.reduce((a, b) => a + b, 0);
  const pickBlock = (): string => {
    let r = rnd() * total;
    for (let i = 0; i < blocks.length; i++) {
      r -= weights[i];
      if (r <= 0) {
        return blocks[i]();
      }
    }
    return blocks[1]();
  };

  const out: string[] = [`# ${words(3)} ${cjk(4)}`];
  let size = Buffer.byteLength(out[0]);
  while (size < targetBytes) {
    const block = pickBlock();
    out.push(block);
    size += Buffer.byteLength(block) + 2;
  }
  for (let i = 1; i <= footnotes; i++) {
    out.push(`[^${i}]: ${words(int(3, 8))}`);
  }
  return `${out.join('\n\n')}\n`;
}
