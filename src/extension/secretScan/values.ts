/**
 * Tests on a candidate value: is it a placeholder, a reference, an identifier or prose rather than a
 * secret? The rules use them to keep false positives down; each test is cheap and local to the value.
 */

/** Shannon entropy of the value, in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Words and marks that people put where a secret goes in docs, samples and tests, and template interpolations. */
const PLACEHOLDER_WORDS =
  /\$\{|\{\{|x{4,}|\*{3,}|•|\.{3}|…|example|sample|dummy|fake|test|changeme|change[_-]me|placeholder|your|redacted|replace|insert|foobar|lorem|qwerty|asdf|s[e3]cr[e3]t|p[a@4][s$5]{2}w(?:[o0]r)?d/i;

/** The value is read from somewhere else: a variable, a call, the environment, a template, a vault. */
const REFERENCE =
  /^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|[A-Za-z_$][\w$.]*\(|\$[{(A-Za-z_]|%[A-Za-z_(]|\{|<|#\{|@\{|!{1,2}[A-Za-z]+$|[&*][A-Za-z_][\w-]*$|process\.env|os\.environ|os\.getenv|getenv|System\.getenv|ENV\[|import\.meta\.env|Deno\.env|env\(|secrets\.|vault:|ref\+|arn:|projects\/)/i;

const ORDER = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `123456`, `abcdef`, `0123456789abcdef0123…`: most steps go to the next character (wrapping after 9, f or z). */
function isSequential(value: string): boolean {
  const chars = value.toLowerCase().replace(/[^0-9a-z]/g, '');
  if (chars.length < 6) {
    return false;
  }
  let steps = 0;
  for (let i = 1; i < chars.length; i += 1) {
    const a = ORDER.indexOf(chars[i - 1]);
    const b = ORDER.indexOf(chars[i]);
    if (b === a + 1 || (b === 0 && (a === 9 || a === 15 || a === 35))) {
      steps += 1;
    }
  }
  return steps >= (chars.length - 1) * 0.8;
}

/** One short unit over and over (`aaaa`, `abcabcabc`, `0123456789abcdef` four times). */
function isRepeated(value: string): boolean {
  return /^(.{1,16}?)\1+$/s.test(value);
}

/** A placeholder, a reference or an obviously made-up value, never worth a warning. */
export function isPlaceholder(value: string): boolean {
  return value.trim() === '' || PLACEHOLDER_WORDS.test(value) || REFERENCE.test(value) || isRepeated(value) || isSequential(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The letter pairs that make up most English (and English-named code): random letters rarely string them together. */
const COMMON_PAIRS = new Set(
  (
    'th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si ' +
    'om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa ' +
    'im mi ai sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr od bo sp rd do uc bu ei ov ' +
    'by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua up lu go ht ru ug ds lt pi rc rr eg au ck ew mu br bi pt ak pu ' +
    'ui rg ib tl ny ki rk ys ob mm fu ph og ms ye ud mb ip ub oi rl gu dr hr cc tw ft wn nu af hu nn eo vo rv nf xp gn sm fl iz ok nl my gl aw ju ' +
    'oa eq sy sl ps jo lf nv je nk kn gs dy hy ze ks xt bs ik dd cy sk xi oe oy ws dg wr sw dm gt lk'
  ).split(' '),
);

/** Reads like a word: at least three letters, mostly made of common letter pairs. */
function isWord(piece: string): boolean {
  const lower = piece.toLowerCase();
  if (lower.length < 3) {
    return false;
  }
  let common = 0;
  for (let i = 1; i < lower.length; i += 1) {
    common += COMMON_PAIRS.has(lower.slice(i - 1, i + 1)) ? 1 : 0;
  }
  return common / (lower.length - 1) >= 0.6;
}

/**
 * Made of words rather than random characters: an identifier, a slug, a CSS module class name
 * (`Header_token__2Xk9s`), an i18n key. The value is cut at separators, digits and camelCase humps;
 * when most of its letters sit in pronounceable pieces, it was written, not generated.
 */
function isWordy(value: string): boolean {
  const letters = value.replace(/[^A-Za-z]/g, '').length;
  const pieces = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/);
  const words = pieces.filter(isWord);
  const inWords = words.join('').length;
  // A slug: lower-case words and short numbers between separators (`my-app-token-2024`).
  const slug = /^[a-z]+(?:[-_.](?:[a-z]+|\d{1,4}))+$/.test(value);
  // Lower case and digits alone are cut only at digits, and short random pieces are often pronounceable.
  const longWord = /^[a-z0-9]+$/.test(value) ? words.some((word) => word.length >= 6) : true;
  return slug || (letters > 0 && inWords / letters >= 0.8 && longWord);
}

/** Path segments are lower-case or capitalised words (`/var/run/secrets/db`), never mixed-case noise. */
const PATH = /^(?:\.{1,2}\/|~\/|@[\w-]+\/|[A-Za-z]:\\)|^(?:\/(?:[a-z0-9._@-]+|[A-Z][a-z0-9._-]+))+\/?$/;

/** Looks like a path, a URL, an e-mail address, a version, a regular expression…: something, but not a secret. */
function isStructured(value: string): boolean {
  return (
    PATH.test(value) ||
    /^(?:data:|[a-z][\w+.-]*:\/\/)/i.test(value) ||
    /^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(value) ||
    /^v?\d+(?:[.-]\d+)+(?:[-+][\w.]+)?$/.test(value) ||
    /^[\w-]+(?:\/[\w-]+)*\.[a-z]{2,4}$/i.test(value) ||
    // A regular expression: groups, counted repetitions, character ranges.
    /\(\?[:=!<]|\{\d+(?:,\d*)?\}|\[[^\]]*\w-\w[^\]]*\]/.test(value) ||
    // A CSS module class name: `Component_local__hash`.
    /^[A-Za-z][\w-]*_[A-Za-z][\w-]*__[\w-]{5}$/.test(value) ||
    UUID.test(value)
  );
}

export interface RandomOptions {
  /** Shortest value that counts (16 unless told). */
  minLength?: number;
}

/**
 * True for a value that looks generated rather than written: long enough, printable without spaces
 * or backslashes (escapes are code), letters and digits mixed, high Shannon entropy, and none of the
 * tells of a placeholder, a word, a path, a UUID or a version. Hex needs less entropy per character:
 * it has only 16 symbols.
 */
export function looksRandom(value: string, options: RandomOptions = {}): boolean {
  const minLength = options.minLength ?? 16;
  if (value.length < minLength || value.length > 1024 || !/^[\x21-\x5b\x5d-\x7e]+$/.test(value)) {
    return false;
  }
  // Without digits, only a long mixed-case value can be random (a generated key of letters only).
  const mixed = /[0-9]/.test(value) ? /[A-Za-z]/.test(value) : value.length >= 20 && /[a-z]/.test(value) && /[A-Z]/.test(value);
  if (!mixed) {
    return false;
  }
  if (isPlaceholder(value) || isWordy(value) || isStructured(value)) {
    return false;
  }
  const threshold = /^[0-9a-f]+$/i.test(value) ? 3 : value.length < 24 ? 3.3 : 3.6;
  return entropy(value) >= threshold;
}

/** Type names that follow a name in a declaration (`password: string`), never a value. */
const TYPE_WORDS = /^(?:string|number|boolean|bool|any|unknown|never|object|str|int|bytes|byte|char|float|double|long|String|Optional|Option|None|null|nil|undefined|true|false|required|optional|SecureString)\b/;

/**
 * A password as people write them: at least 6 printable characters without spaces or backslashes,
 * not only letters (a word there is a label, an enum or a default like `postgres`), not a
 * placeholder, a type or an expression.
 */
export function looksLikePassword(value: string): boolean {
  return (
    value.length >= 6 &&
    value.length <= 256 &&
    /^[\x21-\x5b\x5d-\x7e]+$/.test(value) &&
    !/^[A-Za-z]+$/.test(value) &&
    !TYPE_WORDS.test(value) &&
    !isPlaceholder(value) &&
    !isStructured(value)
  );
}
