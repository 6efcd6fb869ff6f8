import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * A reader of the repository must be able to follow every citation. Comments, strings and docs cite public
 * specifications (SAML 2.0 Core §, RFC nnnn §, OIDC Core §, MPASSid's public wiki) or a page in `docs/`;
 * they never point at a tracker number or at planning documents that are not in the repository. Each pattern says what it refuses, for the failure message.
 */
const PATTERNS: readonly { pattern: RegExp; why: string }[] = [
  // A space or '#' between the word and the number: base64 text in fixtures ("/pr12") is not a citation.
  { pattern: /\b(?:issues?|PR|pull request)(?:\s+#?|#)\s*\d+/i, why: 'a tracker number' },
  {
    pattern: /\b(?:mpassid-reference|conventions|stack-and-security|anchors)\.md\b/i,
    why: 'a planning document outside the repository',
  },
  { pattern: /shared\/spec/i, why: 'a path outside the repository' },
  { pattern: /(?:^|[\s'"`(=:])\/work\//, why: 'a path on the build machine' },
  // docs/architecture.md has named sections, never numbered ones: a numbered one means the outside plan.
  { pattern: /architecture\.md\s*§/i, why: 'a numbered section of the outside architecture plan' },
];

export interface OutsideReference {
  line: number;
  text: string;
  why: string;
}

/** Every line of `text` that cites something a reader of the repository cannot open. */
export function findOutsideReferences(text: string): OutsideReference[] {
  return text.split('\n').flatMap((line, index) => {
    const hit = PATTERNS.find((p) => p.pattern.test(line));
    return hit ? [{ line: index + 1, text: line.trim().slice(0, 160), why: hit.why }] : [];
  });
}

const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|json|md|ya?ml|html|css|txt|sql|xml)$/;

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    // `generated/` folders hold test output the tests write and git ignores, not text anyone wrote.
    if (name === 'node_modules' || name === 'generated' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return textFiles(path);
    return TEXT_FILE.test(name) ? [path] : [];
  });
}

/** `file:line: why: text` for every outside reference under the given roots (folders or single files). */
export function scanForOutsideReferences(
  root: string,
  entries: readonly string[],
  skip: readonly string[],
): string[] {
  const files = entries.flatMap((entry) => {
    const path = join(root, entry);
    return statSync(path).isDirectory() ? textFiles(path) : [path];
  });
  return files
    .map((file) => relative(root, file))
    .filter((file) => !skip.includes(file))
    .flatMap((file) =>
      findOutsideReferences(readFileSync(join(root, file), 'utf8')).map(
        (r) => `${file}:${r.line}: ${r.why}: ${r.text}`,
      ),
    );
}
