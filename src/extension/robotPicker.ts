import type { PickItem } from './ports';
import { describeRobot } from './robotDescription';
import type { RobotRecord } from './robotStore';
import type { Services } from './services';

/** A quick pick of the robots (only those `filter` accepts, when given), the most recently used first. */
export async function chooseRobot(
  services: Services,
  placeholder: string,
  withAdd: boolean,
  filter?: (robot: RobotRecord) => boolean,
): Promise<RobotRecord | undefined> {
  const { ui, t, robots } = services;
  const current = robots.defaultRobot(services.settings().defaultRobot);
  const offered = filter ? robots.recent().filter(filter) : robots.recent();
  const items: PickItem<RobotRecord | 'add'>[] = offered.map((robot) => ({
    label: robot.name,
    description: robot.id === current?.id ? t('default') : undefined,
    detail: describeRobot(services, robot),
    value: robot,
  }));
  if (withAdd) {
    items.push({ label: `$(add) ${t('Add Robot…')}`, value: 'add' });
  }
  const picked = await ui.pick(items, { title: t('DingTalk robots'), placeholder });
  return picked === 'add' ? services.flows.addRobot() : picked;
}

/**
 * The robot to send to: the default one when set, otherwise the user's pick. With no robot at all,
 * offers to add one (and sends to it once added).
 */
export async function pickRobot(services: Services): Promise<RobotRecord | undefined> {
  const { ui, t, robots } = services;
  const preferred = robots.defaultRobot(services.settings().defaultRobot);
  if (preferred) {
    return preferred;
  }
  if (robots.list().length === 0) {
    const add = t('Add Robot…');
    const action = await ui.warn(t('No DingTalk robot yet. Add one to start sending.'), add);
    return action === add ? services.flows.addRobot() : undefined;
  }
  return chooseRobot(services, t('Send to which robot?'), true);
}

/**
 * The robot a command was given by id (status bar, another command), else the user's pick. With no
 * robot at all, offers to add one; resolves with undefined then, as the command has nothing to act on.
 */
export async function resolveRobot(services: Services, robotId: string | undefined, placeholder: string): Promise<RobotRecord | undefined> {
  const { ui, t, robots } = services;
  const given = typeof robotId === 'string' ? robots.get(robotId) : undefined;
  if (given) {
    return given;
  }
  if (robots.list().length === 0) {
    const add = t('Add Robot…');
    if ((await ui.info(t('No DingTalk robot yet.'), add)) === add) {
      await services.flows.addRobot();
    }
    return undefined;
  }
  return chooseRobot(services, placeholder, false);
}
