/**
 * The DingTalk core: everything needed to send to DingTalk robots, with no VS Code in it.
 *
 * ```ts
 * const client = new DingTalkClient({ logger: console });
 * const robot: Robot = { kind: 'webhook', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=…', secret: 'SEC…' };
 * await client.sendMarkdown(robot, 'Build', '## Build passed');
 * await client.sendFile({ ...robot, appKey, appSecret }, 'report.pdf');
 * await client.close();
 * ```
 *
 * - Robots: `WebhookRobot` (custom group robot) and `AppRobot` (enterprise app robot); `validateRobot`
 *   says, in English and Chinese, what is wrong with one before anything is sent.
 * - `DingTalkClient` signs each request afresh, keeps every robot within 20 sends a minute (queueing,
 *   never failing, and reporting the queue through `onEvent`), splits long text into numbered parts,
 *   adds a missing keyword, caches and refreshes tokens, streams uploads, zips file types DingTalk
 *   refuses, and retries transient failures without posting twice. `planText` / `planMarkdown` give
 *   the exact messages a long text becomes, for a preview before sending.
 * - Message builders (`text`, `markdown`, `link`, `actionCard`, `feedCard`, `file`, `image`) check
 *   required fields; `toWebhookBody` / `toAppMessage` give the exact wire form for each robot kind.
 * - Every failure is a `DingTalkError` with a `reason` to switch on (`ErrorReason`), the server's `code`,
 *   and a message that says what to do (`message` in English, `messageZh` in Chinese; `localized` picks
 *   one by `textLanguage`). No credential ever appears in an error or in what is handed to the `logger`.
 * - `convertMarkdown` turns a markdown document into the markdown DingTalk shows (tables, HTML, footnotes,
 *   local images and relative links handled); `localImages` lists the images to upload first;
 *   `splitMarkdown` cuts long markdown into parts at headings, which `sendMarkdown` numbers.
 * - Every markdown message is sent HTML-safe (a `<` in it would blank it on DingTalk's phone client):
 *   `escapeHtmlText` writes literal text (code, paths) safely, and the `markdown` builder escapes every
 *   `<` left in markdown written by hand. `snippetIndentation` says whether a snippet's indentation,
 *   which DingTalk's clients flatten, carries meaning.
 * - Recall and read receipts of app-robot sends (`recallGroup`, `recallOneToOne`, `groupReadStatus`,
 *   `oneToOneReadStatus` on the client), by the processQueryKeys the sends answered with.
 * - Hosts hand in the ports: a `Clock`, a `Logger`, and `TransportOptions` (proxy, timeouts, User-Agent).
 */
export { DingTalkClient } from './client';
export type { ClientEvent, DingTalkClientOptions, FileOptions, FileSendResult, NotDelivered, RetryOptions, SendOptions, SendResult, TextOptions } from './clientTypes';
export { systemClock, type Clock } from './clock';
export { DingTalkError, errorMessage, type ErrorCategory, type ErrorReason, type PartialDelivery } from './errors';
export { localize, textLanguage, type ErrorText, type TextLanguage } from './language';
export { silentLogger, type Logger } from './logger';
export {
  convertMarkdown,
  escapeHtmlText,
  htmlSafeMarkdown,
  localImages,
  splitFrontMatter,
  splitMarkdown,
  unescapeHtmlText,
  type ConvertedMarkdown,
  type ConvertOptions,
  type FrontMatter,
  type LocalImage,
} from './markdown';
export { isImageFile, isSendableFile, MEDIA_LIMITS, megabytes, validateMedia, type MediaType } from './media';
export { actionCard, feedCard, file, image, link, markdown, text, toAppMessage, toWebhookBody, withMentionText } from './messages';
export type { ActionButton, AppMessage, FeedLink, Mentions, Message } from './messages';
export { fileLedger, type FileLedgerOptions } from './fileLedger';
export { withFileLock } from './fileLock';
export type { QueueStats, RateLimitOptions } from './rateLimiter';
export { memoryLedger, type Claim, type LedgerFactory, type LedgerRules, type SlotLedger } from './slotLedger';
export { noMessageIds, ONE_TO_ONE_WINDOW_MS, outsideWindowText, ROBOT_PERMISSION, webhookCannotRecall } from './recall';
export type {
  DeliveryState,
  GroupReader,
  GroupReadOptions,
  GroupReadStatus,
  GroupRecallTarget,
  OneToOneReadStatus,
  OneToOneRecipient,
  ReadStatusOptions,
  RecallOptions,
  RecallResult,
  RefusedPart,
  SentPart,
} from './recall';
export { Redactor } from './redact';
export { snippetIndentation, type IndentationMeaning } from './snippetIndentation';
// Types only: the renderer itself is a bundle of its own (dist/snippetImage.js), loaded when an image is made.
export type { GrammarFile, GrammarSource, InjectedGrammar, SnippetImage, SnippetInput, SnippetWarning, SnippetWarningCode, SystemFont, ThemeJson, ThemeKind, TokenColorRule } from './snippetImage';
// The one lookup of the grammars injected into a scope (a few lines, not the renderer), for the host that reads their files.
export { injectionsInto } from './snippetImage/injections';
export { MAX_APP_PARAM_BYTES, MAX_WEBHOOK_BODY_BYTES, planMarkdown, planText, type PartsRobot, type PlannedParts } from './parts';
export { checkEndpoint, DEFAULT_API_ORIGIN, DEFAULT_OAPI_ORIGIN, robotKey, validateRobot, type AppRobot, type Robot, type WebhookRobot } from './robot';
export { signature, signedWebhookUrl } from './sign';
export { jsonByteLength, splitText } from './split';
export type { TransportOptions } from './transport';
// For hosts that check input before the client does (a robot's fields as typed, a file before it is sent).
export { cancelledError, inputError } from './errors';
export { tooLarge } from './media';
export { MAX_KEYWORDS, webhookAccessToken } from './robot';
