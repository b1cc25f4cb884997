import type { ClientEvent, DingTalkClient, Logger } from '../core';
import type { SendHistory } from './history/store';
import type { Translate, Ui } from './ports';
import type { Endpoints, RobotStore } from './robotStore';

/** The extension's settings as the commands see them, already narrowed to what may decide where data goes. */
export interface ExtensionSettings {
  /** From user (application-scoped) settings only: a workspace can never redirect a send. */
  endpoints: Endpoints;
  /** The robot a workspace prefers, by name; it can only choose among the user's own robots. */
  defaultRobot?: string;
  /** Ask for extra @mentions on every text send. */
  askForMentions: boolean;
  /** When to preview a send and ask before it goes out (user settings only). */
  confirmBeforeSend: 'always' | 'firstTimePerRobot' | 'never';
  /** Look for likely secrets in outgoing content (user settings only). */
  scanForSecrets: boolean;
}

/** Content that could not be sent, kept so the user can retry, copy or reopen it. */
export interface UnsentContent {
  text: string;
  language: string;
  robotId?: string;
}

/** Everything a command needs, handed in by `activate()` (or by a test). */
export interface Services {
  ui: Ui;
  t: Translate;
  /** VS Code's display language, for the core's bilingual error messages. */
  locale: string;
  robots: RobotStore;
  settings(): ExtensionSettings;
  /** The one client of this window, created on first use. */
  client(): DingTalkClient;
  onClientEvent(listener: (event: ClientEvent) => void): { dispose(): void };
  /** The "DingTalk" output channel. */
  log: Logger;
  /** Where every send is recorded (activate() keeps one; a host without it records nothing). */
  history?: SendHistory;
  /** The time in epoch ms, on the client's clock (Date.now when not given), for "resuming in 60 s". */
  now?: () => number;
  /**
   * The last content that failed to send, or a typed message whose send was cancelled before it
   * started (in memory only: it may be code the user did not save).
   */
  unsent?: UnsentContent;
}
