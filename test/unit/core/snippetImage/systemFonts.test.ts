import * as assert from 'assert';
import { findSystemFonts } from '../../../../src/core/snippetImage';

describe('findSystemFonts', function () {
  it('lists the CJK, emoji and symbol fonts that exist on Linux, CJK first', function () {
    const present = new Set(['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc']);
    const fonts = findSystemFonts({ platform: 'linux', exists: (path) => present.has(path) });
    assert.deepStrictEqual(fonts, [
      { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', role: 'cjk' },
      { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', role: 'cjk' },
      { path: '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf', role: 'emoji' },
    ]);
  });

  it("looks in Windows' font folder and macOS's system fonts", function () {
    const windows = findSystemFonts({ platform: 'win32', env: { WINDIR: 'D:\\Win' }, exists: (path) => /msyh\.ttc|seguiemj/.test(path) });
    assert.deepStrictEqual(windows.map((f) => [f.role, f.path.replace(/\\/g, '/')]), [
      ['cjk', 'D:/Win/Fonts/msyh.ttc'],
      ['emoji', 'D:/Win/Fonts/seguiemj.ttf'],
    ]);
    const mac = findSystemFonts({ platform: 'darwin', exists: (path) => path.includes('PingFang') || path.includes('Apple Color Emoji') });
    assert.deepStrictEqual(mac.map((f) => f.role), ['cjk', 'emoji']);
  });

  it('finds the CJK font that .ci/run installs on this machine', function () {
    assert.ok(findSystemFonts().some((font) => font.role === 'cjk' && font.path.endsWith('NotoSansCJK-Regular.ttc')));
  });
});
