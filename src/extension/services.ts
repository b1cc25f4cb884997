import type { ClientEvent, DingTalkClient, Logger, TextLanguage } from '../core';
import type { Flows } from './flows';
import type { DamagedInstalls } from './lazy';
import type { SendHistory } from './history/store';
import type { Translate, Ui } from './ports';
import type { Endpoints, RobotStore } from './robotStore';
import type { SendsUnderWay } from './sendsUnderWay';
import type { SnippetImages } from './snippetImage/images';
import type { UnsentContentStore } from './unsentContent';

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
  /** How Send Selection sends code: a markdown message, an image of it, or both. */
  snippetFormat: 'markdown' | 'image' | 'imageAndText';
}

/**
 * Everything a command needs, handed in by `activate()` (or by a test). Nothing here changes after
 * it is made: what changes (the unsent content, the sends under way, the client) is an object of
 * its own, created in `activate()` and disposed with the extension.
 */
export interface Services {
  readonly ui: Ui;
  readonly t: Translate;
  /**
   * The language of the core's texts the user sees (errors, notes), decided once from VS Code's
   * display language by the core's `textLanguage`, as the l10n bundle follows it for the rest.
   */
  readonly language: TextLanguage;
  /** VS Code's display language as it is (`zh-tw`, `en-gb`…), for dates and times only. */
  readonly locale: string;
  readonly robots: RobotStore;
  settings(): ExtensionSettings;
  /** The one client of this window, created on first use. */
  client(): DingTalkClient;
  onClientEvent(listener: (event: ClientEvent) => void): { dispose(): void };
  /** The "DingTalk" output channel. */
  readonly log: Logger;
  /** Where every send is recorded (activate() keeps one; a host without it records nothing). */
  readonly history?: SendHistory;
  /** The time in epoch ms, on the client's clock (Date.now when not given), for "resuming in 60 s". */
  readonly now?: () => number;
  readonly unsent: UnsentContentStore;
  readonly underWay: SendsUnderWay;
  /**
   * Where a part of the extension that cannot be loaded is told (activation's channel, `lazy.ts`):
   * the bundles loaded later tell through it, so the user hears of their damage too.
   */
  readonly damagedInstalls: DamagedInstalls;
  /** The other commands' flows a command may need, handed in by the registration table. */
  readonly flows: Flows;
  /** Draws code as PNG images (Send Selection as Image); a host without the renderer sends no images. */
  readonly snippetImages?: SnippetImages;
}
