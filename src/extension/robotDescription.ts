import type { RobotRecord } from './robotStore';
import type { Services } from './services';

/** How a robot is described in pickers and the status bar tooltip. */
export function describeRobot(services: Services, robot: RobotRecord): string {
  const { t } = services;
  if (robot.kind === 'app') {
    return t('Enterprise app robot · {0}', robot.robotCode ?? '');
  }
  const traits = [robot.signed && t('signed'), robot.keywords?.length && t('keywords: {0}', robot.keywords.join(', ')), robot.appKey && t('can send files')];
  return [t('Custom group robot'), ...traits.filter((x): x is string => typeof x === 'string')].join(' · ');
}

/** True for a robot that can upload files and images: an app robot, or a webhook robot with app credentials. */
export function canUpload(robot: RobotRecord): boolean {
  return robot.kind === 'app' || Boolean(robot.appKey);
}
