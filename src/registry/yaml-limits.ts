import type { ValidationIssue } from '../core/errors.ts';

/**
 * Limits checked on a registry document's text before the YAML parser builds anything: the parser's cost
 * grows with nesting (a 2 MiB document of `[` blocked the event loop for seconds) and with alias
 * expansion ("billion laughs"). A real registry is a few levels deep and uses aliases, if at all, a
 * handful of times.
 */
export const YAML_LIMITS = { maxDepth: 64, maxIndent: 256, maxAliases: 100 } as const;

export function yamlShapeIssues(text: string): ValidationIssue[] {
  let depth = 0;
  let deepest = 0;
  let aliases = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      // A quoted scalar may span lines; its indentation still counts.
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && c === ' ') {
      if (++indent > YAML_LIMITS.maxIndent)
        return [
          {
            path: lineOf(text, i),
            message: `nested deeper than ${YAML_LIMITS.maxIndent} columns of indentation`,
          },
        ];
      continue;
    }
    lineStart = false;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    const before = i === 0 ? ' ' : text[i - 1];
    const atTokenStart =
      before === ' ' || before === '\n' || before === '[' || before === '{' || before === ',';
    if (c === '#' && (before === ' ' || before === '\n' || i === 0)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else if ((c === '"' || c === "'") && atTokenStart) quote = c;
    else if (c === '[' || c === '{') {
      deepest = Math.max(deepest, ++depth);
      if (deepest > YAML_LIMITS.maxDepth)
        return [{ path: lineOf(text, i), message: `nested deeper than ${YAML_LIMITS.maxDepth} levels` }];
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '*' && atTokenStart && ++aliases > YAML_LIMITS.maxAliases)
      return [{ path: lineOf(text, i), message: `more than ${YAML_LIMITS.maxAliases} aliases` }];
  }
  return [];
}

function lineOf(text: string, index: number): string {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return `line ${line}`;
}
