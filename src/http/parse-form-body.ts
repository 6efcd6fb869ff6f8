/**
 * `application/x-www-form-urlencoded` bodies and query strings (HTML 4.01 §17.13.4.1; WHATWG URL
 * "application/x-www-form-urlencoded parsing") for @fastify/formbody and Fastify's router, giving exactly
 * what their default parser, fast-querystring, gives:
 *
 * - pairs split on `&`, key and value on the first `=`; a pair with neither key nor `=` is skipped;
 * - `+` is a space, then `%XX` sequences are UTF-8 decoded; a part whose escapes are not valid UTF-8 is
 *   kept as sent (with its `+` as spaces);
 * - a repeated key collects its values in an array, in order; the result has no prototype, so `__proto__`
 *   and `constructor` are plain keys.
 *
 * Why not fast-querystring itself: it decodes escapes in JavaScript, joining the result piece by piece.
 * A SAML Response posted by a school is 7–10 KB of base64 whose `+`, `/` and `=` arrive escaped, and that
 * decoding cost about 60 µs per login, plus a flattening of the joined string where it is read next.
 * The engine's own `decodeURIComponent` does the same decoding (it refuses the same invalid UTF-8) in a
 * fraction of that (docs/performance.md "The school's form body"). `parse-form-body.test.ts` compares the
 * two parsers over generated bodies.
 */
export type FormBody = Record<string, string | string[]>;

const PLUS = /\+/g;

export function parseFormBody(input: string): FormBody {
  const result: FormBody = Object.create(null);
  const end = input.length;
  let start = 0;
  while (start <= end) {
    let amp = input.indexOf('&', start);
    if (amp === -1) amp = end;
    const eq = input.indexOf('=', start);
    const hasValue = eq !== -1 && eq < amp;
    if (hasValue || amp > start) {
      const key = decodePart(input.slice(start, hasValue ? eq : amp));
      const value = hasValue ? decodePart(input.slice(eq + 1, amp)) : '';
      const held = result[key];
      if (held === undefined) result[key] = value;
      else if (Array.isArray(held)) held.push(value);
      else result[key] = [held, value];
    }
    start = amp + 1;
  }
  return result;
}

function decodePart(raw: string): string {
  const part = raw.includes('+') ? raw.replace(PLUS, ' ') : raw;
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    // URIError: a stray `%` or escapes that are not UTF-8; kept as sent, as fast-querystring keeps it.
    return part;
  }
}
