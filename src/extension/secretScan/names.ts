/** What a name (`AWS_SECRET_ACCESS_KEY`, `apiKey`, `spring.datasource.password`), split into lower-case words, says its value is. */

const SECRET_NAMES = new Set(['secret', 'secrets', 'token', 'auth', 'apikey', 'apitoken', 'accesstoken', 'authtoken', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey']);
/** What makes a `…key` name a secret's: `apiKey`, `SIGNING_KEY`, `encryption_key`, but not `cacheKey` or `appKey`. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'master', 'client', 'auth', 'hmac', 'aes', 'jwt', 'session', 'license', 'service', 'account', 'subscription', 'storage', 'shared']);
/** Tokens that are not credentials: pagination, cancellation, CSRF, lexers, design systems. */
const NOT_SECRET = new Set(['page', 'next', 'continuation', 'cancellation', 'csrf', 'xsrf', 'sync', 'cursor', 'lexer', 'parser', 'design', 'color', 'theme']);

/** `apiKey`, `SECRET_KEY`, `auth_token`, `SECRET_KEY_BASE`, `credentials`. */
export function isSecretName(words: string[]): boolean {
  const [last, prev, third] = [words.at(-1) ?? '', words.at(-2) ?? '', words.at(-3) ?? ''];
  if (NOT_SECRET.has(prev)) {
    return false;
  }
  const secretAt = (word: string, before: string): boolean => SECRET_NAMES.has(word) || (word === 'key' && KEY_QUALIFIERS.has(before));
  return secretAt(last, prev) || ((last === 'base' || last === 'value') && secretAt(prev, third));
}

/** `password`, `DB_PASS`, `spring.datasource.password`, `mysqlRootPassword`, `passphrase`. */
export function isPasswordName(words: string[]): boolean {
  const last = words.at(-1) ?? '';
  return /(?:password|passwd|passphrase)$/.test(last) || last === 'pwd' || last === 'pass';
}

/** `appSecret`, `CLIENT_SECRET`, `DINGTALK_APP_SECRET`, WeCom's `corpsecret`. */
export function isAppSecretName(words: string[]): boolean {
  const [last, prev] = [words.at(-1) ?? '', words.at(-2) ?? ''];
  return ['appsecret', 'clientsecret', 'corpsecret'].includes(last) || (last === 'secret' && ['app', 'client', 'corp', 'consumer', 'oauth'].includes(prev));
}

/** `words` holds `sequence` in that order, one after the other: `secret access key` in `aws_secret_access_key`. */
export function hasRun(words: string[], ...sequence: string[]): boolean {
  return words.some((_, i) => sequence.every((word, j) => words[i + j] === word));
}
