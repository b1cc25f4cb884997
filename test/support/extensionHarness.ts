import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textLanguage, type ClientEvent } from '../../src/core';
import { withFlows } from '../../src/extension/commandFlows';
import type { SecretStore, StateStore, Translate } from '../../src/extension/ports';
import { damagedInstalls } from '../../src/extension/lazy';
import { RobotStore, type RobotDraft } from '../../src/extension/robotStore';
import { SendsUnderWay } from '../../src/extension/sendsUnderWay';
import type { ExtensionSettings, Services } from '../../src/extension/services';
import { UnsentContentStore } from '../../src/extension/unsentContent';
import { FAKE, startHarness, type Harness } from './harness';
import { ScriptedUi } from './fakeUi';
import { recordingSnippetImages } from './snippetImages';

/** globalState as a Map, with everything written visible to tests. */
export class MapState implements StateStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, structuredClone(value));
    }
  }
}

/** SecretStorage as a Map. */
export class MapSecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

function formatter(translations: Record<string, string>): Translate {
  return (message, ...args) => (translations[message] ?? message).replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
}

/** Formats like vscode.l10n.t with no translation loaded. */
export const english: Translate = formatter({});

/** Formats like vscode.l10n.t with the project's Chinese bundle loaded. */
export function chinese(): Translate {
  const bundle = JSON.parse(readFileSync(join(__dirname, '../../../l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  return formatter(bundle);
}

export interface ExtensionHarness extends Harness {
  ui: ScriptedUi;
  state: MapState;
  secrets: MapSecrets;
  services: Services;
  settings: ExtensionSettings;
  /** Drafts of made-up robots that the simulator knows. */
  drafts: { plain: RobotDraft; withFiles: RobotDraft; signed: RobotDraft; keyword: RobotDraft; app: RobotDraft };
}

/** The simulator, a client on it, Map-backed stores and a scripted user: the commands' whole world. */
export async function startExtensionHarness(options: { locale?: string; t?: Translate; robotsNow?: () => number } = {}): Promise<ExtensionHarness> {
  const listeners = new Set<(event: ClientEvent) => void>();
  const h = await startHarness({ onEvent: (event) => listeners.forEach((listener) => listener(event)) });
  const ui = new ScriptedUi();
  const state = new MapState();
  const secrets = new MapSecrets();
  const settings: ExtensionSettings = { endpoints: { oapiBaseUrl: h.sim.origin, apiBaseUrl: h.sim.origin }, askForMentions: false, confirmBeforeSend: 'never', scanForSecrets: false, snippetFormat: 'markdown' };
  const services = withFlows({
    ui,
    t: options.t ?? english,
    language: textLanguage(options.locale ?? 'en'),
    locale: options.locale ?? 'en',
    // The store's lastUsed times come from the virtual clock: a test advances it instead of sleeping.
    robots: new RobotStore(state, secrets, options.robotsNow ?? (() => h.clock.now())),
    settings: () => settings,
    client: () => h.client,
    onClientEvent: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    log: h.log,
    snippetImages: recordingSnippetImages(h.log),
    now: () => h.clock.now(),
    unsent: new UnsentContentStore(),
    underWay: new SendsUnderWay(),
    damagedInstalls,
  });
  const webhook = (token: string): string => h.sim.webhookUrl(token);
  return {
    ...h,
    ui,
    state,
    secrets,
    services,
    settings,
    drafts: {
      plain: { kind: 'webhook', name: 'Plain', webhook: webhook(FAKE.token) },
      withFiles: { kind: 'webhook', name: 'Files', webhook: webhook(FAKE.token), appKey: FAKE.appKey, appSecret: FAKE.appSecret },
      signed: { kind: 'webhook', name: 'Signed', webhook: webhook(FAKE.signedToken), secret: FAKE.secret },
      keyword: { kind: 'webhook', name: 'Keyword', webhook: webhook(FAKE.keywordToken), keywords: ['DingTalk'] },
      app: { kind: 'app', name: 'App', appKey: FAKE.appKey, appSecret: FAKE.appSecret, robotCode: FAKE.robotCode, openConversationId: FAKE.conversation },
    },
  };
}
