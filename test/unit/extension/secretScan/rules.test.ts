import { strict as assert } from 'node:assert';
import { scanForSecrets } from '../../../../src/extension/secretScan/scan';
import { fake, fakeJwt, randomSource } from './fakes';

/** What the scan finds in `text`: the rule and exactly the characters it would redact. */
function found(text: string, fileName?: string): Array<[string, string]> {
  return scanForSecrets(text, { fileName }).map((f) => [f.ruleId, text.slice(f.start, f.end)]);
}

const none = (text: string, fileName?: string): void => assert.deepEqual(found(text, fileName), [], text);

const HEX64 = fake('hex', 64);
const FAKE_HEX64 = '0123456789abcdef'.repeat(4);

describe('extension/secretScan rules', () => {
  describe('private-key', () => {
    const body = Array.from({ length: 6 }, (_, i) => fake('b64', 64, String(i))).join('\n');

    for (const type of ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY']) {
      it(`takes a whole ${type} block, BEGIN to END`, () => {
        const block = `-----BEGIN ${type}-----\n${body}\n-----END ${type}-----`;
        assert.deepEqual(found(`const key = \`${block}\`\nconst other = 1;`, 'key_test.go'), [['private-key', block]]);
      });
    }

    it('takes a PGP key block with its armor headers', () => {
      const block = `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${body}\n=Ab3d\n-----END PGP PRIVATE KEY BLOCK-----`;
      assert.deepEqual(found(`${block}\n`), [['private-key', block]]);
    });

    it('takes a key spelled as string pieces ("…\\n" +)', () => {
      const lines = body.split('\n').map((line) => `\t"${line}\\n" +`);
      const text = ['var key = "-----BEGIN EC PRIVATE KEY-----\\n" +', ...lines, '\t"-----END EC PRIVATE KEY-----\\n"'].join('\n');
      const [[rule, value]] = found(text, 'key.go');
      assert.equal(rule, 'private-key');
      assert.ok(value.startsWith('-----BEGIN EC') && value.endsWith('-----END EC PRIVATE KEY-----'));
    });

    it('takes a truncated paste (no END) through its last body line', () => {
      const text = `Here is the key:\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n\nCan you check it?`;
      assert.deepEqual(found(text), [['private-key', `-----BEGIN RSA PRIVATE KEY-----\n${body}`]]);
    });

    it('leaves headers without a body, shortened examples, placeholders, public keys and certificates alone', () => {
      none('if (line === "-----BEGIN RSA PRIVATE KEY-----") { return true; }', 'pem.ts');
      none('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----');
      none('-----BEGIN PRIVATE KEY-----\n<paste your private key here>\n-----END PRIVATE KEY-----');
      none(`-----BEGIN PRIVATE KEY-----\n${'x'.repeat(64)}\n${'x'.repeat(64)}\n-----END PRIVATE KEY-----`);
      none(`-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`);
      none(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`);
    });
  });

  describe('dingtalk-webhook-token', () => {
    it('takes the access_token of a robot webhook URL, wherever the URL stands', () => {
      assert.deepEqual(found(`curl 'https://oapi.dingtalk.com/robot/send?access_token=${HEX64}' -d @msg.json`), [['dingtalk-webhook-token', HEX64]]);
      assert.deepEqual(found(`webhook: https://oapi.dingtalk.com/robot/send?lang=zh&access_token=${HEX64}`, 'a.yaml'), [['dingtalk-webhook-token', HEX64]]);
      const other = fake('b64url', 43);
      assert.deepEqual(found(`url = "https://oapi.dingtalk.com/robot/send?access_token=${other}"`, 'a.py'), [['dingtalk-webhook-token', other]]);
    });

    it('takes 64 hex after access_token= or "access_token": anywhere', () => {
      assert.deepEqual(found(`http://127.0.0.1:8080/robot/send?access_token=${HEX64}&timestamp=1`), [['dingtalk-webhook-token', HEX64]]);
      assert.deepEqual(found(`{"access_token": "${HEX64}", "msgtype": "text"}`, 'a.json'), [['dingtalk-webhook-token', HEX64]]);
    });

    it('leaves placeholders alone', () => {
      for (const token of ['YOUR_ACCESS_TOKEN', '<your-token-here>', '${DINGTALK_TOKEN}', 'xxxxxxxxxxxxxxxxxxxxxxxx', FAKE_HEX64, 'a'.repeat(64)]) {
        none(`https://oapi.dingtalk.com/robot/send?access_token=${token}`);
      }
      none("const url = 'https://oapi.dingtalk.com/robot/send?access_token=' + token;", 'a.ts');
    });
  });

  describe('dingtalk-sign-secret', () => {
    it('takes SEC and 64 hex, the whole secret', () => {
      assert.deepEqual(found(`secret: SEC${HEX64}`, 'robot.yaml'), [['dingtalk-sign-secret', `SEC${HEX64}`]]);
      assert.deepEqual(found(`加签密钥：SEC${HEX64}。`), [['dingtalk-sign-secret', `SEC${HEX64}`]]);
    });

    it('leaves fake, masked and short ones alone', () => {
      none(`SEC${FAKE_HEX64}`);
      none('DINGTALK_SECRET=SEC******');
      none(`SEC${HEX64.slice(1)}`);
      none(`SECURITY_${HEX64}`);
    });
  });

  describe('github-token', () => {
    it('takes classic and fine-grained tokens of every kind', () => {
      for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) {
        const token = prefix + fake('alnum', 36, prefix);
        assert.deepEqual(found(`Authorization: token ${token}`), [['github-token', token]]);
      }
      const pat = `github_pat_${fake('alnum', 22)}_${fake('alnum', 59)}`;
      assert.deepEqual(found(`const auth = "${pat}";`, 'a.ts'), [['github-token', pat]]);
    });

    it('leaves placeholders, short tokens and patterns alone', () => {
      none(`ghp_${'x'.repeat(36)}`);
      none(`GITHUB_TOKEN=ghp_${'0'.repeat(36)}`);
      none('ghp_1234567890abcdefghijklmnopqrstuvwxyz');
      none(`ghp_${fake('alnum', 35)}`);
      none('const GITHUB = /\\bgh[pousr]_[A-Za-z0-9]{36}\\b/;', 'patterns.ts');
    });
  });

  describe('gitlab-token', () => {
    it('takes glpat- tokens', () => {
      const token = `glpat-${fake('b64url', 20)}`;
      assert.deepEqual(found(`  GITLAB_TOKEN: "${token}"`, '.gitlab-ci.yml'), [['gitlab-token', token]]);
    });

    it('leaves placeholders alone', () => {
      none('GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx');
    });
  });

  describe('npm-token', () => {
    it('takes npm_ tokens, and .npmrc credentials of any shape (old tokens are UUIDs)', () => {
      const token = `npm_${fake('alnum', 36)}`;
      assert.deepEqual(found(`//registry.npmjs.org/:_authToken=${token}`, '.npmrc'), [['npm-token', token]]);
      const uuid = '6f1d2c3b-4a5e-4f60-9b8a-7c6d5e4f3a2b';
      assert.deepEqual(found(`//npm.corp.cn/:_authToken=${uuid}`, '.npmrc'), [['npm-token', uuid]]);
      const auth = fake('b64', 24);
      assert.deepEqual(found(`_auth=${auth}`, '.npmrc'), [['npm-token', auth]]);
    });

    it('leaves environment references and placeholders alone', () => {
      none('//registry.npmjs.org/:_authToken=${NPM_TOKEN}', '.npmrc');
      none(`NPM_TOKEN=npm_${'x'.repeat(36)}`);
    });
  });

  describe('slack-token', () => {
    it('takes bot and user tokens', () => {
      const token = `xoxb-${fake('digits', 12)}-${fake('digits', 13)}-${fake('alnum', 24)}`;
      assert.deepEqual(found(`SLACK_BOT_TOKEN = "${token}"`, 'a.py'), [['slack-token', token]]);
    });

    it('leaves placeholders alone', () => {
      none('SLACK_BOT_TOKEN = "xoxb-your-bot-token-goes-here"', 'a.py');
      none('token: xoxb-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX', 'a.yaml');
    });
  });

  describe('aws', () => {
    const id = `AKIA${fake('upper', 16)}`;
    const secret = fake('b64', 40);

    it('takes access key ids (long-term and temporary)', () => {
      assert.deepEqual(found(`aws_access_key_id = ${id}`, 'credentials'), [['aws-access-key-id', id]]);
      const temporary = `ASIA${fake('upper', 16)}`;
      assert.deepEqual(found(`"AccessKeyId": "${temporary}"`, 'a.json'), [['aws-access-key-id', temporary]]);
    });

    it('takes secret keys assigned to an AWS name, or passed after the id', () => {
      assert.deepEqual(found(`export AWS_SECRET_ACCESS_KEY=${secret}`, 'deploy.sh'), [['aws-secret-key', secret]]);
      assert.deepEqual(found(`const s3 = new S3({ secretAccessKey: '${secret}' });`, 's3.ts'), [['aws-secret-key', secret]]);
      assert.deepEqual(found(`new AWS.Credentials('${id}', '${secret}');`, 'a.js'), [
        ['aws-access-key-id', id],
        ['aws-secret-key', secret],
      ]);
    });

    it('treats the keys of the AWS documentation as the examples they are', () => {
      none('aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'credentials');
      none('AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX');
    });

    it('names a 40-character secret of another service a generic secret', () => {
      assert.deepEqual(found(`WEBHOOK_SECRET=${secret}`, '.env'), [['generic-secret', secret]]);
    });
  });

  describe('aliyun', () => {
    const id = `LTAI${fake('alnum', 20)}`;
    const secret = fake('alnum', 30, 'aliyun');

    it('takes AccessKey ids and secrets by name', () => {
      assert.deepEqual(found(`access-key-id: ${id}\naccess-key-secret: ${secret}`, 'oss.yaml'), [
        ['aliyun-access-key-id', id],
        ['aliyun-access-key-secret', secret],
      ]);
      assert.deepEqual(found(`ALIBABA_CLOUD_ACCESS_KEY_SECRET=${secret}`, '.env'), [['aliyun-access-key-secret', secret]]);
    });

    it('takes a secret passed after the id, or named secret_key next to an LTAI id', () => {
      assert.deepEqual(found(`auth = oss2.Auth('${id}', '${secret}')`, 'a.py'), [
        ['aliyun-access-key-id', id],
        ['aliyun-access-key-secret', secret],
      ]);
      assert.deepEqual(found(`provider "alicloud" {\n  access_key = "${id}"\n  secret_key = "${secret}"\n}`, 'main.tf'), [
        ['aliyun-access-key-id', id],
        ['aliyun-access-key-secret', secret],
      ]);
    });

    it('leaves masked ids alone', () => {
      none('ALIYUN_ACCESS_KEY_ID=LTAI****************');
      none('accessKeyId: "LTAIxxxxxxxxxxxxxxxxxxxx"', 'a.ts');
    });
  });

  describe('tencent', () => {
    const id = `AKID${fake('alnum', 32)}`;
    const key = fake('alnum', 32, 'tencent');

    it('takes SecretId and SecretKey by name, after the id, or next to it', () => {
      assert.deepEqual(found(`TENCENTCLOUD_SECRET_ID=${id}\nTENCENTCLOUD_SECRET_KEY=${key}`, '.env'), [
        ['tencent-secret-id', id],
        ['tencent-secret-key', key],
      ]);
      assert.deepEqual(found(`cred = credential.Credential("${id}", "${key}")`, 'a.py'), [
        ['tencent-secret-id', id],
        ['tencent-secret-key', key],
      ]);
      assert.deepEqual(found(`new COS({ SecretId: '${id}', SecretKey: '${key}' })`, 'a.js'), [
        ['tencent-secret-id', id],
        ['tencent-secret-key', key],
      ]);
    });

    it('names a 32-character secret key with no Tencent around it a generic secret', () => {
      assert.deepEqual(found(`SECRET_KEY = "${key}"`, 'settings.py'), [['generic-secret', key]]);
    });
  });

  describe('jwt', () => {
    const jwt = fakeJwt(randomSource('jwt'));

    it('takes a JWT whose header names an algorithm', () => {
      assert.deepEqual(found(`curl -H "Authorization: Bearer ${jwt}" https://api.corp.cn/v1/me`), [['jwt', jwt]]);
    });

    it('leaves jwt.io\'s example, unsigned tokens and look-alikes that do not decode alone', () => {
      none('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c');
      none(`${jwt.split('.').slice(0, 2).join('.')}.`);
      const notJson = `eyJ${fake('b64url', 20)}.eyJ${fake('b64url', 30)}.${fake('b64url', 43)}`;
      none(notJson);
    });
  });

  describe('app-secret', () => {
    const secret = fake('b64url', 64, 'app');

    it('takes AppSecret and client secrets', () => {
      assert.deepEqual(found(`  "AppSecret": "${secret}",`, 'appsettings.json'), [['app-secret', secret]]);
      assert.deepEqual(found(`DINGTALK_APP_SECRET=${secret}`), [['app-secret', secret]]);
      assert.deepEqual(found(`client_secret='${secret}'`, 'oauth.py'), [['app-secret', secret]]);
      const corpSecret = fake('alnum', 43, 'wecom');
      assert.deepEqual(found(`GET https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww${fake('lower', 16)}&corpsecret=${corpSecret}`), [['app-secret', corpSecret]]);
    });

    it('leaves types, empty values and references alone', () => {
      none('appSecret: string;\nappSecret: \'\',\nclientSecret: process.env.CLIENT_SECRET,', 'a.ts');
      none('APP_SECRET=${APP_SECRET}\nDINGTALK_APP_KEY=dingabcdefgh12345678', '.env');
    });
  });

  describe('url-password', () => {
    it('takes the password of a URL, not its user or host', () => {
      assert.deepEqual(found('DATABASE_URL=postgres://orders:Wq7#pLz2!vRt@10.0.3.21:5432/orders'), [['url-password', 'Wq7#pLz2!vRt']]);
      assert.deepEqual(found("broker = 'amqp://shop:Qm4!tZ8rWx@mq.internal:5672//'", 'a.py'), [['url-password', 'Qm4!tZ8rWx']]);
    });

    it('names a token in a URL by its kind', () => {
      const token = `ghs_${fake('alnum', 36)}`;
      assert.deepEqual(found(`git clone https://x-access-token:${token}@github.com/corp/app.git`), [['github-token', token]]);
    });

    it('leaves placeholders, plain words and ports alone', () => {
      none('postgres://user:password@localhost:5432/orders');
      none('redis://:${REDIS_PASSWORD}@localhost:6379/0');
      none('mongodb://admin:admin@localhost:27017');
      none('see http://localhost:8080/docs and https://user@example.com/');
    });
  });

  describe('password', () => {
    it('takes passwords in .env, YAML, properties, JSON, Python, XML and connection strings', () => {
      assert.deepEqual(found('DB_PASSWORD=Wq7#pLz2!vRt', '.env'), [['password', 'Wq7#pLz2!vRt']]);
      assert.deepEqual(found('spring:\n  datasource:\n    password: Lk8vP2qX9sRt\n', 'application.yml'), [['password', 'Lk8vP2qX9sRt']]);
      assert.deepEqual(found('spring.datasource.password=Pg#2024!kR7v', 'application.properties'), [['password', 'Pg#2024!kR7v']]);
      assert.deepEqual(found('{ "password": "Zx9!mQ4#rT7w" }', 'config.json'), [['password', 'Zx9!mQ4#rT7w']]);
      assert.deepEqual(found("    'PASSWORD': 'r8#Kp2!xLm9q',", 'settings.py'), [['password', 'r8#Kp2!xLm9q']]);
      assert.deepEqual(found('<password>Mvn#8qL2xZ!p</password>', 'settings.xml'), [['password', 'Mvn#8qL2xZ!p']]);
      assert.deepEqual(found('"Default": "Server=sql01;Database=Orders;User Id=app;Password=Sq1#Rv8!mZ2q;"', 'appsettings.json'), [['password', 'Sq1#Rv8!mZ2q']]);
      assert.deepEqual(found('mysql --user=root --password=R00t!pass2 orders < dump.sql'), [['password', 'R00t!pass2']]);
    });

    it('takes a password in a URL\'s query string, up to the next parameter', () => {
      const url = 'static final String JDBC_URL = "jdbc:mysql://db:3306/app?user=app&password=Nt9#xQ2!pLm7&useSSL=false";';
      assert.deepEqual(found(url, 'Config.java'), [['password', 'Nt9#xQ2!pLm7']]);
    });

    it('takes a bare .env line pasted into a message, not a bare value in code', () => {
      assert.deepEqual(found('生产库密码：\nDB_PASSWORD=Wq7#pLz2!vRt\n别外传'), [['password', 'Wq7#pLz2!vRt']]);
      none('const password = hunter2x;', 'a.ts');
      none('let password = Wq7pLz2vRt, user = "app";');
    });

    it('leaves reads, calls, types, comparisons, schemas and placeholders alone', () => {
      none(
        [
          'const password = getPassword();',
          'password: string;',
          'password?: string | undefined;',
          'if (password === "hunter22!") {}',
          'if password == "hunter22!":',
          "password: z.string().min(8),",
          "password: ''",
          'const { password } = req.body;',
          'password = os.environ["DB_PASSWORD"]',
          'password = settings.DB_PASSWORD',
        ].join('\n'),
        'auth.ts',
      );
      none(
        [
          'DB_PASSWORD=changeme',
          'DB_PASSWORD=',
          'POSTGRES_PASSWORD=postgres',
          'MYSQL_PASSWORD=${MYSQL_PASSWORD}',
          'password: "{{ vault_db_password }}"',
          'password: ********',
          'password: P@ssw0rd',
          'show_password: true',
          'password_min_length: 12',
          'password: 123456',
          'redis_password: !vault |',
          'password: *db_password',
        ].join('\n'),
        'config.yml',
      );
      none('{ "login.password": "密码", "password": "Password", "passwordHint": "At least 8 characters" }', 'zh-CN.json');
      none("parse('uri://user:pa\\uF8FF\\uE000ss@example.com/')", 'uri.test.js');
    });
  });

  describe('generic-secret', () => {
    const value = fake('alnum', 40, 'generic');

    it('takes random values assigned to secret-sounding names', () => {
      for (const name of ['SECRET_KEY', 'apiKey', 'auth', 'api_key', 'x-api-key', 'auth_token', 'accessToken', 'refresh_token', 'jwtSecret', 'SIGNING_KEY', 'encryptionKey', 'SECRET_KEY_BASE', 'credentials', 'webhook.secret']) {
        assert.deepEqual(found(`${name}: "${value}"`, 'a.ts'), [['generic-secret', value]], name);
      }
      assert.deepEqual(found(`SECRET_KEY = 'django-insecure-k2#f8(vq!x0m3z@p9w^e7r5t1y_u6i4o-a=s+d)g'`, 'settings.py'), [['generic-secret', 'django-insecure-k2#f8(vq!x0m3z@p9w^e7r5t1y_u6i4o-a=s+d)g']]);
    });

    it('takes secrets in query strings and Docker\'s auth entries', () => {
      assert.deepEqual(found(`fetch("https://api.corp.cn/v1/orders?api_key=${value}&page=2")`, 'a.js'), [['generic-secret', value]]);
      const auth = fake('b64', 40);
      assert.deepEqual(found(`{ "auths": { "registry.corp.cn": { "auth": "${auth}" } } }`, 'config.json'), [['generic-secret', auth]]);
    });

    it('leaves the public tokens of badge images alone', () => {
      none(`[![codecov](https://codecov.io/gh/corp/app/branch/main/graph/badge.svg?token=${fake('alnum', 10)})](https://codecov.io/gh/corp/app)`, 'README.md');
      none(`<img src="https://app.travis-ci.com/corp/app.svg?token=${value}&branch=main">`, 'README.md');
    });

    it('leaves names that are not about secrets alone', () => {
      for (const name of ['cacheKey', 'primaryKey', 'appKey', 'publicKey', 'siteKey', 'nextPageToken', 'csrfToken', 'tokenType', 'tokenUrl', 'secretName', 'keyId', 'integrity', 'commit']) {
        none(`${name}: "${value}"`, 'a.ts');
      }
    });

    it('leaves values that are not random alone', () => {
      for (const text of [
        'apiKey: "ApiKeyForm_apiKey__Lm4nP"',
        'secret: "my-app-secret-2024"',
        'token: "orders.auth.token"',
        'sessionToken: "6f1d2c3b-4a5e-4f60-9b8a-7c6d5e4f3a2b"',
        'apiKey: "./config/api-key.json"',
        'secretKey: "/var/run/secrets/app/key"',
        'token: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg"',
        'api_key: "v2.14.3-beta.1"',
        'token: "UserSessionTokenProvider"',
        'apiKey: "sk-xxxxxxxxxxxxxxxxxxxxxxxx"',
        'apiKey: "abcdefghijklmnopqrstuvwxyz"',
        'token: "short1A"',
        `token: "${'ab12'.repeat(8)}"`,
        'token: `Bearer ${session.accessToken}${suffix}`',
        "re.src_token_secret = '(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==)?'",
        'secret: "\\u0041\\u0042k9Fz2QwX8rT4yU1pL6mN3b"',
      ]) {
        none(text, 'a.ts');
      }
    });
  });
});
