import { existsSync } from 'node:fs';
import { win32 } from 'node:path';

/** What a system font is there for: the host loads them in this order after the bundled monospace font. */
export type SystemFontRole = 'cjk' | 'emoji' | 'symbols';

export interface SystemFont {
  path: string;
  role: SystemFontRole;
}

export interface FindSystemFontsOptions {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Defaults to the file system; tests pass their own. */
  exists?: (path: string) => boolean;
}

/** Where Debian/Ubuntu, Fedora, Arch and openSUSE put the packaged fonts. */
const LINUX: [SystemFontRole, string[]][] = [
  [
    'cjk',
    [
      '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
      '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
      '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
      '/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc',
      '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf',
      '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
      '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
      '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc',
      '/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc',
      '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc',
      '/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc',
      '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
    ],
  ],
  [
    'emoji',
    [
      '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
      '/usr/share/fonts/noto/NotoColorEmoji.ttf',
      '/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf',
      '/usr/share/fonts/google-noto-color-emoji-fonts/NotoColorEmoji.ttf',
    ],
  ],
  ['symbols', ['/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', '/usr/share/fonts/TTF/DejaVuSansMono.ttf', '/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf']],
];

const MAC: [SystemFontRole, string[]][] = [
  [
    'cjk',
    [
      '/System/Library/Fonts/PingFang.ttc',
      '/System/Library/Fonts/Hiragino Sans GB.ttc',
      '/System/Library/Fonts/STHeiti Medium.ttc',
      '/System/Library/Fonts/STHeiti Light.ttc',
      '/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc',
      '/System/Library/Fonts/AppleSDGothicNeo.ttc',
      '/System/Library/Fonts/Supplemental/Arial Unicode.ttf',
      '/Library/Fonts/Arial Unicode.ttf',
    ],
  ],
  ['emoji', ['/System/Library/Fonts/Apple Color Emoji.ttc']],
  ['symbols', ['/System/Library/Fonts/Menlo.ttc', '/System/Library/Fonts/Apple Symbols.ttf']],
];

function windows(fontsDir: string): [SystemFontRole, string[]][] {
  const file = (name: string): string => win32.join(fontsDir, name);
  return [
    ['cjk', ['msyh.ttc', 'msyh.ttf', 'simsun.ttc', 'simhei.ttf', 'msjh.ttc', 'YuGothR.ttc', 'meiryo.ttc', 'malgun.ttf'].map(file)],
    ['emoji', [file('seguiemj.ttf')]],
    ['symbols', ['seguisym.ttf', 'consola.ttf'].map(file)],
  ];
}

/**
 * Font files on this machine that cover what a code font lacks: CJK (Simplified Chinese first), emoji,
 * symbols, in the order the renderer should try them. Only paths; the host reads the files (they can
 * be tens of MB, so it reads them once and keeps them) and passes the bytes as `fonts`.
 */
export function findSystemFonts(options: FindSystemFontsOptions = {}): SystemFont[] {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const candidates =
    platform === 'win32' ? windows(win32.join(env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows', 'Fonts')) : platform === 'darwin' ? MAC : LINUX;
  return candidates.flatMap(([role, paths]) => paths.filter((path) => exists(path)).map((path) => ({ path, role })));
}
