/**
 * The one lookup of which injected grammars apply to a grammar, used both where the host reads the
 * files (extension/snippetImage/look.ts) and where vscode-textmate asks for them (highlight.ts).
 * VS Code's TMGrammarFactory (`getInjections`) takes, for `source.js.jsx`, the grammars injected into
 * `source`, then into `source.js`, then into `source.js.jsx`, each list in the order the grammars
 * were registered.
 */

/** `scopeName` and each scope it is under, outermost first: `source`, `source.js`, `source.js.jsx`. */
function injectionTargets(scopeName: string): string[] {
  const parts = scopeName.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The injections (in registration order) that apply to `scopeName`, in the order VS Code applies them, each once. */
export function injectionsInto<T extends { injectTo: readonly string[] }>(injections: readonly T[], scopeName: string): T[] {
  return [...new Set(injectionTargets(scopeName).flatMap((target) => injections.filter((injection) => injection.injectTo.includes(target))))];
}
