import { strict as assert } from 'node:assert';
import * as build from '../../../src/core/messages';
import { toAppMessage, toWebhookBody } from '../../../src/core/messages';
import { catchSync } from '../../support/catch';

function inputCode(fn: () => unknown): string | number {
  const error = catchSync(fn);
  assert.equal(error.category, 'input');
  assert.ok(error.messageZh.length > 0);
  return error.code;
}

describe('core/messages', () => {
  it('refuses messages without their required fields', () => {
    assert.equal(inputCode(() => build.text('  ')), 'missingField');
    assert.equal(inputCode(() => build.markdown('', 'x')), 'missingField');
    assert.equal(inputCode(() => build.link('t', 'x', '')), 'missingField');
    assert.equal(inputCode(() => build.actionCard('t', 'x', [])), 'missingField');
    assert.equal(inputCode(() => build.actionCard('t', 'x', { title: 'Open', url: '' })), 'missingField');
    assert.equal(inputCode(() => build.feedCard([])), 'missingField');
    assert.equal(inputCode(() => build.file('@m', '', 'pdf')), 'missingField');
    assert.equal(inputCode(() => build.image('')), 'missingField');
  });

  it('writes @mentions into the text and the at field, user ids under both names', () => {
    const body = toWebhookBody(build.text('deploy done', { mobiles: ['13800000000'], userIds: ['user001'] }));
    assert.deepEqual(body, {
      msgtype: 'text',
      text: { content: 'deploy done\n\n@13800000000 @user001' },
      at: { atMobiles: ['13800000000'], atUserIds: ['user001'], atDingtalkIds: ['user001'], isAtAll: false },
    });
    const already = toWebhookBody(build.markdown('T', 'ping @13800000000', { mobiles: ['13800000000'] }));
    assert.equal((already.markdown as { text: string }).text, 'ping @13800000000');
    assert.deepEqual(toWebhookBody(build.text('all', { all: true })).at, { atMobiles: [], atUserIds: [], atDingtalkIds: [], isAtAll: true });
    assert.equal(toWebhookBody(build.text('none')).at, undefined);
  });

  it('uses the exact webhook field names for every type', () => {
    assert.deepEqual(toWebhookBody(build.link('T', 'x', 'https://e.test/a', 'https://e.test/p.png')), {
      msgtype: 'link',
      link: { title: 'T', text: 'x', messageUrl: 'https://e.test/a', picUrl: 'https://e.test/p.png' },
    });
    assert.deepEqual(toWebhookBody(build.actionCard('T', 'x', { title: 'Open', url: 'https://e.test' })).actionCard, {
      title: 'T',
      text: 'x',
      hideAvatar: '0',
      singleTitle: 'Open',
      singleURL: 'https://e.test',
    });
    const multi = toWebhookBody(build.actionCard('T', 'x', [{ title: 'A', url: 'https://e.test/a' }, { title: 'B', url: 'https://e.test/b' }], { vertical: true }));
    assert.deepEqual(multi.actionCard, {
      title: 'T',
      text: 'x',
      hideAvatar: '0',
      btnOrientation: '0',
      btns: [{ title: 'A', actionURL: 'https://e.test/a' }, { title: 'B', actionURL: 'https://e.test/b' }],
    });
    assert.deepEqual(toWebhookBody(build.feedCard([{ title: 'T', messageUrl: 'https://e.test', picUrl: 'https://e.test/p.png' }])), {
      msgtype: 'feedCard',
      feedCard: { links: [{ title: 'T', messageURL: 'https://e.test', picURL: 'https://e.test/p.png' }] },
    });
    assert.deepEqual(toWebhookBody(build.file('@m', 'a.pdf', 'pdf')), { msgtype: 'file', file: { mediaId: '@m', fileName: 'a.pdf', fileType: 'pdf' } });
    assert.deepEqual(toWebhookBody(build.image('@m')), { msgtype: 'image', image: { mediaId: '@m', picURL: '' } });
  });

  it('gives app robots a msgKey and a JSON-string msgParam', () => {
    const md = toAppMessage(build.markdown('T', '**x**'));
    assert.equal(md.msgKey, 'sampleMarkdown');
    assert.equal(typeof md.msgParam, 'string');
    assert.deepEqual(JSON.parse(md.msgParam), { title: 'T', text: '**x**' });
    assert.deepEqual(JSON.parse(toAppMessage(build.file('@m', 'a.pdf', 'pdf')).msgParam), { mediaId: '@m', fileName: 'a.pdf', fileType: 'pdf' });
    assert.deepEqual(JSON.parse(toAppMessage(build.image('@m')).msgParam), { photoURL: '@m' });
    const three = toAppMessage(build.actionCard('T', 'x', [1, 2, 3].map((n) => ({ title: `B${n}`, url: `https://e.test/${n}` }))));
    assert.equal(three.msgKey, 'sampleActionCard3');
    assert.equal(JSON.parse(three.msgParam).actionURL3, 'https://e.test/3');
  });

  it('says plainly what an app robot cannot send', () => {
    assert.equal(inputCode(() => toAppMessage(build.feedCard([{ title: 'T', messageUrl: 'https://e.test', picUrl: 'https://e.test/p' }]))), 'unsupportedForApp');
    assert.equal(inputCode(() => toAppMessage(build.text('x', { mobiles: ['13800000000'] }))), 'unsupportedForApp');
    const six = build.actionCard('T', 'x', [1, 2, 3, 4, 5, 6].map((n) => ({ title: `B${n}`, url: `https://e.test/${n}` })));
    assert.equal(inputCode(() => toAppMessage(six)), 'unsupportedForApp');
  });
});
