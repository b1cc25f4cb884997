import type { Frame, Locator, Page } from 'playwright-core';

export interface QuickInputState {
  title: string;
  /** The prompt (or validation message) under an input box. */
  message: string;
  placeholder: string;
  value: string;
  /** Whether the input hides what is typed (a password box). */
  password: boolean;
  rows: { label: string; description: string; detail: string }[];
  isList: boolean;
}

export interface Notification {
  message: string;
  severity: 'info' | 'warning' | 'error' | '';
  buttons: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until `probe` returns something, or throws `describe()` after `timeoutMs`. */
async function until<T>(probe: () => Promise<T | undefined>, describe: () => Promise<string>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(await describe());
    }
    await sleep(150);
  }
}

/** The VS Code workbench in a browser page, driven the way a user drives it: keys, clicks, menus. */
export class Workbench {
  constructor(readonly page: Page) {}

  async ready(): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
  }

  private get quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  async quickInput(): Promise<QuickInputState | undefined> {
    const state = await this.page.evaluate(() => {
      const widget = document.querySelector<HTMLElement>('.quick-input-widget');
      if (!widget || widget.style.display === 'none' || !widget.offsetParent) {
        return null;
      }
      const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const input = widget.querySelector<HTMLInputElement>('.quick-input-box input');
      const list = widget.querySelector<HTMLElement>('.quick-input-list');
      const message = widget.querySelector<HTMLElement>('.quick-input-message');
      return {
        title: text(widget.querySelector('.quick-input-title')),
        message: message?.offsetParent ? text(message) : '',
        placeholder: input?.placeholder ?? '',
        value: input?.value ?? '',
        password: input?.type === 'password',
        isList: !!list?.offsetParent,
        rows: [...widget.querySelectorAll('.quick-input-list .monaco-list-row')].map((row) => ({
          label: text(row.querySelector('.label-name')) || (row.getAttribute('aria-label') ?? ''),
          description: text(row.querySelector('.label-description')),
          detail: text(row.querySelector('.quick-input-list-detail, .quick-input-list-label-meta')),
        })),
      };
    });
    return state ?? undefined;
  }

  private async waitQuickInput(accept: (state: QuickInputState) => boolean, what: string): Promise<QuickInputState> {
    return until(
      async () => {
        const state = await this.quickInput();
        return state && accept(state) ? state : undefined;
      },
      async () => `timed out waiting for ${what}; the quick input shows ${JSON.stringify(await this.quickInput())}`,
    );
  }

  /**
   * The palette's rows for `query` once `accept` likes them. The palette is reopened while waiting:
   * commands of an extension host that is still starting are not added to an open palette.
   */
  private async paletteRows(query: string, accept: (labels: string[]) => boolean, what: string, timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      await this.quickInputBox.waitFor({ state: 'visible' });
      await this.quickInputBox.fill(`>${query}`);
      const reopenAt = Math.min(deadline, Date.now() + 5000);
      while (Date.now() < reopenAt) {
        labels = (await this.quickInput())?.rows.map((row) => row.label) ?? [];
        if (accept(labels)) {
          return labels;
        }
        await sleep(200);
      }
    }
    throw new Error(`the palette never showed ${what}; for "${query}" it lists ${JSON.stringify(labels)}`);
  }

  /**
   * Closes an open quick input with Escape, and waits until it is gone. Escape goes out only while the
   * quick input has the focus: in an editor it would drop the selection a test is about to send.
   */
  private async closeQuickInput(): Promise<void> {
    const focused = () => this.page.evaluate(() => !!document.activeElement?.closest('.quick-input-widget'));
    if ((await this.quickInput()) && (await focused())) {
      await this.page.keyboard.press('Escape');
      await until(
        async () => ((await this.quickInput()) ? undefined : true),
        async () => 'the quick input did not close',
      );
    }
  }

  /** Runs a command from the palette (F1), by its exact title as the palette lists it. */
  async runCommand(title: string): Promise<void> {
    const matches = (label: string) => label.toLowerCase() === title.toLowerCase();
    await this.paletteRows(title, (rows) => rows.some(matches), `"${title}"`);
    await this.quickInputRow(new RegExp(`^${escapeRegExp(title)}$`, 'i')).click();
  }

  /** The palette's titles for `query`, once one of them starts with `prefix` (closes the palette afterwards). */
  async paletteTitles(query: string, prefix: string): Promise<string[]> {
    const labels = await this.paletteRows(query, (rows) => rows.some((row) => row.startsWith(prefix)), `a command starting with "${prefix}"`);
    await this.page.keyboard.press('Escape');
    return labels;
  }

  /**
   * Answers the input box whose prompt contains `prompt`: types `value`, runs `beforeEnter` if given,
   * and presses Enter. Returns what the box showed before typing. No pause is needed before Enter:
   * VS Code validates the value it accepts itself, and answers the extension only once it is valid.
   */
  async answer(prompt: string, value: string, beforeEnter?: () => Promise<void>): Promise<QuickInputState> {
    const shown = await this.waitQuickInput((state) => !state.isList && state.message.includes(prompt), `an input box asking "${prompt}"`);
    await this.quickInputBox.fill(value);
    await this.waitQuickInput((state) => state.value === value, `the input box to hold "${value}"`);
    await beforeEnter?.();
    await this.page.keyboard.press('Enter');
    await until(
      async () => ((await this.quickInput())?.message.includes(prompt) ? undefined : true),
      async () => `the input box asking "${prompt}" did not accept "${value}": ${JSON.stringify(await this.quickInput())}`,
    );
    return shown;
  }

  /** Picks the row starting with `label` in the quick pick whose placeholder contains `placeholder`. */
  async pick(placeholder: string, label: string): Promise<QuickInputState> {
    const shown = await this.waitQuickInput((state) => state.isList && state.rows.length > 0 && state.placeholder.includes(placeholder), `a quick pick "${placeholder}"`);
    const index = shown.rows.findIndex((row) => row.label.startsWith(label));
    if (index < 0) {
      throw new Error(`the quick pick "${placeholder}" has no row "${label}": ${JSON.stringify(shown.rows)}`);
    }
    await this.quickInputRow(new RegExp(`^${escapeRegExp(label)}`)).click();
    return shown;
  }

  /**
   * The quick input's row whose label matches, found by its label when clicked rather than by a
   * position read earlier: the list re-renders as results arrive (Quick Open adds file results to
   * recently opened ones), so a position can point at another row or at none.
   */
  private quickInputRow(label: RegExp): Locator {
    return this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: label }) })
      .first();
  }

  async waitQuickPick(placeholder: string): Promise<QuickInputState> {
    return this.waitQuickInput((state) => state.isList && state.rows.length > 0 && state.placeholder.includes(placeholder), `a quick pick "${placeholder}"`);
  }

  async notifications(): Promise<Notification[]> {
    return this.page.evaluate(() => {
      const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
      return [...document.querySelectorAll('.notifications-toasts .notification-toast .notification-list-item')].map((item) => ({
        message: text(item.querySelector('.notification-list-item-message')),
        severity: (item.querySelector('.notification-list-item-icon')?.className.match(/codicon-(info|warning|error)/)?.[1] ?? '') as Notification['severity'],
        buttons: [...item.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map(text).filter(Boolean),
      }));
    });
  }

  /** Waits for a notification toast whose message matches. */
  async notification(message: RegExp, timeoutMs = 20_000): Promise<Notification> {
    return until(
      async () => (await this.notifications()).find((toast) => message.test(toast.message)),
      async () => `no notification ${message}; showing ${JSON.stringify(await this.notifications())}`,
      timeoutMs,
    );
  }

  /** Whether the toast of the notification whose message matches is shown. */
  async hasNotificationToast(message: RegExp): Promise<boolean> {
    return (await this.notifications()).some((toast) => message.test(toast.message));
  }

  /**
   * Clicks `button` of the notification whose message matches: on its toast, or, once the toast has
   * hidden itself, in the Notification Center (opened for it, closed after). A toast with buttons hides
   * 10 s after it shows, 12 s for a warning, unless it is an error or the pointer is on it
   * (`NotificationsToasts.PURGE_TIMEOUT` and `INotificationViewItem.sticky` in VS Code), so on a busy
   * machine the toast may be gone before the click; the notification stays in the Center.
   * While the Center is open VS Code shows no toast, not even later (`NotificationsToasts.addToast`),
   * so the notice the button's command shows would be lost to `notification()`. So the Center's other
   * notifications (their toasts hid themselves: no test sees them) are cleared first: the click then
   * empties the Center, which closes itself at once, before the command can show anything.
   */
  async clickNotificationButton(message: RegExp, button: string): Promise<void> {
    const center = this.page.locator('.notifications-center.visible');
    const itemsIn = (container: Locator) => container.locator('.notification-list-item');
    const buttonIn = (container: Locator) =>
      itemsIn(container)
        .filter({ has: this.page.locator('.notification-list-item-message', { hasText: message }) })
        .locator('.notification-list-item-buttons-container .monaco-button', { hasText: button })
        .first();
    const toast = buttonIn(this.page.locator('.notifications-toasts .notification-toast'));
    const inCenter = buttonIn(center);
    let opened = false;
    await until(
      async () => {
        // The toast may hide between the look and the click: then the click fails and the Center has it.
        if ((await toast.isVisible()) && (await toast.click({ timeout: 5_000 }).then(() => true, () => false))) {
          return true;
        }
        if (await inCenter.isVisible()) {
          await this.clearCenterBut(message);
          if (await inCenter.click({ timeout: 5_000 }).then(() => true, () => false)) {
            return true;
          }
        }
        if (!(await center.isVisible())) {
          await this.runCommand('Notifications: Show Notifications');
          opened = true;
        }
        return undefined;
      },
      async () => `no notification ${message} with a button "${button}", on a toast or in the Notification Center; toasts: ${JSON.stringify(await this.notifications())}`,
    );
    if (opened && (await center.isVisible())) {
      // The notification clicked stayed (an action that keeps it open): close the Center, so later notifications show as toasts.
      await this.runCommand('Notifications: Hide Notifications');
      await center.waitFor({ state: 'hidden', timeout: 30_000 });
    }
  }

  /** Clears the Notification Center's notifications but those whose message matches, and waits until they are gone. */
  private async clearCenterBut(message: RegExp): Promise<void> {
    const others = this.page
      .locator('.notifications-center.visible .notification-list-item')
      .filter({ hasNot: this.page.locator('.notification-list-item-message', { hasText: message }) });
    await until(
      async () => {
        if ((await others.count()) === 0) {
          return true;
        }
        await others.first().locator('.codicon-notifications-clear').evaluate((clear: HTMLElement) => clear.click());
        return undefined;
      },
      async () => `the Notification Center's other notifications did not clear: ${(await others.allInnerTexts()).join(' | ')}`,
    );
  }

  /** Clears the toasts shown, and waits until they are gone (a later one may show meanwhile). */
  async clearNotifications(): Promise<void> {
    const cleared = (await this.notifications()).map((toast) => toast.message);
    await this.page.evaluate(() => {
      document.querySelectorAll<HTMLElement>('.notifications-toasts .notification-toast .codicon-notifications-clear').forEach((button) => button.click());
    });
    await until(
      async () => ((await this.notifications()).some((toast) => cleared.includes(toast.message)) ? undefined : true),
      async () => `the notifications did not clear: ${JSON.stringify(await this.notifications())}`,
    );
  }

  /** The modal dialog's message, detail and buttons, if one is open. */
  async dialog(): Promise<{ message: string; buttons: string[] } | undefined> {
    const found = await this.page.evaluate(() => {
      const box = document.querySelector('.monaco-dialog-box');
      const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
      return box
        ? { message: `${text(box.querySelector('.dialog-message-text'))} ${text(box.querySelector('.dialog-message-detail'))}`.trim(), buttons: [...box.querySelectorAll('.dialog-buttons .monaco-button')].map(text).filter(Boolean) }
        : null;
    });
    return found ?? undefined;
  }

  async clickDialogButton(label: string): Promise<void> {
    await this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: label }).first().click();
  }

  /** Right-clicks `target` (or a point) and returns the context menu's enabled items. */
  async contextMenu(target: Locator | { x: number; y: number }, expectedItem: string): Promise<string[]> {
    if ('click' in target) {
      await target.click({ button: 'right' });
    } else {
      await this.page.mouse.click(target.x, target.y, { button: 'right' });
    }
    await this.menuItem(expectedItem).waitFor({ state: 'visible', timeout: 30_000 });
    return this.page.locator('.monaco-menu .action-item:not(.disabled) .action-label').allInnerTexts();
  }

  menuItem(label: string): Locator {
    return this.page.locator('.monaco-menu .action-item .action-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).first();
  }

  /**
   * Runs the open context menu's item `label`: points at it, and once the menu shows it focused,
   * presses Enter. Not a click: a menu item takes mouse-ups only from a timer its rendering starts
   * (100 ms, later on a busy renderer), and nothing on the page tells when it has; a click before is
   * lost. The menu takes Enter on its focused item from the start.
   */
  async chooseMenuItem(label: string): Promise<void> {
    const labelled = { has: this.page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) };
    await this.page.locator('.monaco-menu .action-item').filter(labelled).first().hover();
    await this.page.locator('.monaco-menu .action-item.focused').filter(labelled).first().waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.monaco-menu').first().waitFor({ state: 'hidden', timeout: 30_000 });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P). */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.page.keyboard.press('Control+P');
    await this.quickInputBox.waitFor({ state: 'visible' });
    await this.quickInputBox.fill(relativePath);
    await until(
      async () => ((await this.quickInput())?.rows.some((row) => row.label === name) ? true : undefined),
      async () => `Quick Open does not list ${relativePath}: ${JSON.stringify(await this.quickInput())}`,
    );
    await this.quickInputRow(new RegExp(`^${escapeRegExp(name)}$`)).click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
  }

  /**
   * Selects whole lines `from`..`to` (1-based) of the active editor with the keyboard, and waits until
   * the status bar shows the selection. Each key waits for what it opened: keys typed before Go to
   * Line shows would go into the file, and the selection keys before it closed into its box.
   */
  async selectLines(from: number, to: number): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+G');
    await this.waitQuickInput((state) => state.value.startsWith(':'), 'Go to Line');
    await this.quickInputBox.fill(`:${from}`);
    await this.waitQuickInput((state) => state.value === `:${from}`, `Go to Line ${from}`);
    await this.page.keyboard.press('Enter');
    await until(
      async () => ((await this.quickInput()) ? undefined : true),
      async () => 'Go to Line did not close',
    );
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home');
    for (let line = from; line < to; line++) {
      await this.page.keyboard.press('Shift+ArrowDown');
    }
    await this.page.keyboard.press('Shift+End');
    const selection = this.page.locator('#status\\.editor\\.selection');
    await until(
      async () => {
        const text = await selection.innerText().catch(() => '');
        return text.includes(`Ln ${to},`) && /selected/.test(text) ? true : undefined;
      },
      async () => `lines ${from}–${to} were not selected; the status bar says "${await selection.innerText().catch(() => '')}"`,
    );
  }

  /** The active editor's line containing `text`. */
  editorLine(text: string): Locator {
    return this.page.locator('.editor-group-container.active .view-line', { hasText: text }).first();
  }

  explorerRow(name: string): Locator {
    return this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
      .first();
  }

  /** The DingTalk status bar item. */
  statusBarItem(): Locator {
    return this.page.locator('.statusbar-item', { has: this.page.locator('.codicon-comment-discussion') }).first();
  }

  /** The send preview's page (a webview: a frame inside the workbench), if one is open. */
  private async findSendPreview(): Promise<Frame | undefined> {
    for (const frame of this.page.frames()) {
      if (await frame.$('button[data-answer="send"]').catch(() => null)) {
        return frame;
      }
    }
    return undefined;
  }

  /** The send preview's page, once it shows. */
  async sendPreview(timeoutMs = 20_000): Promise<Frame> {
    return until(() => this.findSendPreview(), async () => 'the send preview did not open', timeoutMs);
  }

  async hasSendPreview(): Promise<boolean> {
    return (await this.findSendPreview()) !== undefined;
  }
}
