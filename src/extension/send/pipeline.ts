import type { Mentions } from '../../core';
import { mentionsForSend } from '../mentions';
import { pickRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';

/** The robot to send to (`chosen`, else the default or the user's pick) and the @mentions the settings call for; undefined when the user backed out. */
export async function robotAndMentions(services: Services, chosen?: RobotRecord): Promise<{ robot: RobotRecord; at: Mentions | undefined; typed: boolean } | undefined> {
  const robot = chosen ?? (await pickRobot(services));
  if (!robot) {
    return undefined;
  }
  const typed = services.settings().askForMentions;
  const at = await mentionsForSend(services, robot, typed);
  return at === null ? undefined : { robot, at, typed };
}
