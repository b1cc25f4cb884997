/** A TypeScript snippet of `lines` lines that looks like real code: nesting, strings, numbers, and a Chinese comment every few lines. */
export function generateSnippet(lines: number): string {
  const out: string[] = [];
  const blocks = [
    (i: number) => [
      `// 第 ${i} 段：读取配置并合并默认值`,
      `export async function load${i}(path: string, retries = ${i % 5}): Promise<Config> {`,
      `\tconst text = await readFile(path, 'utf8');`,
      `\tif (!text.trim()) {`,
      `\t\tthrow new Error(\`empty config at \${path} (attempt \${retries})\`);`,
      `\t}`,
      `\treturn { ...DEFAULTS, ...JSON.parse(text), id: ${i * 31}, tags: ['a', 'b', 'c'] } as Config;`,
      `}`,
    ],
    (i: number) => [
      `/** 缓存最近的结果，最多 ${i * 10} 条 */`,
      `class Cache${i}<T> {`,
      `\tprivate readonly items = new Map<string, T>();`,
      `\tget(key: string): T | undefined {`,
      `\t\treturn this.items.get(key); // 命中则返回`,
      `\t}`,
      `}`,
    ],
  ];
  for (let i = 0; out.length < lines; i++) {
    out.push(...blocks[i % blocks.length](i), '');
  }
  return out.slice(0, lines).join('\n');
}
