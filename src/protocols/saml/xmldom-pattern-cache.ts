/**
 * @xmldom/xmldom 0.9 compiles a Unicode regular expression for every end tag it parses: its SAX loop
 * calls the grammar module's `reg('^', QName_group, S_OPT, '$')` each time it meets `</`, and `reg`
 * returns a new RegExp built from the parts' sources. For a school's Response that was about a fifth of
 * the parse and a steady stream of garbage (docs/performance.md "The parser's end-tag pattern").
 *
 * `reg` is a pure function of its parts, and the expressions it builds carry no `g` or `y` flag, so
 * `exec` keeps no state between calls: handing out one compiled RegExp per distinct list of parts
 * changes nothing the parser computes. The SAX loop reads `reg` from the grammar module's exports at
 * each call, so replacing that export is enough. The parts are the grammar module's own constant
 * expressions and short literals; the cache is keyed by their identity and bounded all the same.
 *
 * This touches only Passi's own copy of @xmldom/xmldom (the version in the lockfile); the copies other
 * libraries bundle are left as they are. Should a later version stop looking `reg` up this way, the cache
 * is simply not used, and `xmldom-pattern-cache.test.ts` fails to say so.
 */
import { createRequire } from 'node:module';

type Part = RegExp | string;
type Reg = (this: unknown, ...parts: Part[]) => RegExp;

interface Grammar {
  reg: Reg;
}

/** Far more than the parser's grammar needs; beyond it something else is calling: stop caching. */
const MAX_NODES = 256;
const CACHED = Symbol('passi.cachedReg');

interface Trie {
  next: Map<Part, Trie>;
  compiled?: RegExp;
}

/** Replaces the grammar module's `reg` with a caching one, once per process. */
export function cacheXmldomPatterns(): void {
  const grammar = createRequire(import.meta.url)('@xmldom/xmldom/lib/grammar.js') as Grammar;
  const original = grammar.reg;
  if (typeof original !== 'function' || CACHED in original) return;
  const root: Trie = { next: new Map() };
  let nodes = 0;
  const cached: Reg = function (this: unknown, ...parts: Part[]): RegExp {
    let node = root;
    for (const part of parts) {
      let child = node.next.get(part);
      if (child === undefined) {
        if (nodes >= MAX_NODES) return original.apply(this, parts);
        child = { next: new Map() };
        node.next.set(part, child);
        nodes++;
      }
      node = child;
    }
    node.compiled ??= original.apply(this, parts);
    return node.compiled;
  };
  Object.defineProperty(cached, CACHED, { value: true });
  grammar.reg = cached;
}
