import { canUpload } from '../robotDescription';
import { pickRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';

/** What the user may do instead when the robot cannot upload: its button, and what it does. */
export interface InsteadOfUpload {
  label: string;
  run(): Promise<unknown>;
}

/**
 * A robot that can upload (`chosen`, else the default or the user's pick): a custom group robot
 * needs its app's AppKey and AppSecret for that. Without them the user is told `refusal`, and may
 * add them (Edit Robot) or take `instead` when there is one; undefined then, or when the user dismissed the message.
 */
export async function uploadingRobot(services: Services, chosen: RobotRecord | undefined, refusal: (robot: RobotRecord) => string, instead?: InsteadOfUpload): Promise<RobotRecord | undefined> {
  const { ui, t } = services;
  let robot = chosen ?? (await pickRobot(services));
  while (robot && !canUpload(robot)) {
    const edit = t('Edit Robot');
    const choice = await ui.error(refusal(robot), edit, ...(instead ? [instead.label] : []));
    if (choice === edit) {
      robot = await services.flows.editRobot(robot.id);
    } else {
      if (instead && choice === instead.label) {
        await instead.run();
      }
      return undefined;
    }
  }
  return robot;
}
