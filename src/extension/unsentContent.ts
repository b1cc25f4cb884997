/** Content that could not be sent, kept so the user can retry, copy or reopen it. */
export interface UnsentContent {
  text: string;
  language: string;
  robotId?: string;
}

/**
 * The last content that failed to send, or a typed message whose send was cancelled before it
 * started. In memory only: it may be code the user did not save. One per window, created in
 * `activate()` and forgotten when the extension is disposed.
 */
export class UnsentContentStore {
  private content?: UnsentContent;

  get(): UnsentContent | undefined {
    return this.content;
  }

  keep(content: UnsentContent): void {
    this.content = { ...content };
  }

  /** `content` arrived: forgotten when it is what is kept (another send's content stays). */
  sent(content: Pick<UnsentContent, 'text' | 'language'>): void {
    if (this.content?.text === content.text && this.content.language === content.language) {
      this.content = undefined;
    }
  }

  dispose(): void {
    this.content = undefined;
  }
}
