export interface FrontMatter {
  /** The document without its front matter. */
  body: string;
  title: string | undefined;
}

const OPENER = /^---[ \t]*\r?\n/;
const CLOSER = /^(?:---|\.\.\.)[ \t]*$/m;
const TITLE = /^title[ \t]*:[ \t]*(.*)$/m;

/** A YAML scalar as written on one line: quotes removed, a trailing comment dropped. */
function scalar(raw: string): string {
  const value = raw.trim();
  if (value.startsWith('"')) {
    const end = value.lastIndexOf('"');
    return value.slice(1, end > 0 ? end : undefined).replace(/\\(["\\/])/g, '$1');
  }
  if (value.startsWith("'")) {
    const end = value.lastIndexOf("'");
    return value.slice(1, end > 0 ? end : undefined).replace(/''/g, "'");
  }
  return value.replace(/\s+#.*$/, '');
}

/** The `title` of a block scalar (`title: >` or `|`): its indented lines, folded into one. */
function blockScalar(yaml: string, after: number): string {
  const lines: string[] = [];
  for (const line of yaml.slice(after).split(/\r?\n/).slice(1)) {
    if (line.trim() && !/^[ \t]/.test(line)) {
      break;
    }
    lines.push(line.trim());
  }
  return lines.filter(Boolean).join(' ');
}

/**
 * Separates YAML front matter (a `---` block at the very start, closed by `---` or `...`) from the
 * document, as VS Code's preview hides it, and reads its top-level `title`. Without a closing line
 * there is no front matter: the preview would show that text, so it stays.
 */
export function splitFrontMatter(text: string): FrontMatter {
  const source = text.replace(/^\uFEFF/, '');
  const opener = OPENER.exec(source);
  if (!opener) {
    return { body: source, title: undefined };
  }
  const rest = source.slice(opener[0].length);
  const closer = CLOSER.exec(rest);
  if (!closer) {
    return { body: source, title: undefined };
  }
  const yaml = rest.slice(0, closer.index);
  const body = rest.slice(closer.index + closer[0].length).replace(/^\r?\n/, '');
  const match = TITLE.exec(yaml);
  if (!match) {
    return { body, title: undefined };
  }
  const title = /^[|>][-+]?\s*$/.test(match[1].trim()) ? blockScalar(yaml, match.index) : scalar(match[1]);
  return { body, title: title.trim() || undefined };
}
