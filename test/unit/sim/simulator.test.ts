import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { DingTalkSimulator, type SimulatorOptions } from '../../sim/simulator';

const PLAIN = '0'.repeat(64);
const SIGNED = '1'.repeat(64);
const KEYWORDS = '2'.repeat(64);
const SECRET = `SECtest${'0'.repeat(60)}`;
const APP = { appKey: 'dingtestappkey', appSecret: `dingtestappsecret${'0'.repeat(47)}` };
const OTHER_APP = { appKey: 'dingtestotherapp', appSecret: `dingtestothersecret${'0'.repeat(45)}` };
const ROBOT_CODE = 'dingtestrobot';
const CONVERSATION = 'cidTestConversation==';
const BASE_TIME = Date.UTC(2025, 0, 1);

interface Answer {
  errcode?: number;
  errmsg?: string;
  code?: string;
  message?: string;
  [key: string]: unknown;
}

interface Response {
  status: number;
  json: Answer;
  text: string;
}

async function request(url: string, init: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Answer = {};
  try {
    json = JSON.parse(text) as Answer;
  } catch {
    // plain-text answers (status faults, 404) keep json empty
  }
  return { status: res.status, json, text };
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function sign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

const text = (content: string): object => ({ msgtype: 'text', text: { content } });

describe('DingTalk simulator', () => {
  let clock: number;
  let sim: DingTalkSimulator;

  async function startSim(options: SimulatorOptions = {}): Promise<DingTalkSimulator> {
    await sim.stop();
    sim = await DingTalkSimulator.start({ now: () => clock, ...options });
    register(sim);
    return sim;
  }

  function register(target: DingTalkSimulator): void {
    target.addWebhookRobot({ accessToken: PLAIN });
    target.addWebhookRobot({ accessToken: SIGNED, secret: SECRET });
    target.addWebhookRobot({ accessToken: KEYWORDS, keywords: ['DingTalk', '钉钉'] });
    target.addApp(APP);
    target.addApp(OTHER_APP);
    target.addAppRobot({ robotCode: ROBOT_CODE, appKey: APP.appKey, openConversationIds: [CONVERSATION] });
  }

  function signedUrl(timestamp: number, signature = encodeURIComponent(sign(SECRET, timestamp))): string {
    return `${sim.webhookUrl(SIGNED)}&timestamp=${timestamp}&sign=${signature}`;
  }

  async function oapiToken(): Promise<string> {
    const res = await request(`${sim.origin}/gettoken?appkey=${APP.appKey}&appsecret=${APP.appSecret}`, {});
    return res.json.access_token as string;
  }

  async function oauth2Token(app = APP): Promise<string> {
    const res = await postJson(`${sim.origin}/v1.0/oauth2/accessToken`, app);
    return res.json.accessToken as string;
  }

  async function upload(
    token: string,
    type: string,
    filename: string,
    data: Buffer,
    options: { field?: string; typeInQuery?: boolean } = {},
  ): Promise<Response> {
    const form = new FormData();
    form.append('type', type);
    form.append(options.field ?? 'media', new Blob([data]), filename);
    const query = options.typeInQuery === false ? '' : `&type=${type}`;
    return request(`${sim.origin}/media/upload?access_token=${token}${query}`, { method: 'POST', body: form });
  }

  async function uploadedMediaId(type = 'file', filename = 'report.pdf'): Promise<string> {
    const res = await upload(await oapiToken(), type, filename, Buffer.from('%PDF-1.4 test'));
    return res.json.media_id as string;
  }

  beforeEach(async () => {
    clock = BASE_TIME;
    sim = await DingTalkSimulator.start({ now: () => clock });
    register(sim);
  });

  afterEach(async () => {
    await sim.stop();
  });

  describe('webhook basics', () => {
    it('accepts a text message, records it and the request', async () => {
      const res = await postJson(sim.webhookUrl(PLAIN), text('hello'));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { errcode: 0, errmsg: 'ok' });
      assert.equal(sim.messages.length, 1);
      const message = sim.messages[0];
      assert.equal(message.channel, 'webhook');
      assert.equal(message.robot, PLAIN);
      assert.equal(message.type, 'text');
      assert.equal(message.body.text.content, 'hello');
      assert.equal(message.at, BASE_TIME);
      const [recorded] = sim.requests;
      assert.equal(recorded.method, 'POST');
      assert.equal(recorded.path, '/robot/send');
      assert.equal(recorded.query.access_token, PLAIN);
      assert.equal(recorded.status, 200);
      assert.deepEqual(recorded.answer, { errcode: 0, errmsg: 'ok' });
      assert.equal(JSON.parse(recorded.bodyText ?? '').text.content, 'hello');
      assert.ok(recorded.connectionId >= 1);
    });

    it('answers token and robot-state failures with HTTP 200 and an errcode', async () => {
      sim.addWebhookRobot({ accessToken: 'disabled', disabled: true });
      sim.addWebhookRobot({ accessToken: 'dissolved', dissolved: true });
      const cases: Array<[string, number]> = [
        [sim.webhookUrl('f'.repeat(64)), 300001],
        [`${sim.origin}/robot/send`, 300001],
        [sim.webhookUrl('disabled'), 400102],
        [sim.webhookUrl('dissolved'), 400013],
      ];
      for (const [url, errcode] of cases) {
        const res = await postJson(url, text('hi'));
        assert.equal(res.status, 200);
        assert.equal(res.json.errcode, errcode, url);
      }
      assert.equal(sim.messages.length, 0);
      assert.equal(sim.requests.length, cases.length);
    });

    it('requires a JSON Content-Type (a charset is allowed)', async () => {
      const res = await postJson(sim.webhookUrl(PLAIN), text('hi'), { 'content-type': 'text/plain' });
      assert.equal(res.json.errcode, 43004);
      const withCharset = await postJson(sim.webhookUrl(PLAIN), text('hi'), { 'content-type': 'application/json;charset=UTF-8' });
      assert.equal(withCharset.json.errcode, 0);
    });

    it('counts the 20000-byte limit in UTF-8 bytes', async () => {
      const envelope = JSON.stringify(text('')).length;
      const fits = JSON.stringify(text('a'.repeat(20000 - envelope)));
      assert.equal(Buffer.byteLength(fits), 20000);
      assert.equal((await postJson(sim.webhookUrl(PLAIN), fits)).json.errcode, 0);
      const cjk = JSON.stringify(text('钉'.repeat(Math.ceil((20001 - envelope) / 3))));
      assert.ok(cjk.length < 20000 && Buffer.byteLength(cjk) > 20000);
      assert.equal((await postJson(sim.webhookUrl(PLAIN), cjk)).json.errcode, 460101);
    });

    it('refuses invalid JSON with 40035', async () => {
      assert.equal((await postJson(sim.webhookUrl(PLAIN), '{"msgtype":')).json.errcode, 40035);
      assert.equal((await postJson(sim.webhookUrl(PLAIN), '[]')).json.errcode, 40035);
    });

    it('returns 404 for unknown routes', async () => {
      const res = await request(`${sim.origin}/robot/unknown`, { method: 'POST' });
      assert.equal(res.status, 404);
    });
  });

  describe('signature', () => {
    it('accepts a correctly signed, URL-encoded request', async () => {
      const res = await postJson(signedUrl(clock - 1000), text('signed'));
      assert.deepEqual(res.json, { errcode: 0, errmsg: 'ok' });
    });

    it('refuses a wrong or missing signature with "sign not match"', async () => {
      const wrong = await postJson(signedUrl(clock, encodeURIComponent(sign('SECtestwrong', clock))), text('x'));
      assert.deepEqual(wrong.json, { errcode: 310000, errmsg: 'sign not match' });
      const missing = await postJson(sim.webhookUrl(SIGNED), text('x'));
      assert.deepEqual(missing.json, { errcode: 310000, errmsg: 'sign not match' });
      const noSign = await postJson(`${sim.webhookUrl(SIGNED)}&timestamp=${clock}`, text('x'));
      assert.equal(noSign.json.errmsg, 'sign not match');
    });

    it('refuses a base64 signature with "+" that was not URL-encoded', async () => {
      let timestamp = clock;
      while (!sign(SECRET, timestamp).includes('+')) {
        timestamp += 1;
      }
      const raw = await postJson(signedUrl(timestamp, sign(SECRET, timestamp)), text('x'));
      assert.equal(raw.json.errmsg, 'sign not match');
      const encoded = await postJson(signedUrl(timestamp), text('x'));
      assert.equal(encoded.json.errcode, 0);
    });

    it('accepts timestamps within one hour of its clock and refuses older or newer ones', async () => {
      const hour = 3_600_000;
      assert.equal((await postJson(signedUrl(clock - hour), text('x'))).json.errcode, 0);
      assert.equal((await postJson(signedUrl(clock + hour), text('x'))).json.errcode, 0);
      const stale = await postJson(signedUrl(clock - hour - 1), text('x'));
      assert.deepEqual(stale.json, { errcode: 310000, errmsg: 'invalid timestamp' });
      const seconds = await postJson(signedUrl(Math.floor(clock / 1000)), text('x'));
      assert.equal(seconds.json.errmsg, 'invalid timestamp');
    });

    it('judges timestamps by its own clock, which shiftClock moves', async () => {
      const clientTime = clock;
      sim.shiftClock(2 * 3_600_000);
      assert.equal(sim.now(), clientTime + 2 * 3_600_000);
      const res = await postJson(signedUrl(clientTime), text('x'));
      assert.equal(res.json.errmsg, 'invalid timestamp');
    });
  });

  describe('IP allow-list', () => {
    it('refuses a client IP that is not listed', async () => {
      sim.addWebhookRobot({ accessToken: 'ip', ipAllowList: ['10.0.0.1'] });
      const refused = await postJson(sim.webhookUrl('ip'), text('x'));
      assert.deepEqual(refused.json, { errcode: 310000, errmsg: 'ip 127.0.0.1 not in whitelist' });
      sim.clientIp = '10.0.0.1';
      assert.equal((await postJson(sim.webhookUrl('ip'), text('x'))).json.errcode, 0);
    });
  });

  describe('keywords', () => {
    const accepted: Array<[string, object]> = [
      ['text', text('hello DingTalk')],
      ['markdown title', { msgtype: 'markdown', markdown: { title: '钉钉 report', text: 'body' } }],
      ['markdown text', { msgtype: 'markdown', markdown: { title: 'report', text: 'from DingTalk' } }],
      ['link', { msgtype: 'link', link: { title: 'DingTalk', text: 't', messageUrl: 'https://example.com' } }],
      ['actionCard', { msgtype: 'actionCard', actionCard: { title: 't', text: 'DingTalk', singleTitle: 'o', singleURL: 'https://example.com' } }],
      ['feedCard', { msgtype: 'feedCard', feedCard: { links: [{ title: 'DingTalk', messageURL: 'https://example.com', picURL: 'https://example.com/a.png' }] } }],
    ];
    for (const [name, body] of accepted) {
      it(`finds a keyword in ${name}`, async () => {
        assert.equal((await postJson(sim.webhookUrl(KEYWORDS), body)).json.errcode, 0);
      });
    }

    it('refuses a message without any keyword, including one hidden in a field DingTalk does not check', async () => {
      const plain = await postJson(sim.webhookUrl(KEYWORDS), text('hello'));
      assert.deepEqual(plain.json, { errcode: 310000, errmsg: 'keywords not in content' });
      const inUrl = { msgtype: 'link', link: { title: 't', text: 't', messageUrl: 'https://example.com/DingTalk' } };
      assert.equal((await postJson(sim.webhookUrl(KEYWORDS), inUrl)).json.errcode, 310000);
      const caseDiffers = await postJson(sim.webhookUrl(KEYWORDS), text('dingtalk'));
      assert.equal(caseDiffers.json.errcode, 310000);
    });

    it('checks the fileName of a file message', async () => {
      const mediaId = await uploadedMediaId('file', 'DingTalk notes.pdf');
      const file = (fileName: string): object => ({ msgtype: 'file', file: { mediaId, fileName, fileType: 'pdf' } });
      assert.equal((await postJson(sim.webhookUrl(KEYWORDS), file('DingTalk notes.pdf'))).json.errcode, 0);
      assert.equal((await postJson(sim.webhookUrl(KEYWORDS), file('notes.pdf'))).json.errcode, 310000);
    });
  });

  describe('fields per msgtype', () => {
    const url = 'https://example.com/';
    const valid: object[] = [
      text('t'),
      { msgtype: 'text', text: { content: 't' }, at: { atMobiles: ['13800000000'], atUserIds: ['u1'], atDingtalkIds: ['u1'], isAtAll: false } },
      { msgtype: 'markdown', markdown: { title: 't', text: '# t' } },
      { msgtype: 'link', link: { title: 't', text: 't', messageUrl: url, picUrl: '' } },
      { msgtype: 'actionCard', actionCard: { title: 't', text: 't', singleTitle: 'o', singleURL: url, btnOrientation: '0' } },
      { msgtype: 'actionCard', actionCard: { title: 't', text: 't', btns: [{ title: 'a', actionURL: url }], hideAvatar: '1' } },
      { msgtype: 'feedCard', feedCard: { links: [{ title: 't', messageURL: url, picURL: url }] } },
    ];
    it('accepts every documented shape', async () => {
      for (const body of valid) {
        assert.equal((await postJson(sim.webhookUrl(PLAIN), body)).json.errcode, 0, JSON.stringify(body));
      }
      assert.equal(sim.messages.length, valid.length);
    });

    const invalid: Array<[string, object, number]> = [
      ['missing msgtype', { text: { content: 't' } }, 40035],
      ['unknown msgtype', { msgtype: 'voice', voice: {} }, 400105],
      ['wrong case of the part', { msgtype: 'text', Text: { content: 't' } }, 40035],
      ['empty text', text(''), 40035],
      ['content not a string', { msgtype: 'text', text: { content: 1 } }, 40035],
      ['markdown without title', { msgtype: 'markdown', markdown: { text: 't' } }, 40035],
      ['link without messageUrl', { msgtype: 'link', link: { title: 't', text: 't' } }, 400304],
      ['link with messageURL casing', { msgtype: 'link', link: { title: 't', text: 't', messageURL: url } }, 400304],
      ['actionCard without button', { msgtype: 'actionCard', actionCard: { title: 't', text: 't' } }, 40035],
      ['actionCard singleTitle only', { msgtype: 'actionCard', actionCard: { title: 't', text: 't', singleTitle: 'o' } }, 40035],
      ['actionCard btn with actionUrl casing', { msgtype: 'actionCard', actionCard: { title: 't', text: 't', btns: [{ title: 'a', actionUrl: url }] } }, 40035],
      ['actionCard numeric btnOrientation', { msgtype: 'actionCard', actionCard: { title: 't', text: 't', singleTitle: 'o', singleURL: url, btnOrientation: 0 } }, 40035],
      ['feedCard without links', { msgtype: 'feedCard', feedCard: { links: [] } }, 40035],
      ['feedCard link with messageUrl casing', { msgtype: 'feedCard', feedCard: { links: [{ title: 't', messageUrl: url, picURL: url }] } }, 40035],
      ['at.isAtAll as a string', { ...text('t'), at: { isAtAll: 'true' } }, 40035],
      ['at.atMobiles as a string', { ...text('t'), at: { atMobiles: '13800000000' } }, 40035],
      ['msgUuid not a string', { ...text('t'), msgUuid: 1 }, 40035],
      ['file with media_id', { msgtype: 'file', file: { media_id: '@x', fileName: 'a.pdf', fileType: 'pdf' } }, 401102],
      ['image without mediaId', { msgtype: 'image', image: { picURL: url } }, 401102],
    ];
    for (const [name, body, errcode] of invalid) {
      it(`refuses ${name} with ${errcode}`, async () => {
        const res = await postJson(sim.webhookUrl(PLAIN), body);
        assert.equal(res.status, 200);
        assert.equal(res.json.errcode, errcode, res.json.errmsg);
        assert.equal(sim.messages.length, 0);
      });
    }

    it('accepts file and image messages that point at media it issued', async () => {
      const fileId = await uploadedMediaId();
      const imageId = await uploadedMediaId('image', 'shot.png');
      const file = { msgtype: 'file', file: { mediaId: fileId, fileName: 'report.pdf', fileType: 'pdf' } };
      assert.equal((await postJson(sim.webhookUrl(PLAIN), file)).json.errcode, 0);
      const image = { msgtype: 'image', image: { mediaId: imageId, picURL: 'https://example.com/a.png' } };
      assert.equal((await postJson(sim.webhookUrl(PLAIN), image)).json.errcode, 0);
      assert.deepEqual(
        sim.messages.map((m) => m.type),
        ['file', 'image'],
      );
    });

    it('refuses file messages with missing names or unknown media ids', async () => {
      const mediaId = await uploadedMediaId();
      const noName = { msgtype: 'file', file: { mediaId, fileType: 'pdf' } };
      assert.equal((await postJson(sim.webhookUrl(PLAIN), noName)).json.errcode, 401103);
      const noType = { msgtype: 'file', file: { mediaId, fileName: 'report.pdf' } };
      assert.equal((await postJson(sim.webhookUrl(PLAIN), noType)).json.errcode, 401103);
      const unknown = { msgtype: 'file', file: { mediaId: '@lAunknown', fileName: 'report.pdf', fileType: 'pdf' } };
      assert.equal((await postJson(sim.webhookUrl(PLAIN), unknown)).json.errcode, 401102);
    });

    it('answers 400105 to file and image on a robot that does not accept them', async () => {
      sim.addWebhookRobot({ accessToken: 'nofiles', acceptsFiles: false });
      const mediaId = await uploadedMediaId();
      const file = { msgtype: 'file', file: { mediaId, fileName: 'report.pdf', fileType: 'pdf' } };
      assert.equal((await postJson(sim.webhookUrl('nofiles'), file)).json.errcode, 400105);
      const image = { msgtype: 'image', image: { mediaId } };
      assert.equal((await postJson(sim.webhookUrl('nofiles'), image)).json.errcode, 400105);
      assert.equal((await postJson(sim.webhookUrl('nofiles'), text('t'))).json.errcode, 0);
    });
  });

  describe('rate limit', () => {
    it('allows 20 sends per rolling minute, then throttles the robot for 10 minutes', async () => {
      for (let i = 0; i < 20; i++) {
        assert.equal((await postJson(sim.webhookUrl(PLAIN), text(`m${i}`))).json.errcode, 0);
        clock += 1000;
      }
      const tooFast = await postJson(sim.webhookUrl(PLAIN), text('m20'));
      assert.deepEqual(tooFast.json, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
      clock += 2 * 60_000;
      assert.equal((await postJson(sim.webhookUrl(PLAIN), text('throttled'))).json.errcode, 130101);
      assert.equal((await postJson(signedUrl(clock), text('other robot'))).json.errcode, 0);
      clock += 8 * 60_000;
      assert.equal((await postJson(sim.webhookUrl(PLAIN), text('free again'))).json.errcode, 0);
      assert.equal(sim.messages.filter((m) => m.robot === PLAIN).length, 21);
    });

    it('keeps counting a send for a full 60 s', async () => {
      for (let i = 0; i < 20; i++) {
        await postJson(sim.webhookUrl(PLAIN), text(`m${i}`));
      }
      clock += 59_999;
      assert.equal((await postJson(sim.webhookUrl(PLAIN), text('early'))).json.errcode, 130101);
    });

    it('frees a slot 60 s after each send', async () => {
      for (let i = 0; i < 20; i++) {
        await postJson(sim.webhookUrl(PLAIN), text(`m${i}`));
        clock += 2000;
      }
      clock = BASE_TIME + 60_000;
      assert.equal((await postJson(sim.webhookUrl(PLAIN), text('slot of m0'))).json.errcode, 0);
      assert.equal((await postJson(sim.webhookUrl(PLAIN), text('no slot'))).json.errcode, 130101);
    });

    it('does not count sends that failed authentication', async () => {
      for (let i = 0; i < 25; i++) {
        assert.equal((await postJson(signedUrl(clock, 'bad'), text('x'))).json.errcode, 310000);
      }
      assert.equal((await postJson(signedUrl(clock), text('x'))).json.errcode, 0);
    });

    it('can be turned off', async () => {
      await startSim({ rateLimit: false });
      for (let i = 0; i < 30; i++) {
        assert.equal((await postJson(sim.webhookUrl(PLAIN), text(`m${i}`))).json.errcode, 0);
      }
    });
  });

  describe('msgUuid', () => {
    it('delivers a message once per msgUuid and robot, answering success to retries', async () => {
      const body = { ...text('once'), msgUuid: 'uuid-1' };
      assert.equal((await postJson(sim.webhookUrl(PLAIN), body)).json.errcode, 0);
      assert.equal((await postJson(sim.webhookUrl(PLAIN), body)).json.errcode, 0);
      assert.equal(sim.messages.length, 1);
      assert.equal(sim.messages[0].msgUuid, 'uuid-1');
      await postJson(sim.webhookUrl(KEYWORDS), { ...text('DingTalk once'), msgUuid: 'uuid-1' });
      await postJson(sim.webhookUrl(PLAIN), { ...text('other'), msgUuid: 'uuid-2' });
      assert.equal(sim.messages.length, 3);
    });
  });

  describe('tokens', () => {
    it('issues oapi tokens and refuses bad credentials with 40089', async () => {
      const ok = await request(`${sim.origin}/gettoken?appkey=${APP.appKey}&appsecret=${APP.appSecret}`, {});
      assert.equal(ok.json.errcode, 0);
      assert.match(ok.json.access_token as string, /^[0-9a-f]{32}$/);
      assert.equal(ok.json.expires_in, 7200);
      const bad = await request(`${sim.origin}/gettoken?appkey=${APP.appKey}&appsecret=wrong`, {});
      assert.equal(bad.status, 200);
      assert.equal(bad.json.errcode, 40089);
      assert.deepEqual(sim.tokensIssued, { oapi: 1, oauth2: 0 });
    });

    it('issues oauth2 tokens and refuses bad credentials with HTTP 400', async () => {
      const ok = await postJson(`${sim.origin}/v1.0/oauth2/accessToken`, APP);
      assert.equal(ok.status, 200);
      assert.match(ok.json.accessToken as string, /^[0-9a-f]{32}$/);
      assert.equal(ok.json.expireIn, 7200);
      const bad = await postJson(`${sim.origin}/v1.0/oauth2/accessToken`, { appKey: APP.appKey, appSecret: 'x' });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.code, 'invalidClientIdOrSecret');
      assert.equal(typeof bad.json.requestid, 'string');
      assert.deepEqual(sim.tokensIssued, { oapi: 0, oauth2: 1 });
    });

    it('expires tokens on its clock, using tokenTtlSeconds', async () => {
      await startSim({ tokenTtlSeconds: 60 });
      const token = await oapiToken();
      const appToken = await oauth2Token();
      clock += 59_999;
      assert.equal((await upload(token, 'file', 'a.txt', Buffer.from('a'))).json.errcode, 0);
      clock += 1;
      const expired = await upload(token, 'file', 'a.txt', Buffer.from('a'));
      assert.deepEqual(expired.json, { errcode: 42001, errmsg: 'access_token is expired' });
      const group = await postJson(
        `${sim.origin}/v1.0/robot/groupMessages/send`,
        { robotCode: ROBOT_CODE, openConversationId: CONVERSATION, msgKey: 'sampleText', msgParam: '{"content":"x"}' },
        { 'x-acs-dingtalk-access-token': appToken },
      );
      assert.equal(group.status, 401);
      assert.equal(group.json.code, 'InvalidAuthentication');
    });

    it('keeps the two token kinds apart', async () => {
      const appToken = await oauth2Token();
      assert.equal((await upload(appToken, 'file', 'a.txt', Buffer.from('a'))).json.errcode, 40014);
      const oapi = await oapiToken();
      const group = await postJson(
        `${sim.origin}/v1.0/robot/groupMessages/send`,
        { robotCode: ROBOT_CODE, openConversationId: CONVERSATION, msgKey: 'sampleText', msgParam: '{"content":"x"}' },
        { 'x-acs-dingtalk-access-token': oapi },
      );
      assert.equal(group.status, 401);
    });
  });

  describe('media upload', () => {
    it('streams, hashes and records an upload', async () => {
      const token = await oapiToken();
      const data = Buffer.from('hello file '.repeat(1000));
      const res = await upload(token, 'file', '报告.pdf', data);
      assert.equal(res.json.errcode, 0);
      assert.equal(res.json.type, 'file');
      assert.match(res.json.media_id as string, /^@lA/);
      assert.equal(res.json.created_at, BASE_TIME);
      const sha256 = createHash('sha256').update(data).digest('hex');
      assert.deepEqual(sim.uploads, [{ mediaId: res.json.media_id, type: 'file', filename: '报告.pdf', size: data.length, sha256, bytes: data }]);
      const recorded = sim.requests.at(-1);
      assert.equal(recorded?.multipart?.fields.type, 'file');
      assert.deepEqual(recorded?.multipart?.file && { ...recorded.multipart.file, contentType: undefined }, {
        field: 'media',
        filename: '报告.pdf',
        size: data.length,
        sha256,
        contentType: undefined,
      });
      assert.equal(recorded?.bodyText, undefined);
    });

    it('refuses txt with 40004 when told txt is not accepted', async () => {
      assert.equal((await upload(await oapiToken(), 'file', 'notes.txt', Buffer.from('x'))).json.errcode, 0);
      await startSim({ acceptsTxt: false });
      const res = await upload(await oapiToken(), 'file', 'notes.txt', Buffer.from('x'));
      assert.equal(res.json.errcode, 40004);
      assert.equal(sim.uploads.length, 0);
    });

    it('takes the type from the form field when the query has none', async () => {
      const res = await upload(await oapiToken(), 'image', 'a.PNG', Buffer.from('png'), { typeInQuery: false });
      assert.equal(res.json.errcode, 0);
      assert.equal(res.json.type, 'image');
    });

    it('checks a type field that arrives after the file once the form is complete', async () => {
      const token = await oapiToken();
      const send = (filename: string): Promise<Response> => {
        const form = new FormData();
        form.append('media', new Blob([Buffer.from('data')]), filename);
        form.append('type', 'voice');
        return request(`${sim.origin}/media/upload?access_token=${token}`, { method: 'POST', body: form });
      };
      assert.equal((await send('a.pdf')).json.errcode, 40005);
      const ok = await send('a.amr');
      assert.equal(ok.json.errcode, 0);
      assert.equal(ok.json.type, 'voice');
    });

    it('refuses unknown tokens, missing media field, bad type, extension and size', async () => {
      const token = await oapiToken();
      assert.equal((await upload('0'.repeat(32), 'file', 'a.pdf', Buffer.from('a'))).json.errcode, 40014);
      const wrongField = await upload(token, 'file', 'a.pdf', Buffer.from('a'), { field: 'file' });
      assert.equal(wrongField.json.errcode, 41005);
      assert.equal((await upload(token, 'document', 'a.pdf', Buffer.from('a'))).json.errcode, 40004);
      assert.equal((await upload(token, 'image', 'a.pdf', Buffer.from('a'))).json.errcode, 40005);
      assert.equal((await upload(token, 'file', 'noextension', Buffer.from('a'))).json.errcode, 40005);
      assert.equal((await upload(token, 'video', 'a.mov', Buffer.from('a'))).json.errcode, 40005);
      assert.equal((await upload(token, 'file', 'empty.txt', Buffer.alloc(0))).json.errcode, 40006);
      const notMultipart = await postJson(`${sim.origin}/media/upload?access_token=${token}&type=file`, {});
      assert.equal(notMultipart.json.errcode, 41005);
      assert.equal(sim.uploads.length, 0);
    });

    it('enforces per-type size limits and stops reading at the limit', async () => {
      const token = await oapiToken();
      const limit = 2 * 1024 * 1024;
      assert.equal((await upload(token, 'voice', 'a.mp3', Buffer.alloc(limit))).json.errcode, 0);
      const tooBig = await upload(token, 'voice', 'a.mp3', Buffer.alloc(4 * limit));
      assert.equal(tooBig.json.errcode, 40006);
      const recordedSize = sim.requests.at(-1)?.multipart?.file?.size ?? 0;
      assert.ok(recordedSize > limit && recordedSize < 4 * limit, `read ${recordedSize} bytes`);
      assert.equal(sim.uploads.length, 1);
    });

    it('keeps a keep-alive connection usable after refusing an oversized upload', async () => {
      const token = await oapiToken();
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const boundary = 'simtestboundary';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const body = Buffer.concat([head, Buffer.alloc(3 * 1024 * 1024), tail]);
      try {
        const first = await httpRequest(agent, `${sim.origin}/media/upload?access_token=${token}&type=voice`, {
          'content-type': `multipart/form-data; boundary=${boundary}`,
        }, body);
        assert.equal(JSON.parse(first).errcode, 40006);
        const second = await httpRequest(agent, sim.webhookUrl(PLAIN), { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(text('after'))));
        assert.equal(JSON.parse(second).errcode, 0);
        const [a, b] = sim.requests.slice(-2);
        assert.equal(a.connectionId, b.connectionId);
      } finally {
        agent.destroy();
      }
    });
  });

  describe('app robot', () => {
    const groupUrl = (): string => `${sim.origin}/v1.0/robot/groupMessages/send`;
    const otoUrl = (): string => `${sim.origin}/v1.0/robot/oToMessages/batchSend`;
    const group = (msgKey: string, msgParam: unknown, extra: object = {}): object => ({
      robotCode: ROBOT_CODE,
      openConversationId: CONVERSATION,
      msgKey,
      msgParam,
      ...extra,
    });

    it('lists one-to-one recipients outside the robot\'s staff as invalid', async () => {
      sim.addAppRobot({ robotCode: 'dingteststaffrobot', appKey: APP.appKey, openConversationIds: [], staffIds: ['user1'] });
      const body = { robotCode: 'dingteststaffrobot', userIds: ['user1', 'typo'], msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'hi' }) };
      const res = await postJson(otoUrl(), body, { 'x-acs-dingtalk-access-token': await oauth2Token() });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.invalidStaffIdList, ['typo']);
    });

    it('delivers a group message', async () => {
      const token = await oauth2Token();
      const body = group('sampleMarkdown', JSON.stringify({ title: 't', text: '# hi' }));
      const res = await postJson(groupUrl(), body, { 'x-acs-dingtalk-access-token': token });
      assert.equal(res.status, 200);
      assert.equal(typeof res.json.processQueryKey, 'string');
      assert.deepEqual(Object.keys(res.json), ['processQueryKey']);
      const [message] = sim.messages;
      assert.equal(message.channel, 'group');
      assert.equal(message.robot, ROBOT_CODE);
      assert.equal(message.type, 'sampleMarkdown');
      assert.deepEqual(message.body, { title: 't', text: '# hi' });
      assert.equal(message.conversation, CONVERSATION);
      assert.deepEqual(message.raw, body);
    });

    it('delivers a one-to-one batch', async () => {
      const token = await oauth2Token();
      const body = { robotCode: ROBOT_CODE, userIds: ['user1', 'user2'], msgKey: 'sampleText', msgParam: '{"content":"hi"}' };
      const res = await postJson(otoUrl(), body, { 'x-acs-dingtalk-access-token': token });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.invalidStaffIdList, []);
      assert.deepEqual(res.json.flowControlledStaffIdList, []);
      assert.deepEqual(sim.messages[0].userIds, ['user1', 'user2']);
      assert.equal(sim.messages[0].channel, 'oto');
    });

    it('accepts every msgKey with its documented msgParam', async () => {
      const token = await oauth2Token();
      const mediaId = await uploadedMediaId();
      const url = 'https://example.com/';
      const params: Array<[string, object]> = [
        ['sampleText', { content: 'c' }],
        ['sampleMarkdown', { title: 't', text: 't' }],
        ['sampleImageMsg', { photoURL: url }],
        ['sampleImageMsg', { photoURL: mediaId }],
        ['sampleLink', { text: 't', title: 't', messageUrl: url }],
        ['sampleLink', { text: 't', title: 't', messageUrl: url, picUrl: url }],
        ['sampleActionCard', { title: 't', text: 't', singleTitle: 's', singleURL: url }],
        ['sampleActionCard2', { title: 't', text: 't', actionTitle1: 'a', actionURL1: url, actionTitle2: 'b', actionURL2: url }],
        ['sampleFile', { mediaId, fileName: 'report.pdf', fileType: 'pdf' }],
      ];
      for (const [msgKey, param] of params) {
        const res = await postJson(groupUrl(), group(msgKey, JSON.stringify(param)), { 'x-acs-dingtalk-access-token': token });
        assert.equal(res.status, 200, `${msgKey}: ${res.text}`);
      }
      assert.equal(sim.messages.length, params.length);
    });

    it('refuses requests without a valid token with 401 InvalidAuthentication', async () => {
      const body = group('sampleText', '{"content":"x"}');
      const headerSets: Array<Record<string, string>> = [{}, { 'x-acs-dingtalk-access-token': 'f'.repeat(32) }];
      for (const headers of headerSets) {
        const res = await postJson(groupUrl(), body, headers);
        assert.equal(res.status, 401);
        assert.equal(res.json.code, 'InvalidAuthentication');
        assert.equal(typeof res.json.requestid, 'string');
      }
    });

    it('refuses bad parameters with HTTP 400 and the documented codes', async () => {
      const token = await oauth2Token();
      const otherToken = await oauth2Token(OTHER_APP);
      const mediaId = await uploadedMediaId();
      const ok = '{"content":"x"}';
      const cases: Array<[string, string, object, string]> = [
        ['empty robotCode', groupUrl(), group('sampleText', ok, { robotCode: '' }), 'invalidParameter.robotCode.empty'],
        ['unknown robotCode', groupUrl(), group('sampleText', ok, { robotCode: 'dingtestnobody' }), 'robot.not.found'],
        ['unknown conversation', groupUrl(), group('sampleText', ok, { openConversationId: 'cidOther==' }), 'resource.not.found'],
        ['unknown msgKey', groupUrl(), group('sampleVoice', ok), 'invalidParameter.msgKey.invalid'],
        ['msgParam as object', groupUrl(), group('sampleText', { content: 'x' }), 'invalidParameter.msgParam.invalid'],
        ['msgParam not JSON', groupUrl(), group('sampleText', 'content=x'), 'invalidParameter.msgParam.invalid'],
        ['msgParam over 15000 bytes', groupUrl(), group('sampleText', JSON.stringify({ content: '钉'.repeat(5000) })), 'invalidParameter.msgParam.invalid'],
        ['missing msgParam key', groupUrl(), group('sampleMarkdown', '{"title":"t"}'), 'invalidParameter.msgParam.invalid'],
        ['sampleActionCard3 with two buttons', groupUrl(), group('sampleActionCard3', JSON.stringify({ title: 't', text: 't', actionTitle1: 'a', actionURL1: 'u', actionTitle2: 'b', actionURL2: 'u' })), 'invalidParameter.msgParam.invalid'],
        ['sampleFile with unknown media', groupUrl(), group('sampleFile', JSON.stringify({ mediaId: '@lAunknown', fileName: 'a.pdf', fileType: 'pdf' })), 'invalidParameter.msgParam.invalid'],
        ['sampleFile with media_id', groupUrl(), group('sampleFile', JSON.stringify({ media_id: mediaId, fileName: 'a.pdf', fileType: 'pdf' })), 'invalidParameter.msgParam.invalid'],
        ['empty userIds', otoUrl(), { robotCode: ROBOT_CODE, userIds: [], msgKey: 'sampleText', msgParam: ok }, 'invalidParameter.userIds.invalid'],
        ['21 userIds', otoUrl(), { robotCode: ROBOT_CODE, userIds: Array.from({ length: 21 }, (_, i) => `u${i}`), msgKey: 'sampleText', msgParam: ok }, 'invalidParameter.userIds.invalid'],
      ];
      for (const [name, url, body, code] of cases) {
        const res = await postJson(url, body, { 'x-acs-dingtalk-access-token': token });
        assert.equal(res.status, 400, name);
        assert.equal(res.json.code, code, name);
      }
      const foreign = await postJson(groupUrl(), group('sampleText', ok), { 'x-acs-dingtalk-access-token': otherToken });
      assert.equal(foreign.status, 400);
      assert.equal(foreign.json.code, 'robot.not.found');
      assert.equal(sim.messages.length, 0);
    });
  });

  describe('faults', () => {
    it('adds latency, then answers normally', async () => {
      sim.inject({ kind: 'latency', ms: 150 });
      const started = Date.now();
      const res = await postJson(sim.webhookUrl(PLAIN), text('slow'));
      assert.ok(Date.now() - started >= 140);
      assert.equal(res.json.errcode, 0);
      assert.equal(sim.messages.length, 1);
    });

    it('answers an HTTP status for the matching path, `times` times, in injection order', async () => {
      sim.inject({ kind: 'status', path: '/v1.0/', status: 500 });
      sim.inject({ kind: 'status', path: '/robot/send', times: 2 });
      sim.inject({ kind: 'status', path: '/robot/send', status: 502 });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await postJson(sim.webhookUrl(PLAIN), text(`m${i}`))).status);
      }
      assert.deepEqual(statuses, [503, 503, 502, 200]);
      assert.equal(sim.messages.length, 1);
      assert.equal(sim.requests[0].status, 503);
      assert.equal(typeof sim.requests[0].answer, 'string');
      assert.equal(JSON.parse(sim.requests[0].bodyText ?? '').text.content, 'm0');
      assert.equal((await postJson(`${sim.origin}/v1.0/oauth2/accessToken`, APP)).status, 500);
    });

    it('lets `skip` matching requests through before the fault applies', async () => {
      sim.inject({ kind: 'status', path: '/robot/send', skip: 2 });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await postJson(sim.webhookUrl(PLAIN), text(`m${i}`))).status);
      }
      assert.deepEqual(statuses, [200, 200, 503, 200]);
    });

    it('resets the connection before processing', async () => {
      sim.inject({ kind: 'reset' });
      await assert.rejects(postJson(sim.webhookUrl(PLAIN), text('lost')));
      assert.equal(sim.messages.length, 0);
      assert.equal(sim.requests.length, 1);
      assert.equal(sim.requests[0].status, 0);
      assert.equal(JSON.parse(sim.requests[0].bodyText ?? '').text.content, 'lost');
      assert.equal((await postJson(sim.webhookUrl(PLAIN), text('next'))).json.errcode, 0);
    });

    it('resets after processing, so a retry with the same msgUuid does not post twice', async () => {
      sim.inject({ kind: 'resetAfterProcessing' });
      const body = { ...text('once'), msgUuid: 'retry-1' };
      await assert.rejects(postJson(sim.webhookUrl(PLAIN), body));
      assert.equal(sim.messages.length, 1);
      assert.equal(sim.requests[0].status, 0);
      assert.deepEqual(sim.requests[0].answer, { errcode: 0, errmsg: 'ok' });
      assert.equal((await postJson(sim.webhookUrl(PLAIN), body)).json.errcode, 0);
      assert.equal(sim.messages.length, 1);
    });

    it('reports busy as errcode -1 on oapi and 503 ServiceUnavailable on /v1.0', async () => {
      sim.inject({ kind: 'busy', times: 2 });
      const oapi = await postJson(sim.webhookUrl(PLAIN), text('x'));
      assert.equal(oapi.status, 200);
      assert.deepEqual(oapi.json, { errcode: -1, errmsg: '系统繁忙' });
      const api = await postJson(`${sim.origin}/v1.0/oauth2/accessToken`, APP);
      assert.equal(api.status, 503);
      assert.equal(api.json.code, 'ServiceUnavailable');
      assert.equal(sim.messages.length, 0);
      assert.deepEqual(sim.tokensIssued, { oapi: 0, oauth2: 0 });
    });

    it('hangs without answering, and clearFaults removes pending faults', async () => {
      sim.inject({ kind: 'hang' });
      const hung = fetch(sim.webhookUrl(PLAIN), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(text('x')),
        signal: AbortSignal.timeout(200),
      });
      await assert.rejects(hung, { name: 'TimeoutError' });
      assert.equal(sim.requests[0].status, 0);
      assert.equal(sim.messages.length, 0);
      sim.inject({ kind: 'hang', times: 5 });
      sim.clearFaults();
      assert.equal((await postJson(sim.webhookUrl(PLAIN), text('x'))).json.errcode, 0);
    });

    it('holds requests to a path, recorded but unprocessed, until released; then lets every one through', async () => {
      const hold = sim.hold('/robot/send');
      const held = [postJson(sim.webhookUrl(PLAIN), text('first')), postJson(sim.webhookUrl(PLAIN), text('second'))];
      await hold.reached(2);
      assert.equal(sim.requests.length, 2);
      assert.equal(sim.messages.length, 0, 'nothing is processed while held');
      assert.equal((await postJson(`${sim.origin}/v1.0/oauth2/accessToken`, APP)).status, 200, 'other paths are not held');
      hold.release();
      assert.deepEqual((await Promise.all(held)).map((res) => res.json.errcode), [0, 0]);
      assert.equal((await postJson(sim.webhookUrl(PLAIN), text('third'))).json.errcode, 0);
      assert.deepEqual(new Set(sim.messages.map((m) => m.body.text.content)), new Set(['first', 'second', 'third']));
    });

    it('applies faults to uploads too', async () => {
      const token = await oapiToken();
      sim.inject({ kind: 'status', path: '/media/upload', status: 502 });
      assert.equal((await upload(token, 'file', 'a.pdf', Buffer.from('a'))).status, 502);
      assert.equal((await upload(token, 'file', 'a.pdf', Buffer.from('a'))).json.errcode, 0);
    });
  });

  describe('connections and records', () => {
    it('counts TCP connections and tags requests so keep-alive reuse is visible', async () => {
      const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const fresh = new http.Agent({ keepAlive: false });
      const json = { 'content-type': 'application/json' };
      const payload = Buffer.from(JSON.stringify(text('x')));
      try {
        for (let i = 0; i < 3; i++) {
          await httpRequest(keepAlive, sim.webhookUrl(PLAIN), json, payload);
        }
        assert.equal(sim.connections, 1);
        assert.equal(new Set(sim.requests.map((r) => r.connectionId)).size, 1);
        for (let i = 0; i < 2; i++) {
          await httpRequest(fresh, sim.webhookUrl(PLAIN), json, payload);
        }
        assert.equal(sim.connections, 3);
        assert.equal(new Set(sim.requests.map((r) => r.connectionId)).size, 3);
        assert.deepEqual(
          sim.requests.map((r) => r.id),
          [1, 2, 3, 4, 5],
        );
      } finally {
        keepAlive.destroy();
        fresh.destroy();
      }
    });

    it('reset() clears records, faults and throttles but keeps robots, apps and media', async () => {
      const mediaId = await uploadedMediaId();
      for (let i = 0; i < 21; i++) {
        await postJson(sim.webhookUrl(PLAIN), { ...text(`m${i}`), msgUuid: `u${i}` });
      }
      sim.inject({ kind: 'busy' });
      sim.reset();
      assert.equal(sim.requests.length, 0);
      assert.equal(sim.messages.length, 0);
      assert.equal(sim.uploads.length, 0);
      assert.equal(sim.connections, 0);
      assert.deepEqual(sim.tokensIssued, { oapi: 0, oauth2: 0 });
      assert.equal((await postJson(sim.webhookUrl(PLAIN), { ...text('again'), msgUuid: 'u0' })).json.errcode, 0);
      const file = { msgtype: 'file', file: { mediaId, fileName: 'report.pdf', fileType: 'pdf' } };
      assert.equal((await postJson(sim.webhookUrl(PLAIN), file)).json.errcode, 0);
      assert.equal(sim.messages.length, 2);
    });
  });

  describe('page', () => {
    it('lists messages newest first, escaped, and serves them as JSON, without recording itself', async () => {
      await postJson(sim.webhookUrl(PLAIN), text('first <b>one</b>'));
      await postJson(sim.webhookUrl(PLAIN), { msgtype: 'markdown', markdown: { title: 'T', text: '# second' } });
      const page = await request(`${sim.origin}/`, {});
      assert.equal(page.status, 200);
      assert.match(page.text, /http-equiv="refresh" content="2"/);
      assert.ok(page.text.includes('first &#60;b&#62;one&#60;/b&#62;'));
      assert.ok(!page.text.includes('<b>one'));
      assert.ok(page.text.indexOf('# second') < page.text.indexOf('first &#60;b'));
      assert.ok(!/(src|href)="http/.test(page.text));
      const feed = await request(`${sim.origin}/_sim/messages`, {});
      assert.equal((JSON.parse(feed.text) as unknown[]).length, 2);
      assert.equal(sim.requests.length, 2);
    });
  });

  describe('stop', () => {
    it('closes hung connections so the client sees an error', async () => {
      const own = await DingTalkSimulator.start();
      own.addWebhookRobot({ accessToken: PLAIN });
      own.inject({ kind: 'hang' });
      const pending = postJson(own.webhookUrl(PLAIN), text('x'));
      while (own.requests.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await own.stop();
      await assert.rejects(pending);
      assert.equal(own.requests[0].status, 0);
    });
  });
});

function httpRequest(agent: http.Agent, url: string, headers: Record<string, string>, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(body);
  });
}
