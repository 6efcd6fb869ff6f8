import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresAvailable } from '../../test/support/describe-each-store.ts';
import { ERROR_TABLE, type ErrorCode, ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { en } from '../i18n/messages-en.ts';
import { fi } from '../i18n/messages-fi.ts';
import { sv } from '../i18n/messages-sv.ts';
import { TEST_POSTGRES_URL } from '../store/testing/test-db.ts';
import { presentError, presentErrorAtReturnAddress } from './error-presentation.ts';

describe('presentError: the database is unavailable', () => {
  it.skipIf(!postgresAvailable)(
    'a query on a terminated connection is 503 "try again", not 500',
    async () => {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      c.on('error', () => {});
      await c.connect();
      const error = await c.query('select pg_terminate_backend(pg_backend_pid())').then(
        () => undefined,
        (e: unknown) => e,
      );
      await c.end().catch(() => {});
      expect(presentError(error)).toEqual({
        status: 503,
        code: ErrorCodes.STORE_UNREACHABLE,
        messageKey: 'error.unavailable',
        offerRestart: false,
      });
    },
  );

  it('a client-side read timeout is 503', () => {
    expect(presentError(new Error('Query read timeout')).status).toBe(503);
  });

  it('other errors keep their presentation', () => {
    expect(presentError(new Error('boom')).status).toBe(500);
    const refused = new PassiError(ErrorCodes.FLOW_MISSING, 'no flow', {
      status: 400,
      cause: new Error('Connection terminated unexpectedly'),
    });
    expect(presentError(refused)).toMatchObject({ status: 400, code: ErrorCodes.FLOW_MISSING });
  });
});

/** Page texts about what the service sent; never right where a school's login service answers. */
const SERVICE_SIDE: MessageKey[] = [
  'error.request',
  'error.signature',
  'error.acs',
  'error.serviceUnknown',
  'error.logoutReturn',
];

describe('error presentation at a school return address', () => {
  it.each(Object.values(ErrorCodes))('%s never blames the service', (code) => {
    const p = presentErrorAtReturnAddress(new PassiError(code, 'x'));
    expect(SERVICE_SIDE).not.toContain(p.messageKey);
    expect(p.code).toBe(code);
    expect(p.status).toBe(presentError(new PassiError(code, 'x')).status);
  });

  it.each([
    ErrorCodes.SIGNATURE_INVALID,
    ErrorCodes.SIGNATURE_REQUIRED,
    ErrorCodes.REQUEST_INVALID,
    ErrorCodes.REQUEST_TOO_LARGE,
  ])('%s says the answer from the school could not be accepted', (code) => {
    expect(presentErrorAtReturnAddress(new PassiError(code, 'x')).messageKey).toBe('error.upstreamAnswer');
  });

  it('a request the HTTP parser refused (413) at a return address blames the answer too', () => {
    expect(presentErrorAtReturnAddress({ statusCode: 413 }).messageKey).toBe('error.upstreamAnswer');
  });

  it('a body type the route does not read (Fastify 415) keeps 415 with its own code', () => {
    expect(presentError({ statusCode: 415 })).toMatchObject({
      status: 415,
      code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
    });
  });

  it("elsewhere a bad signature is the service's request", () => {
    expect(presentError(new PassiError(ErrorCodes.SIGNATURE_INVALID, 'x')).messageKey).toBe(
      'error.signature',
    );
  });
});

const CODES = Object.keys(ERROR_TABLE) as ErrorCode[];

describe('the error table', () => {
  // The catalogues are typed against Finnish, but a page name in the table is only a string until it is
  // looked up: a page the catalogues lack would show the raw key to a person.
  it.each(['fi', 'sv', 'en'] as const)('every page of the table has a text in the %s catalogue', (lang) => {
    const catalogue: Record<string, string> = { fi, sv, en }[lang];
    const missing = CODES.map((code) => `error.${ERROR_TABLE[code].page}`).filter(
      (key) => typeof catalogue[key] !== 'string' || catalogue[key] === '',
    );
    expect(missing).toEqual([]);
  });

  it('every code answers with an HTTP error status (400-599)', () => {
    const outside = CODES.filter((code) => {
      const { status } = ERROR_TABLE[code];
      return !Number.isInteger(status) || status < 400 || status > 599;
    });
    expect(outside).toEqual([]);
  });

  it.each(CODES)('%s is shown with the status and page the table gives it', (code) => {
    expect(presentError(new PassiError(code, 'x'))).toMatchObject({
      status: ERROR_TABLE[code].status,
      code,
      messageKey: `error.${ERROR_TABLE[code].page}`,
    });
  });

  it('every short name names a code of the table, and every code has a short name', () => {
    expect(new Set(Object.values(ErrorCodes))).toEqual(new Set(CODES));
  });
});
