/**
 * The text being scanned, with what the rules share: the kind of file it comes from and every
 * `name = value` in it, parsed once.
 */

/**
 * `config`: unquoted values are literals (`.env`, YAML, properties, shell). `code`: an unquoted value
 * is an expression (`password = getPassword()`), only string literals count. `unknown` (a message, a
 * markdown document, a snippet of no known kind): an unquoted value counts when its line is nothing
 * but `NAME=value` or `name: value`, as in a pasted .env file.
 */
export type FileKind = 'config' | 'code' | 'unknown';

const CONFIG_NAMES = /^(?:\.?env(?:\.[\w.-]+)?|[\w.-]+\.env|\.npmrc|\.yarnrc|\.pypirc|\.netrc|\.git-credentials|credentials|config|dockerfile|containerfile|makefile|procfile|[\w.-]*\.(?:properties|ini|cfg|conf|toml|ya?ml|sh|bash|zsh|fish|ps1|bat|cmd|tf|tfvars|hcl|service|desktop))$/i;
const CODE_NAMES = /\.(?:[cm]?[jt]sx?|py|pyi|go|java|kt|kts|scala|groovy|gradle|cs|fs|vb|c|cc|cpp|cxx|h|hh|hpp|rs|rb|php|swift|m|mm|dart|lua|vue|svelte|astro|r|pl|pm|ex|exs|erl|clj|hs|sql)$/i;

export function fileKind(fileName: string | undefined): FileKind {
  const base = fileName?.split(/[\\/]/).pop() ?? '';
  return CONFIG_NAMES.test(base) ? 'config' : CODE_NAMES.test(base) ? 'code' : 'unknown';
}

export interface Assignment {
  /** The name as written, without quotes: `spring.datasource.password`, `AWS_SECRET_ACCESS_KEY`. */
  name: string;
  /** The name in lower-case words: `AWS_SECRET_ACCESS_KEY` and `awsSecretAccessKey` → aws secret access key. */
  words: string[];
  /** The value without its quotes. */
  value: string;
  /** Offsets of the value in the text. */
  start: number;
  end: number;
}

/** Splits a name at separators and camelCase humps, in lower case. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * `name = value`, `name: value`, `"name": "value"`, `name := value`, `'name' => 'value'`,
 * `name: Type = value`, `--name=value`, in every language's usual spelling. Comparisons (`==`, `!=`,
 * `===`) are not assignments. The name may be quoted; the value is a string literal (with Python's
 * prefixes) or a bare word. Every repetition is bounded or anchored at a name boundary, so the scan
 * stays linear on long minified lines.
 */
const ASSIGNMENT =
  /(?<![\w$.@-])(["'`]?)(-{0,2}[A-Za-z_$@][\w$.@-]*)\1(?:[ \t]*:[ \t]*[A-Za-z_$][\w$.<>[\]| ]{0,40}?(?=[ \t]*=[^=>]))?[ \t]*(:=|=>|\?\?=|\|\|=|=(?![=~])|:(?![:=]))[ \t]*([rbuRBUfF]{0,2}"(?:[^"\\\n]|\\.)*"|[rbuRBUfF]{0,2}'(?:[^'\\\n]|\\.)*'|`[^`\n]*`|[^\s"'`;]+)/dg;

/** `<password>value</password>`, as in Maven's settings.xml. */
const XML_ELEMENT = /<([A-Za-z][\w.-]*)>([^<>\s]{1,256})<\/\1>/dg;

/**
 * A URL's query parameter (`jdbc:mysql://db/app?user=app&password=…`): always a literal, ending at
 * `&`. Badge images are left out: their tokens (Codecov's `badge.svg?token=…`) are public by design.
 */
const BADGE = /(?:badge|shields\.io|\.svg|\.png)[^\s"'`()<>]*$/i;
const QUERY_PARAMETER = /[?&]([A-Za-z_][\w.-]{0,64})=([^&\s"'`<>]{1,1024})/dg;

/** What may stand before a bare `NAME=value` on its line in a pasted .env, shell or YAML text. */
const LINE_START = /\n[ \t]*(?:export[ \t]+|set[ \t]+|ENV[ \t]+|-[ \t]+)?$/;
const LINE_END = /^[ \t]*(?:#.*)?(?:\r?\n|$)/;

export class Source {
  private parsed?: Assignment[];

  constructor(
    readonly text: string,
    readonly kind: FileKind,
  ) {}

  /** Every assignment of a literal value: string literals, bare words as `kind` says, XML elements, query parameters. */
  get assignments(): Assignment[] {
    this.parsed ??= [...this.parseAssignments(), ...this.parseTagged(XML_ELEMENT), ...this.parseTagged(QUERY_PARAMETER, (at) => this.inBadge(at))];
    return this.parsed;
  }

  /** Up to `radius` characters either side of `offset`, to look for what a value belongs to. */
  near(offset: number, radius = 400): string {
    return this.text.slice(Math.max(0, offset - radius), offset + radius);
  }

  private *parseAssignments(): Generator<Assignment> {
    const pattern = new RegExp(ASSIGNMENT);
    for (let match = pattern.exec(this.text); match; match = pattern.exec(this.text)) {
      const indices = match.indices;
      const raw = match[4];
      if (!indices?.[4] || !raw) {
        continue;
      }
      const opening = /^[rbuRBUfF]{0,2}(["'`])/.exec(raw);
      const start = indices[4][0] + (opening?.[0].length ?? 0);
      if (opening) {
        // A string may hold assignments of its own: `"Server=db;Password=…"`.
        pattern.lastIndex = start;
      } else if (!this.bareIsLiteral(match[2], match.index, indices[4][1])) {
        continue;
      }
      const value = opening ? raw.slice(opening[0].length, -1) : raw.replace(/,+$/, '');
      yield { name: match[2], words: nameWords(match[2]), value, start, end: start + value.length };
    }
  }

  /** Assignments found by a pattern whose groups are the name and the value, unless `skip` says otherwise. */
  private *parseTagged(pattern: RegExp, skip?: (at: number) => boolean): Generator<Assignment> {
    for (const match of this.text.matchAll(pattern)) {
      if (skip?.(match.index)) {
        continue;
      }
      const [start, end] = match.indices?.[2] ?? [0, 0];
      yield { name: match[1], words: nameWords(match[1]), value: match[2], start, end };
    }
  }

  private inBadge(at: number): boolean {
    return BADGE.test(this.text.slice(Math.max(0, at - 200), at));
  }

  /** Whether the bare (unquoted) value of `name`, from `from` (the name) to `to`, is a literal rather than an expression. */
  private bareIsLiteral(name: string, from: number, to: number): boolean {
    // Command-line flags (`--password=…`) and connection strings (`Server=db;Password=…;`) hold literals.
    const previous = this.text[from - 1] ?? '';
    if (name.startsWith('-') || previous === ';' || (/["']/.test(previous) && this.text[to] === ';')) {
      return true;
    }
    if (this.kind !== 'unknown') {
      return this.kind === 'config';
    }
    // Only 200 characters either side are looked at, so a long minified line costs no more than a short one.
    const before = (from <= 200 ? '\n' : '') + this.text.slice(Math.max(0, from - 200), from);
    return LINE_START.test(before) && LINE_END.test(this.text.slice(to, to + 200));
  }
}
