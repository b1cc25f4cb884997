import type { PickItem } from '../ports';
import { describeRobot } from '../robotDescription';
import { resolveRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';

const ASK = 'ask';

/** The user's pick of a default robot, or of no default ("ask every time"). */
async function pickDefault(services: Services): Promise<RobotRecord | typeof ASK | undefined> {
  const { ui, t, robots } = services;
  const current = robots.defaultRobot();
  const items: PickItem<RobotRecord | typeof ASK>[] = robots.recent().map((robot) => ({
    label: robot.name,
    description: robot.id === current?.id ? t('default') : undefined,
    detail: describeRobot(services, robot),
    value: robot,
  }));
  items.push({ label: `$(question) ${t('Ask Every Time')}`, description: current ? undefined : t('default'), detail: t('Choose the robot on each send.'), value: ASK });
  return ui.pick(items, { title: t('DingTalk robots'), placeholder: t('Which robot should sends go to by default?') });
}

/**
 * Makes a robot the one sends go to without asking (no id: the user picks it, or picks "ask every
 * time"). Says so when the workspace setting `dingtalk.defaultRobot` keeps this workspace on another robot.
 */
export async function setDefaultRobot(services: Services, robotId?: string): Promise<RobotRecord | undefined> {
  const { ui, t, robots } = services;
  const picked = robotId === undefined && robots.list().length > 0 ? await pickDefault(services) : await resolveRobot(services, robotId, t('Which robot should sends go to by default?'));
  if (!picked) {
    return undefined;
  }
  if (picked === ASK) {
    await robots.setDefault(undefined);
    void ui.info(t('Sends will ask which robot to use.'));
    return undefined;
  }
  await robots.setDefault(picked.id);
  const preferredName = services.settings().defaultRobot;
  const preferred = preferredName ? robots.findByName(preferredName) : undefined;
  if (preferred && preferred.id !== picked.id) {
    void ui.warn(
      t('"{0}" is now your default robot, but this workspace prefers "{1}" (setting dingtalk.defaultRobot), so sends from this workspace still go to "{1}".', picked.name, preferred.name),
    );
  } else {
    void ui.info(t('"{0}" is now the default robot.', picked.name));
  }
  return picked;
}
