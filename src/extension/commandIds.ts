/** Every command the extension contributes (package.json `contributes.commands`). */
export const CommandIds = {
  addRobot: 'dingtalk.addRobot',
  editRobot: 'dingtalk.editRobot',
  removeRobot: 'dingtalk.removeRobot',
  setDefaultRobot: 'dingtalk.setDefaultRobot',
  testRobot: 'dingtalk.testRobot',
  sendSelection: 'dingtalk.sendSelection',
  sendSelectionAsImage: 'dingtalk.sendSelectionAsImage',
  sendFile: 'dingtalk.sendFile',
  sendMessage: 'dingtalk.sendMessage',
  sendMarkdown: 'dingtalk.sendMarkdown',
  sendChanges: 'dingtalk.sendChanges',
  sendCommit: 'dingtalk.sendCommit',
  sendChangesSince: 'dingtalk.sendChangesSince',
  sendTerminalSelection: 'dingtalk.sendTerminalSelection',
  showLog: 'dingtalk.showLog',
  about: 'dingtalk.about',
  showHistory: 'dingtalk.showHistory',
  clearHistory: 'dingtalk.clearHistory',
  retryHistoryEntry: 'dingtalk.history.retry',
  resendHistoryEntry: 'dingtalk.history.resend',
  previewHistoryEntry: 'dingtalk.history.preview',
  copyHistoryEntry: 'dingtalk.history.copy',
  removeHistoryEntry: 'dingtalk.history.remove',
  recallHistoryEntry: 'dingtalk.history.recall',
  refreshReadStatus: 'dingtalk.history.refreshReads',
} as const;

/** The Sent History tree view (package.json `contributes.views`), in the `dingtalk` view container. */
export const HISTORY_VIEW = 'dingtalk.history';

/**
 * Menu entries: the same commands under the titles menus need ("Send Selection to DingTalk"),
 * since a context menu shows no category and the palette should not read "DingTalk: … to DingTalk".
 */
export const MenuCommandIds = {
  sendSelection: 'dingtalk.menu.sendSelection',
  sendSelectionAsImage: 'dingtalk.menu.sendSelectionAsImage',
  sendFile: 'dingtalk.menu.sendFile',
  sendMarkdown: 'dingtalk.menu.sendMarkdown',
  sendChanges: 'dingtalk.menu.sendChanges',
  sendTerminalSelection: 'dingtalk.menu.sendTerminalSelection',
} as const;
