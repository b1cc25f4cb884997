import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { Services } from '../services';

/** Shows the robot sends go to; a click switches it. Hidden until the first robot is added. */
export function createStatusBar(services: Omit<Services, 'flows'>): vscode.Disposable {
  const { t } = services;
  const item = vscode.window.createStatusBarItem('dingtalk.robot', vscode.StatusBarAlignment.Right, 100);
  item.name = t('DingTalk Robot');
  item.command = CommandIds.setDefaultRobot;
  const update = (): void => {
    if (services.robots.list().length === 0) {
      item.hide();
      return;
    }
    const preferred = services.settings().defaultRobot;
    const robot = services.robots.defaultRobot(preferred);
    const byWorkspace = robot !== undefined && robot.id !== services.robots.defaultRobot()?.id;
    item.text = `$(comment-discussion) ${robot?.name ?? t('No default robot')}`;
    if (!robot) {
      item.tooltip = t('DingTalk: choose the robot to send to.');
    } else if (byWorkspace) {
      item.tooltip = t('DingTalk: sending to "{0}", chosen by this workspace (setting dingtalk.defaultRobot). Click to switch.', robot.name);
    } else {
      item.tooltip = t('DingTalk: sending to "{0}". Click to switch.', robot.name);
    }
    item.show();
  };
  update();
  const robotsChanged = services.robots.onDidChange(update);
  const settingsChanged = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('dingtalk.defaultRobot')) {
      update();
    }
  });
  return vscode.Disposable.from(item, robotsChanged, settingsChanged);
}
