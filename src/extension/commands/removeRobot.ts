import type { Services } from '../services';
import { resolveRobot } from '../robotPicker';

/**
 * Removes a robot and its secrets after a modal confirmation (no id: the user picks the robot).
 * When it was the default, the most recently used robot left takes its place. Resolves with true when removed.
 */
export async function removeRobot(services: Services, robotId?: string): Promise<boolean> {
  const { ui, t, robots } = services;
  const record = await resolveRobot(services, robotId, t('Remove which robot?'));
  if (!record) {
    return false;
  }
  const remove = t('Remove');
  const answer = await ui.confirm(
    t('Remove the robot "{0}"?', record.name),
    t('Its webhook URL and secrets are deleted from this computer. The robot itself stays in DingTalk.'),
    remove,
  );
  if (answer !== remove) {
    return false;
  }
  const wasDefault = robots.defaultRobot()?.id === record.id;
  await robots.remove(record.id);
  const next = wasDefault ? robots.defaultRobot() : undefined;
  void ui.info(next ? t('Robot "{0}" removed. "{1}" is now the default robot.', record.name, next.name) : t('Robot "{0}" removed.', record.name));
  return true;
}
