import type { Logger } from '../core';
import { onDamagedInstall, type DamagedInstallError } from './lazy';
import type { Translate, Ui } from './ports';

/**
 * Tells the user, in their language, when a part of the extension loaded on first use cannot be
 * loaded (a damaged or half-updated installation), with a button to the log, which has the error
 * and its stack. One message at a time: every failed load is logged (once: `lazyBundle` throws the
 * same error again for a while without loading), but while a message shows, the next failures (the
 * other tree items, a second click) add none.
 */
export function tellDamagedInstalls(ui: Pick<Ui, 'error'>, t: Translate, log: Logger, showLog: () => void): { dispose(): void } {
  let showing = false;
  let logged: DamagedInstallError | undefined;
  return onDamagedInstall((error: DamagedInstallError) => {
    if (error !== logged) {
      logged = error;
      log.error(error.stack ?? error.message);
    }
    if (showing) {
      return;
    }
    showing = true;
    const show = t('Show Log');
    void ui
      .error(t('DingTalk Sender\'s installation is damaged: a part of it ({0}) cannot be loaded. Reinstall the extension, or reload the window if it was just updated.', error.bundle), show)
      .then((action) => {
        if (action === show) {
          showLog();
        }
      })
      // The log that cannot be shown is part of the same damage: said there, not as an unhandled rejection.
      .catch((failure: unknown) => log.error(`The log could not be shown: ${failure instanceof Error ? failure.message : String(failure)}`))
      .finally(() => (showing = false));
  });
}
