/** Every command the extension contributes (package.json `contributes.commands`). */
export const CommandIds = {
  addRobot: 'dingtalk.addRobot',
  editRobot: 'dingtalk.editRobot',
  removeRobot: 'dingtalk.removeRobot',
  setDefaultRobot: 'dingtalk.setDefaultRobot',
  testRobot: 'dingtalk.testRobot',
  sendSelection: 'dingtalk.sendSelection',
  sendFile: 'dingtalk.sendFile',
  sendMessage: 'dingtalk.sendMessage',
  sendMarkdown: 'dingtalk.sendMarkdown',
  showLog: 'dingtalk.showLog',
  about: 'dingtalk.about',
} as const;

/**
 * Menu entries: the same commands under the titles menus need ("Send Selection to DingTalk"),
 * since a context menu shows no category and the palette should not read "DingTalk: … to DingTalk".
 */
export const MenuCommandIds = {
  sendSelection: 'dingtalk.menu.sendSelection',
  sendFile: 'dingtalk.menu.sendFile',
  sendMarkdown: 'dingtalk.menu.sendMarkdown',
} as const;
