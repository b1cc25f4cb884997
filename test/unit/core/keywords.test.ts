import { strict as assert } from 'node:assert';
import { ensureKeyword, keywordTag, missingKeyword } from '../../../src/core/keywords';
import { actionCard, feedCard, file, image, link, markdown, text, toWebhookBody } from '../../../src/core/messages';

describe('core/keywords', () => {
  const keywords = ['Deploy', 'CI'];

  it('finds a missing keyword only when none is present', () => {
    assert.equal(missingKeyword('build failed', ['DingTalk', 'CI']), 'DingTalk');
    assert.equal(missingKeyword('CI: build failed', ['DingTalk', 'CI']), undefined);
    assert.equal(missingKeyword('anything', []), undefined);
    assert.equal(missingKeyword('anything', undefined), undefined);
  });

  it('leaves a message that has a keyword, in its text or its title, as it is', () => {
    for (const message of [text('CI passed'), markdown('Deploy', 'all green'), link('Report', 'CI run 12', 'https://example.com/run/12')]) {
      assert.deepEqual(ensureKeyword(message, keywords), { message });
    }
  });

  it('adds the first keyword where the group sees it, for every kind that has text', () => {
    const tag = keywordTag('Deploy');
    const cases = [
      text('build passed'),
      markdown('Build', 'all green'),
      link('Report', 'run 12', 'https://example.com/run/12'),
      actionCard('Release', 'ready', { title: 'Open', url: 'https://example.com/r' }),
      feedCard([
        { title: 'first', messageUrl: 'https://example.com/1', picUrl: 'https://example.com/1.png' },
        { title: 'second', messageUrl: 'https://example.com/2', picUrl: 'https://example.com/2.png' },
      ]),
      file('@media-id', 'report.pdf', 'pdf'),
    ];
    for (const message of cases) {
      const sent = ensureKeyword(message, keywords);
      assert.equal(sent.keywordAdded, 'Deploy', message.type);
      const body = JSON.stringify(toWebhookBody(sent.message));
      assert.ok(body.includes(tag), `${message.type}: ${body}`);
      assert.equal(body.split(tag).length, 2, `${message.type}: the keyword is added once`);
    }
  });

  it('adds nothing to an image, which has no text to carry it, nor for a robot without keywords', () => {
    const picture = image('@media-id');
    assert.deepEqual(ensureKeyword(picture, keywords), { message: picture });
    const plain = text('build passed');
    assert.deepEqual(ensureKeyword(plain, undefined), { message: plain });
    assert.deepEqual(ensureKeyword(plain, ['  ']), { message: plain });
  });
});
