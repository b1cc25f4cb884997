import * as assert from 'node:assert/strict';
import { planMarkdown, planText } from '../../../src/core';
import { DingTalkError } from '../../../src/core';

describe('core/parts', () => {
  const section = (n: number) => `## Section ${n}\n\n${'Lorem ipsum dolor sit amet. '.repeat(150)}\n`;
  const long = Array.from({ length: 12 }, (_, i) => section(i + 1)).join('\n');

  it('numbers the parts of a long markdown document, cuts before headings, and puts the @mentions on the last part only', () => {
    const { messages } = planMarkdown({ kind: 'webhook' }, 'Notes', long, { mobiles: ['13800000000'] });
    assert.ok(messages.length > 1);
    messages.forEach((message, index) => {
      assert.equal(message.type, 'markdown');
      if (message.type === 'markdown') {
        assert.equal(message.title, `Notes (${index + 1}/${messages.length})`);
        assert.match(message.text, new RegExp(`^\\(${index + 1}/${messages.length}\\)\\n\\n## Section`));
        assert.equal(message.at !== undefined, index === messages.length - 1);
      }
    });
  });

  it('gives every part of a keyword-protected robot the keyword it lacks, and reports it', () => {
    const plan = planText({ kind: 'webhook', keywords: ['Build'] }, long);
    assert.equal(plan.keywordAdded, 'Build');
    assert.ok(plan.messages.every((message) => message.type === 'text' && message.content.startsWith('【Build】')));
  });

  it('leaves a short text whole, and splits an app robot text to its smaller limit', () => {
    assert.equal(planText({ kind: 'app' }, 'hello').messages.length, 1);
    const text = 'x'.repeat(17_000);
    assert.equal(planText({ kind: 'webhook' }, text).messages.length, 1);
    assert.equal(planText({ kind: 'app' }, text).messages.length, 2);
  });

  it('refuses a title that leaves no room for content', () => {
    assert.throws(() => planMarkdown({ kind: 'webhook' }, 'T'.repeat(19_500), 'body'), (error: unknown) => error instanceof DingTalkError && error.code === 'noRoomForContent');
  });
});
