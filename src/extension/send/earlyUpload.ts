import { asks } from '../review/confirmSend';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';
import { endpointProblem } from './failure';

/**
 * When the send's preview is about to ask the user, fetches the token the upload takes (which opens
 * the connection too) while they read it, so that Send starts the upload at once. Without a preview
 * nothing is fetched early, as there is no reading time to use: a send stopped before its progress
 * shows sends no request. Nothing is reported here; the send itself reports what goes wrong.
 */
export function fetchUploadTokenDuringPreview(services: Services, record: RobotRecord): void {
  if (!asks(services, record.id) || endpointProblem(services, record)) {
    return;
  }
  void services.robots
    .robot(record.id, services.settings().endpoints)
    .then((robot) => services.client().prepareUpload(robot))
    .catch(() => undefined);
}
