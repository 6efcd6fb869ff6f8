import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from './error-codes.ts';

/**
 * One code, one status, one page (docs/architecture.md "Errors"): every raise in `src/` names a code of
 * the table and leaves the status to it. TypeScript already refuses an unknown code typed as `ErrorCode`;
 * this scan also catches a string literal slipped past the type (a cast, a `string` variable's origin)
 * and a `status:` option, which the types still allow while the connectors use it.
 */

const SRC = fileURLToPath(new URL('..', import.meta.url));

/**
 * Sites that may still pass `status:`, each with why. Keep it short; a new entry needs a reason that no
 * code of the table can give.
 */
const STATUS_ALLOWED: readonly { file: string; count: number; why: string }[] = [
  {
    file: 'src/core/flow/login-failure.ts',
    count: 1,
    why: 'adds the flow to an error it re-raises: the re-raised error keeps the status it already had',
  },
];

/** Folders the status rule skips. Empty: every folder takes its statuses from the error table. */
const STATUS_RULE_SKIPPED_FOLDERS: readonly string[] = [];

/** String-literal codes the table does not hold, each with why. To stay empty. */
const LITERAL_CODES_ALLOWED: readonly string[] = [];

interface RaiseSite {
  file: string;
  line: number;
  callee: string;
  code: string;
  hasStatus: boolean;
}

function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(SRC, f));
}

/** The end (exclusive) of the call whose `(` is at `open`; strings, templates and comments skipped. */
function callEnd(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = stringEnd(text, i, c);
      continue;
    }
    if (c === '`') {
      i = templateEnd(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) return text.length;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i) + 2;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return text.length;
}

function stringEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function templateEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '`') {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '$' && text[i + 1] === '{') i = callEnd(text, i + 1);
    else i++;
  }
  return i + 1;
}

/** Top-level arguments of a call text `(a, b, { c })`, strings kept whole. */
function splitArguments(call: string): string[] {
  const inner = call.slice(1, -1);
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < inner.length) {
    const c = inner[i];
    if (c === "'" || c === '"') {
      i = stringEnd(inner, i, c);
      continue;
    }
    if (c === '`') {
      i = templateEnd(inner, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(inner.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  const last = inner.slice(start).trim();
  if (last !== '') args.push(last);
  return args;
}

/** The text with every string and template literal emptied, so a message never looks like an option. */
function withoutStrings(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === "'" || c === '"') {
      i = stringEnd(text, i, c);
      out += `${c}${c}`;
      continue;
    }
    if (c === '`') {
      i = templateEnd(text, i);
      out += '``';
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const RAISE = /(?<![\w.$])(new PassiError|new ValidationError|fail|ensure)\s*\(/g;

/** Every raise in one file's text (`file` is the path shown in failures). */
function raiseSites(file: string, text: string): RaiseSite[] {
  const sites: RaiseSite[] = [];
  for (const m of text.matchAll(RAISE)) {
    const at = m.index ?? 0;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(lineStart, at).trim();
    // Comments, and the declarations of fail/ensure themselves.
    if (/^(\/\/|\/\*|\*)/.test(before) || /\bfunction$/.test(before)) continue;
    const callee = m[1] ?? '';
    const open = at + m[0].length - 1;
    const args = splitArguments(text.slice(open, callEnd(text, open)));
    const codeIndex = callee === 'ensure' ? 1 : 0;
    const options = args.slice(codeIndex + 2).join(',');
    sites.push({
      file,
      line: text.slice(0, at).split('\n').length,
      callee,
      code: args[codeIndex] ?? '',
      hasStatus: /(^|[{,\s])status\s*:/.test(withoutStrings(options)),
    });
  }
  return sites;
}

function literalCode(code: string): string | undefined {
  const m = /^(['"`])([^'"`$]*)\1$/.exec(code);
  return m?.[2];
}

function unknownLiteralCodes(sites: readonly RaiseSite[]): string[] {
  return sites
    .filter((s) => {
      const literal = literalCode(s.code);
      return literal !== undefined && !isErrorCode(literal) && !LITERAL_CODES_ALLOWED.includes(literal);
    })
    .map((s) => `${s.file}:${s.line} ${s.callee}(${s.code}, …)`);
}

function statusOptions(sites: readonly RaiseSite[]): string[] {
  const perFile = new Map<string, RaiseSite[]>();
  for (const s of sites) {
    if (!s.hasStatus || STATUS_RULE_SKIPPED_FOLDERS.some((f) => s.file.startsWith(f))) continue;
    perFile.set(s.file, [...(perFile.get(s.file) ?? []), s]);
  }
  const refused: string[] = [];
  for (const [file, found] of perFile) {
    const allowed = STATUS_ALLOWED.find((a) => a.file === file)?.count ?? 0;
    if (found.length > allowed)
      refused.push(...found.map((s) => `${s.file}:${s.line} ${s.callee}(…, status)`));
  }
  return refused;
}

describe('every raise in src/ uses the error table', () => {
  const sites = sourceFiles().flatMap((path) =>
    raiseSites(relative(join(SRC, '..'), path).split(sep).join('/'), readFileSync(path, 'utf8')),
  );

  it('finds the raises it checks', () => {
    // A scan that finds nothing passes everything: there are well over a hundred raises in src/.
    expect(sites.length).toBeGreaterThan(100);
  });

  it('no raise names a code by a string the table does not hold', () => {
    expect(unknownLiteralCodes(sites)).toEqual([]);
  });

  it('no raise outside the allow-list chooses its own status', () => {
    expect(statusOptions(sites)).toEqual([]);
  });

  it('every allow-list entry is still needed (so the list only shrinks)', () => {
    const stale = STATUS_ALLOWED.filter(
      (a) => sites.filter((s) => s.file === a.file && s.hasStatus).length !== a.count,
    ).map((a) => a.file);
    expect(stale).toEqual([]);
  });
});

describe('the scan itself', () => {
  const sample = [
    "throw new PassiError('PASSI_NO_SUCH_CODE', 'm');",
    "fail(ErrorCodes.REPLAY, 'status: in a message is text', { cause });",
    // The message is a template with a placeholder (`$\{` keeps it literal in this sample).
    `ensure(ok, ErrorCodes.REPLAY, \`a $\{x}\`, {`,
    '  status: 400,',
    '});',
    "throw new PassiError(ErrorCodes.INTERNAL, 'm', { detail: { n: f(1, [2]) }, status: 503 });",
    "// fail('PASSI_IN_A_COMMENT', 'm')",
    "export function fail(code: ErrorCode, message: string, options: Omit<O, 'status'> = {}): never {",
    "const r = reply.fail('x');",
    "throw new ValidationError('PASSI_OTHER', issues, 'document');",
  ].join('\n');
  const found = raiseSites('src/sample.ts', sample);

  it('reads the code and the status option of each call, and skips comments and declarations', () => {
    expect(found.map((s) => [s.line, s.callee, s.code, s.hasStatus])).toEqual([
      [1, 'new PassiError', "'PASSI_NO_SUCH_CODE'", false],
      [2, 'fail', 'ErrorCodes.REPLAY', false],
      [3, 'ensure', 'ErrorCodes.REPLAY', true],
      [6, 'new PassiError', 'ErrorCodes.INTERNAL', true],
      [10, 'new ValidationError', "'PASSI_OTHER'", false],
    ]);
  });

  it('reports unknown literal codes and status options', () => {
    expect(unknownLiteralCodes(found)).toEqual([
      "src/sample.ts:1 new PassiError('PASSI_NO_SUCH_CODE', …)",
      "src/sample.ts:10 new ValidationError('PASSI_OTHER', …)",
    ]);
    expect(statusOptions(found)).toEqual([
      'src/sample.ts:3 ensure(…, status)',
      'src/sample.ts:6 new PassiError(…, status)',
    ]);
    expect(statusOptions(raiseSites('src/upstream/x/sample.ts', sample))).toHaveLength(2);
  });
});
