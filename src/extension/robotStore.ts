import { randomUUID } from 'node:crypto';
import type { Mentions, Robot } from '../core';
import { isRecord } from './isRecord';
import { core } from './lazy';
import type { SecretStore, StateStore } from './ports';
import { SendConfirmations } from './review/confirmations';

export type RobotKind = Robot['kind'];

/** What is kept of a robot in globalState: names and other non-secret fields only. */
export interface RobotRecord {
  id: string;
  name: string;
  kind: RobotKind;
  keywords?: string[];
  /** Webhook robots: present when app credentials for uploads were given. */
  appKey?: string;
  robotCode?: string;
  openConversationId?: string;
  signed?: boolean;
  /** Mentioned on every send to this robot unless the user changes them for one send. */
  mentions?: Mentions;
  lastUsed?: number;
}

/** Everything that describes a robot, secrets included: what Add and Edit Robot collect. */
export interface RobotDraft {
  kind: RobotKind;
  name: string;
  webhook?: string;
  secret?: string;
  keywords?: string[];
  appKey?: string;
  appSecret?: string;
  robotCode?: string;
  openConversationId?: string;
  mentions?: Mentions;
}

/** Where a robot's messages go: its webhook, or its app robot and group. */
function destination(robot: Pick<RobotDraft, 'kind' | 'webhook' | 'robotCode' | 'openConversationId'>): string {
  return robot.kind === 'webhook' ? (robot.webhook ?? '') : `${robot.robotCode ?? ''} ${robot.openConversationId ?? ''}`;
}

/** Endpoint overrides from the user's (application-scoped) settings. */
export interface Endpoints {
  oapiBaseUrl?: string;
  apiBaseUrl?: string;
}

interface RobotSecrets {
  webhook?: string;
  secret?: string;
  appSecret?: string;
}

const ROBOTS_KEY = 'dingtalk.robots';
const DEFAULT_KEY = 'dingtalk.defaultRobotId';
const secretKey = (id: string): string => `dingtalk.robot.${id}`;

function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as T;
}

/** The core robot a draft describes, so the core's own validation applies before anything is stored. */
export function draftToRobot(draft: RobotDraft, endpoints: Endpoints = {}): Robot {
  if (draft.kind === 'webhook') {
    return clean({
      kind: 'webhook' as const,
      name: draft.name,
      webhook: draft.webhook ?? '',
      secret: draft.secret,
      keywords: draft.keywords,
      appKey: draft.appKey,
      appSecret: draft.appSecret,
      oapiBaseUrl: endpoints.oapiBaseUrl,
    });
  }
  return clean({
    kind: 'app' as const,
    name: draft.name,
    appKey: draft.appKey ?? '',
    appSecret: draft.appSecret ?? '',
    robotCode: draft.robotCode ?? '',
    openConversationId: draft.openConversationId,
    apiBaseUrl: endpoints.apiBaseUrl,
    oapiBaseUrl: endpoints.oapiBaseUrl,
  });
}

function checkDraft(draft: RobotDraft): void {
  if (!draft.name.trim()) {
    throw core().inputError('missingName', 'Give the robot a name.', '请为机器人起个名字。');
  }
  core().validateRobot(draftToRobot(draft));
  if (draft.kind === 'app' && !draft.openConversationId) {
    throw core().inputError(
      'missingConversation',
      'An app robot needs the openConversationId of the group to send to.',
      '企业内部应用机器人需要目标群的 openConversationId。',
    );
  }
}

/**
 * The user's robots. Names and non-secret fields live in globalState; the webhook URL (it holds
 * the access token), the signing secret and the AppSecret live only in SecretStorage.
 */
export class RobotStore {
  private readonly listeners = new Set<() => void>();
  /** Which robots the user has confirmed a send to, kept with the robots so removing one forgets it. */
  readonly confirmations: SendConfirmations;

  constructor(
    private readonly state: StateStore,
    private readonly secrets: SecretStore,
    private readonly now: () => number = Date.now,
  ) {
    this.confirmations = new SendConfirmations(state);
  }

  list(): RobotRecord[] {
    return this.state.get<RobotRecord[]>(ROBOTS_KEY) ?? [];
  }

  /** The robots, the most recently used first. */
  recent(): RobotRecord[] {
    return [...this.list()].sort((a, b) => (b.lastUsed ?? 0) - (a.lastUsed ?? 0));
  }

  get(id: string): RobotRecord | undefined {
    return this.list().find((r) => r.id === id);
  }

  findByName(name: string): RobotRecord | undefined {
    const wanted = name.trim().toLowerCase();
    return this.list().find((r) => r.name.toLowerCase() === wanted);
  }

  /** The robot sends go to without asking: the workspace's preferred one, else the user's default. */
  defaultRobot(preferredName?: string): RobotRecord | undefined {
    const preferred = preferredName ? this.findByName(preferredName) : undefined;
    if (preferred) {
      return preferred;
    }
    const id = this.state.get<string>(DEFAULT_KEY);
    return id ? this.get(id) : undefined;
  }

  async setDefault(id: string | undefined): Promise<void> {
    await this.state.update(DEFAULT_KEY, id);
    this.changed();
  }

  async add(draft: RobotDraft): Promise<RobotRecord> {
    checkDraft(draft);
    this.checkName(draft.name);
    const record = this.recordOf(randomUUID(), draft);
    await this.writeSecrets(record.id, draft);
    await this.state.update(ROBOTS_KEY, [...this.list(), record]);
    if (!this.defaultRobot()) {
      await this.state.update(DEFAULT_KEY, record.id);
    }
    this.changed();
    return record;
  }

  async update(id: string, draft: RobotDraft): Promise<RobotRecord> {
    const existing = this.require(id);
    checkDraft(draft);
    this.checkName(draft.name, id);
    const record = clean({ ...this.recordOf(id, draft), lastUsed: existing.lastUsed });
    const secrets = await this.readSecrets(id);
    const before = destination({ ...existing, ...(secrets === 'damaged' ? {} : secrets) });
    await this.writeSecrets(id, draft);
    if (destination(draft) !== before) {
      // Another group: "don't ask again" was said about the old one.
      await this.confirmations.forget(id);
    }
    await this.state.update(ROBOTS_KEY, this.list().map((r) => (r.id === id ? record : r)));
    this.changed();
    return record;
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.confirmations.forget(id);
    await this.state.update(ROBOTS_KEY, this.list().filter((r) => r.id !== id));
    if (this.state.get<string>(DEFAULT_KEY) === id) {
      // The robot used most recently is the likeliest next choice; the oldest one is not.
      await this.state.update(DEFAULT_KEY, this.recent()[0]?.id);
    }
    this.changed();
  }

  async touch(id: string): Promise<void> {
    const at = this.now();
    await this.state.update(ROBOTS_KEY, this.list().map((r) => (r.id === id ? { ...r, lastUsed: at } : r)));
  }

  /** The robot with whatever secrets are stored, for editing. */
  async draft(id: string): Promise<RobotDraft> {
    // Damaged secrets are entered again in the editor.
    const secrets = await this.readSecrets(id);
    return this.draftOf(this.require(id), secrets === 'damaged' ? {} : (secrets ?? {}));
  }

  /** The core robot to send with, secrets read from SecretStorage and endpoints from settings. */
  async robot(id: string, endpoints: Endpoints = {}): Promise<Robot> {
    const record = this.require(id);
    const secrets = await this.readSecrets(id);
    if (secrets === 'damaged') {
      throw core().inputError(
        'secretsMissing',
        'This robot\'s secrets in VS Code\'s secret storage are damaged and cannot be read. Re-enter this robot\'s secrets (Edit Robot).',
        '该机器人在 VS Code 安全存储中的密钥已损坏，无法读取。请重新填写该机器人的密钥（编辑机器人）。',
      );
    }
    if (!secrets) {
      throw core().inputError(
        'secretsMissing',
        'This robot\'s webhook URL and secrets are missing from VS Code\'s secret storage (another machine, or a reset keyring). Edit the robot to enter them again.',
        '该机器人的 Webhook 地址与密钥不在 VS Code 的安全存储中（可能来自另一台机器或密钥环已重置）。请编辑机器人重新填写。',
      );
    }
    return draftToRobot(this.draftOf(record, secrets), endpoints);
  }

  private draftOf(record: RobotRecord, secrets: RobotSecrets): RobotDraft {
    return clean({
      kind: record.kind,
      name: record.name,
      webhook: secrets.webhook,
      secret: secrets.secret,
      keywords: record.keywords,
      appKey: record.appKey,
      appSecret: secrets.appSecret,
      robotCode: record.robotCode,
      openConversationId: record.openConversationId,
      mentions: record.mentions,
    });
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    this.listeners.forEach((listener) => listener());
  }

  private require(id: string): RobotRecord {
    const record = this.get(id);
    if (!record) {
      throw core().inputError('unknownRobot', 'That robot no longer exists. Pick another one.', '该机器人已不存在，请选择其他机器人。');
    }
    return record;
  }

  private checkName(name: string, ownId?: string): void {
    const other = this.findByName(name);
    if (other && other.id !== ownId) {
      throw core().inputError('duplicateName', `A robot named "${name.trim()}" already exists. Choose another name.`, `已存在名为"${name.trim()}"的机器人，请换一个名字。`);
    }
  }

  private recordOf(id: string, draft: RobotDraft): RobotRecord {
    return clean({
      id,
      name: draft.name.trim(),
      kind: draft.kind,
      keywords: draft.kind === 'webhook' ? draft.keywords : undefined,
      appKey: draft.appKey,
      robotCode: draft.kind === 'app' ? draft.robotCode : undefined,
      openConversationId: draft.kind === 'app' ? draft.openConversationId : undefined,
      signed: draft.kind === 'webhook' && Boolean(draft.secret) ? true : undefined,
      mentions: draft.mentions,
    });
  }

  private async writeSecrets(id: string, draft: RobotDraft): Promise<void> {
    const secrets: RobotSecrets = clean({
      webhook: draft.kind === 'webhook' ? draft.webhook : undefined,
      secret: draft.kind === 'webhook' ? draft.secret : undefined,
      appSecret: draft.appSecret,
    });
    await this.secrets.store(secretKey(id), JSON.stringify(secrets));
  }

  /** The robot's stored secrets; 'damaged' when the entry is not the JSON this store writes. */
  private async readSecrets(id: string): Promise<RobotSecrets | 'damaged' | undefined> {
    const stored = await this.secrets.get(secretKey(id));
    if (!stored) {
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(stored);
    } catch {
      return 'damaged';
    }
    if (!isRecord(value)) {
      return 'damaged';
    }
    const fields = [value.webhook, value.secret, value.appSecret];
    return fields.every((field) => field === undefined || typeof field === 'string') ? (value as RobotSecrets) : 'damaged';
  }
}
