// Checks that every user-visible string the extension formats with t(…) has a translation in each
// l10n/bundle.l10n.<locale>.json, and that the bundles hold nothing else.
//
// The strings are found with the TypeScript compiler API in the sources (not the compiled output),
// so the test sees exactly what a developer wrote: `t('…')`, `services.t('…')`, `l10n.t('…')`,
// `vscode.l10n.t('…')` and any other `<something>.t('…')`. Like vscode.l10n.t, the English string is
// the key, so a key built at run time can never be translated: such a call fails the test.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { repoRoot } from '../support/repo';


/** Every .ts file below `dir` (declaration files excluded). */
function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return tsFiles(full);
      }
      return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

/** A `t(…)` call found in the sources. */
interface Call {
  /** `src/extension/x.ts:12`, for messages. */
  at: string;
  /** The bundle key, or undefined when the first argument is not a literal. */
  key?: string;
  /** The call as written, for messages about calls that cannot be translated. */
  text: string;
  /** How many substitution arguments follow the message; undefined when they cannot be counted. */
  argCount?: number;
}

function isTranslateCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) {
    return callee.text === 't';
  }
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't';
}

/**
 * True for the adapter that implements `t` on top of vscode.l10n.t, `(message, ...args) =>
 * vscode.l10n.t(message, ...args)`: a call that hands on its enclosing function's parameters as they
 * are, the last one a rest parameter. Its callers are checked instead.
 */
function isForwarder(node: ts.CallExpression): boolean {
  let fn: ts.Node | undefined = node.parent;
  while (fn && !ts.isFunctionLike(fn)) {
    fn = fn.parent;
  }
  if (!fn || !ts.isFunctionLike(fn)) {
    return false;
  }
  const parameters = fn.parameters;
  const args = node.arguments;
  const last = parameters[parameters.length - 1];
  if (!last?.dotDotDotToken || parameters.length !== args.length) {
    return false;
  }
  return parameters.every((parameter, i) => {
    const arg = args[i];
    const passed = ts.isSpreadElement(arg) === Boolean(parameter.dotDotDotToken) ? (ts.isSpreadElement(arg) ? arg.expression : arg) : undefined;
    return passed !== undefined && ts.isIdentifier(passed) && ts.isIdentifier(parameter.name) && passed.text === parameter.name.text;
  });
}

function literalText(node: ts.Expression | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/**
 * The key vscode.l10n.t uses for its first argument: the string itself, or for the
 * `{ message, comment }` form, `message/comment` (a comment array joined).
 */
function keyOf(node: ts.Expression | undefined): string | undefined {
  const literal = literalText(node);
  if (literal !== undefined || !node || !ts.isObjectLiteralExpression(node)) {
    return literal;
  }
  const property = (name: string): ts.Expression | undefined => {
    const found = node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name);
    return found?.initializer;
  };
  const message = literalText(property('message'));
  const comment = property('comment');
  if (message === undefined) {
    return undefined;
  }
  if (!comment) {
    return message;
  }
  const commentText = ts.isArrayLiteralExpression(comment) ? comment.elements.map((e) => literalText(e)) : [literalText(comment)];
  return commentText.every((c): c is string => c !== undefined) ? `${message}/${commentText.join('')}` : undefined;
}

function findCalls(file: string): Call[] {
  return findCallsIn(path.relative(repoRoot, file).replace(/\\/g, '/'), fs.readFileSync(file, 'utf8'));
}

function findCallsIn(relative: string, text: string): Call[] {
  const source = ts.createSourceFile(relative, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls: Call[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isTranslateCall(node) && !isForwarder(node)) {
      const [first, ...rest] = node.arguments;
      const countable = first !== undefined && !ts.isObjectLiteralExpression(first) && !rest.some(ts.isSpreadElement) && !(rest.length === 1 && ts.isObjectLiteralExpression(rest[0]));
      calls.push({
        at: `${relative}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`,
        key: keyOf(first),
        text: node.getText(source).replace(/\s+/g, ' ').slice(0, 120),
        argCount: countable ? rest.length : undefined,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

/** `{0}`, `{1}` … and vscode.l10n.t's named `{name}` placeholders, sorted. */
function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\d+|[A-Za-z_]\w*)\}/g)].map((match) => match[0]))].sort();
}

const sources = [...tsFiles(path.join(repoRoot, 'src/extension')), path.join(repoRoot, 'src/extension.ts')].filter((file) => fs.existsSync(file));
const calls = sources.flatMap(findCalls);
const keys = new Set(calls.flatMap((call) => (call.key === undefined ? [] : [call.key])));

const l10nDir = path.join(repoRoot, 'l10n');
const bundles = fs
  .readdirSync(l10nDir)
  .filter((name) => /^bundle\.l10n\.[a-z-]+\.json$/i.test(name))
  .sort()
  .map((name) => ({ name, messages: JSON.parse(fs.readFileSync(path.join(l10nDir, name), 'utf8')) as Record<string, unknown> }));

/** A JSON fragment to paste into a bundle, so the fix is easy. */
function toPaste(missing: string[]): string {
  return missing.map((key) => `  ${JSON.stringify(key)}: "",`).join('\n');
}

describe('l10n (user-visible strings)', function () {
  it('extracts the keys the way vscode.l10n.t looks them up', function () {
    const found = findCallsIn(
      'sample.ts',
      [
        "t('Plain {0}', x);",
        'services.t(`Template`);',
        "vscode.l10n.t({ message: 'Object', args: [], comment: ['a', 'b'] });",
        "l10n.t({ message: 'No comment' });",
        'const forward = (message: string, ...args: string[]) => vscode.l10n.t(message, ...args);',
        'function label(name: string) { return t(name); }',
        't(`Built ${x}`);',
        "other.translate('not a t call');",
      ].join('\n'),
    );
    assert.deepStrictEqual(
      found.map((call) => [call.at, call.key ?? null, call.argCount ?? null]),
      [
        ['sample.ts:1', 'Plain {0}', 1],
        ['sample.ts:2', 'Template', 0],
        ['sample.ts:3', 'Object/ab', null],
        ['sample.ts:4', 'No comment', null],
        ['sample.ts:6', null, 0],
        ['sample.ts:7', null, 0],
      ],
    );
  });

  it('finds the translated strings in src/extension and src/extension.ts', function () {
    assert.ok(sources.length > 1, 'no sources found');
    assert.ok(keys.size > 0, 'no t(…) call found: has the way strings are translated changed?');
  });

  it('translates only string literals (a key built at run time cannot be translated)', function () {
    const dynamic = calls.filter((call) => call.key === undefined).map((call) => `${call.at}: ${call.text}`);
    assert.deepStrictEqual(
      dynamic,
      [],
      `these t(…) calls do not start with a string literal; write the English text as the first argument and pass the variable parts as {0}, {1} … arguments:\n${dynamic.join('\n')}\n`,
    );
  });

  it('passes an argument for every {n} placeholder', function () {
    const short = calls
      .filter((call) => call.key !== undefined && call.argCount !== undefined)
      .filter((call) => {
        const indexes = placeholders(call.key ?? '').flatMap((p) => (/^\{\d+\}$/.test(p) ? [Number(p.slice(1, -1))] : []));
        return indexes.length > 0 && Math.max(...indexes) >= (call.argCount ?? 0);
      })
      .map((call) => `${call.at}: ${call.text}`);
    assert.deepStrictEqual(short, [], `placeholders without an argument:\n${short.join('\n')}\n`);
  });

  it('has a Chinese bundle', function () {
    assert.ok(bundles.some((bundle) => bundle.name === 'bundle.l10n.zh-cn.json'), 'l10n/bundle.l10n.zh-cn.json is missing');
  });

  for (const bundle of bundles) {
    describe(bundle.name, function () {
      it('translates every string the extension shows', function () {
        const missing = [...keys].filter((key) => typeof bundle.messages[key] !== 'string' || (bundle.messages[key] as string).trim() === '').sort();
        const where = missing.map((key) => `  ${calls.find((call) => call.key === key)?.at ?? '?'}: ${JSON.stringify(key)}`);
        assert.deepStrictEqual(
          missing,
          [],
          `${missing.length} string(s) have no translation in l10n/${bundle.name}:\n${where.join('\n')}\n\nAdd to l10n/${bundle.name} and translate:\n${toPaste(missing)}\n`,
        );
      });

      it('has no keys that are no longer used', function () {
        const unused = Object.keys(bundle.messages).filter((key) => !keys.has(key));
        assert.deepStrictEqual(unused, [], `remove from l10n/${bundle.name} (no t(…) call uses them any more):\n${unused.map((k) => JSON.stringify(k)).join('\n')}\n`);
      });

      it('keeps the placeholders of every message', function () {
        const wrong = Object.entries(bundle.messages)
          .filter(([key, value]) => typeof value === 'string' && placeholders(key).join() !== placeholders(value).join())
          .map(([key, value]) => `${JSON.stringify(key)} has ${placeholders(key).join(' ') || 'none'}, its translation ${JSON.stringify(value)} has ${placeholders(String(value)).join(' ') || 'none'}`);
        assert.deepStrictEqual(wrong, [], `translations whose placeholders differ from the English:\n${wrong.join('\n')}\n`);
      });
    });
  }
});
