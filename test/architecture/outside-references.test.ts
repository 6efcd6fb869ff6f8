import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOutsideReferences, scanForOutsideReferences } from './outside-references.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('citations a reader can follow', () => {
  it.each([
    '// the rule of issue 5 §4',
    "describe('bad input (Issue 5)', () => {",
    '* see issue #12',
    'fixed in PR 7',
    '(mpassid-reference.md §3.2)',
    '`conventions.md` says so',
    'as stack-and-security.md §4.4 allows',
    'see anchors.md',
    'the living copy of `shared/spec/architecture.md`',
    "const plan = '/work/shared/notes.md';",
    'architecture.md §2.1',
  ])('refuses %j', (line) => {
    expect(findOutsideReferences(`first line\n${line}\n`)).toEqual([
      { line: 2, text: line.trim(), why: expect.any(String) },
    ]);
  });

  it.each([
    '// SAML 2.0 Core §2.5.1.4, RFC 9700 §4.1.1, OIDC Core §3.1.2.1',
    ' * https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service',
    '(docs/architecture.md "Surfaces")',
    '[docs/security-cases.md](docs/security-cases.md) SP-27',
    'const issues = result.error.issues.map((issue) => issue.path[0]);',
    'if (issueInstant > now + skew) throw rejected();',
    'https://github.com/panva/node-oidc-provider/issues/1234',
    'import { x } from "./work/queue.ts";',
  ])('accepts %j', (line) => {
    expect(findOutsideReferences(line)).toEqual([]);
  });

  it('no comment, string or doc in the repository cites a tracker number or an outside document', () => {
    // This file holds the refused samples above on purpose.
    const found = scanForOutsideReferences(
      ROOT,
      ['src', 'test', 'bench', 'scripts', 'docs', 'README.md'],
      ['test/architecture/outside-references.test.ts'],
    );
    expect(
      found,
      `cite a public specification or a page in docs/ instead (docs/architecture.md explains the layout):\n${found.join('\n')}`,
    ).toEqual([]);
  });
});
