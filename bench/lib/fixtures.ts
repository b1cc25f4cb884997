import type { WebhookRobot } from '../../src/core';
import { FAKE } from '../../test/support/harness';

/** The made-up credentials the tests use; none of them is, or looks like, a real DingTalk value. */
export { FAKE };

/** The simulator's plain webhook robot, with app credentials so it can upload. */
export function benchRobot(origin: string): WebhookRobot {
  return {
    kind: 'webhook',
    webhook: `${origin}/robot/send?access_token=${FAKE.token}`,
    appKey: FAKE.appKey,
    appSecret: FAKE.appSecret,
  };
}
