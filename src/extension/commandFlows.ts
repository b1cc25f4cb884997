import { addRobot } from './commands/addRobot';
import { editRobot } from './commands/editRobot';
import { sendFiles } from './commands/sendFile';
import { sendMarkdown } from './commands/sendMarkdown';
import { sendMessage } from './commands/sendMessage';
import { sendSnippet } from './commands/sendSelection';
import { sendSnippetImage } from './commands/sendSelectionImage';
import { sendTerminalFile } from './commands/sendTerminalSelection';
import { testRobot } from './commands/testRobot';
import type { Flows } from './flows';
import type { Services } from './services';

/**
 * `base` with each command's flow handed in for the others that need it (`Flows`). The registration
 * table (vscode/registerCommands.ts) and the tests' harness both build their services with it, so
 * the flows the tests exercise are the ones VS Code runs.
 */
export function withFlows<S extends Omit<Services, 'flows'>>(base: S): S & { flows: Flows } {
  const services: S & { flows: Flows } = {
    ...base,
    flows: {
      addRobot: () => addRobot(services),
      editRobot: (id) => editRobot(services, id),
      testRobot: (id) => testRobot(services, id),
      sendFiles: (files, again) => sendFiles(services, files, again),
      sendSnippet: (snippet, again, forms) => sendSnippet(services, snippet, again, forms),
      sendSnippetImage: (snippet, again, switched) => sendSnippetImage(services, snippet, again, switched),
      sendMarkdown: (editor, again) => sendMarkdown(services, editor, again),
      sendMessage: (text, again) => sendMessage(services, { text }, again),
      sendTerminalFile: (file, about, again) => sendTerminalFile(services, file, about, again),
    },
  };
  return services;
}
