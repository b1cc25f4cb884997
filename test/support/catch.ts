import { strict as assert } from 'node:assert';
import { DingTalkError } from '../../src/core/errors';

/** The DingTalkError `fn` throws; fails the test when it throws nothing or something else. */
export function catchSync(fn: () => unknown): DingTalkError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DingTalkError, `expected a DingTalkError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

/** The DingTalkError `promise` rejects with; fails the test when it resolves or rejects with something else. */
export async function catchAsync(promise: Promise<unknown>): Promise<DingTalkError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DingTalkError, `expected a DingTalkError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}
