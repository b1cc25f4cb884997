/**
 * `npm run sim`: runs the DingTalk simulator with made-up credentials, for trying the
 * extension by hand. Options: --port N (or DINGTALK_SIM_PORT), default 17090.
 */
import { DingTalkSimulator } from './simulator';

const PLAIN_TOKEN = '0'.repeat(64);
const SIGNED_TOKEN = '1'.repeat(64);
const SIGNED_SECRET = `SECtest${'0'.repeat(60)}`;
const KEYWORD_TOKEN = '2'.repeat(64);
const KEYWORD = 'DingTalk';
const APP_KEY = 'dingtestappkey';
const APP_SECRET = `dingtestappsecret${'0'.repeat(47)}`;
const ROBOT_CODE = 'dingtestrobot';
const CONVERSATION = 'cidTestConversation==';

function portFrom(argv: string[], env: NodeJS.ProcessEnv): number {
  const index = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  const raw = index < 0 ? (env.DINGTALK_SIM_PORT ?? '17090') : argv[index].split('=')[1] ?? argv[index + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port "${raw}" / 端口无效`);
  }
  return port;
}

function describe(sim: DingTalkSimulator): string {
  const origin = sim.origin;
  return `
DingTalk simulator running · 钉钉模拟器已启动
  Messages page / 消息页面:        ${origin}/

Webhook robots / 群机器人 (Webhook):
  no security / 无安全设置:        ${sim.webhookUrl(PLAIN_TOKEN)}
  signed / 加签:                   ${sim.webhookUrl(SIGNED_TOKEN)}
      secret / 密钥:               ${SIGNED_SECRET}
  keyword / 关键词:                ${sim.webhookUrl(KEYWORD_TOKEN)}
      keyword / 关键词:            ${KEYWORD}

App robot / 企业内部应用机器人:
  AppKey:                          ${APP_KEY}
  AppSecret:                       ${APP_SECRET}
  robotCode:                       ${ROBOT_CODE}
  openConversationId:              ${CONVERSATION}

Point the extension at it (settings.json) / 在设置中将扩展指向模拟器:
  "dingtalk.oapiBaseUrl": "${origin}",
  "dingtalk.apiBaseUrl": "${origin}"

All credentials are fake. Press Ctrl+C to stop. / 以上凭据均为虚构，按 Ctrl+C 停止。
`;
}

async function main(): Promise<void> {
  const sim = await DingTalkSimulator.start({ port: portFrom(process.argv.slice(2), process.env) });
  sim.addWebhookRobot({ accessToken: PLAIN_TOKEN });
  sim.addWebhookRobot({ accessToken: SIGNED_TOKEN, secret: SIGNED_SECRET });
  sim.addWebhookRobot({ accessToken: KEYWORD_TOKEN, keywords: [KEYWORD] });
  sim.addApp({ appKey: APP_KEY, appSecret: APP_SECRET });
  sim.addAppRobot({ robotCode: ROBOT_CODE, appKey: APP_KEY, openConversationIds: [CONVERSATION] });
  console.log(describe(sim));

  const shutdown = (): void => {
    console.log('Stopping simulator… / 正在停止模拟器…');
    void sim.stop();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`Simulator failed to start / 模拟器启动失败: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
