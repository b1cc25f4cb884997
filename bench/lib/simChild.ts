/**
 * The DingTalk simulator in a process of its own, driven over IPC by bench/lib/simProcess.ts.
 * Timed sections run it here so that the client under test, curl and the server do not share one
 * event loop (on loopback the server would otherwise be half of what is measured).
 * argv[2]: JSON SimulatorOptions (only plain values: rateLimit, tokenTtlSeconds).
 */
import { DingTalkSimulator, type SimulatorOptions } from '../../test/sim/simulator';
import { FAKE } from './fixtures';

export type SimCommand = { id: number; cmd: 'stats' | 'reset' | 'stop' };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
  const sim = await DingTalkSimulator.start(options);
  sim.addWebhookRobot({ accessToken: FAKE.token });
  sim.addApp({ appKey: FAKE.appKey, appSecret: FAKE.appSecret });
  sim.addAppRobot({ robotCode: FAKE.robotCode, appKey: FAKE.appKey, openConversationIds: [FAKE.conversation] });
  process.on('message', (message: SimCommand) => {
    void (async () => {
      switch (message.cmd) {
        case 'stats':
          process.send?.({ id: message.id, result: sim.stats() });
          break;
        case 'reset':
          sim.reset();
          process.send?.({ id: message.id, result: null });
          break;
        case 'stop':
          await sim.stop();
          process.send?.({ id: message.id, result: null }, () => process.disconnect());
          break;
      }
    })();
  });
  // The parent going away (a crashed bench) takes the simulator with it.
  process.on('disconnect', () => void sim.stop());
  process.send?.({ ready: true, origin: sim.origin });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
