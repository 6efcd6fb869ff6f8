/**
 * Cross-site request forgery, for every operation of API_OPERATIONS that changes something (docs/portal.md
 * "Sessions", "How the portal is tested"): with the session cookie a browser sends by itself, a change
 * without the session's X-CSRF-Token header, or with a wrong one, is refused with 403 and changes nothing
 * (OWASP CSRF Prevention Cheat Sheet, synchroniser token). The forms of the pages are checked by
 * portal-pages-axe.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiOperation } from '../../src/portal/api/api-operation.ts';
import { API_OPERATIONS } from '../../src/portal/api/api-operations.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  type ApiCall,
  apiClient,
  changedTables,
  describeOp,
  errorCode,
  fillPath,
  hasScope,
  inCallOrder,
  OPERATION_EXAMPLES,
  ORGANISATION_PARAM,
  someBody,
  storeSnapshot,
} from './api-operation-table.ts';
import { signedInBrowser } from './portal-support.ts';

/** The demo registry's education provider (demo/registry.yaml). */
const ORGANISATION = '1.2.246.562.99.00000000001';

// Public operations take no session, so there is nothing to forge.
const changing = inCallOrder(API_OPERATIONS.filter((op) => op.method !== 'get' && !hasScope(op, 'public')));

describe('portal JSON API: a change with the session cookie needs the session’s CSRF token', () => {
  let t: TestApp;
  let cookie: string;
  let csrf: string;
  const withHeader = (header: string | undefined): ApiCall => apiClient(t.baseUrl, { cookie, csrf: header });

  beforeAll(async () => {
    t = await createTestApp();
    // An operator may change everything: only the missing or wrong token can be the reason for a refusal.
    const signedIn = await signedInBrowser(t, 'csrf@example.fi', 'operator', 'passi');
    csrf = signedIn.csrf;
    cookie = signedIn.browser.cookie(new URL(t.baseUrl).host, 'passi_portal') ?? '';
  });
  afterAll(() => t?.close());

  it('there is at least one change to forge (the list is built from API_OPERATIONS)', () => {
    expect(changing.map((op) => op.operationId)).toContain('createToken');
  });

  it.each(changing.map((op) => ({ name: describeOp(op), op })))(
    '$name: refused without the header and with a wrong one; accepted past the check with the right one',
    async ({ op }: { op: ApiOperation }) => {
      const params = {
        ...(await OPERATION_EXAMPLES[op.operationId]?.params?.(withHeader(csrf), {
          app: t,
          organisationId: ORGANISATION,
        })),
      };
      const path = fillPath(op.path, { ...params, [ORGANISATION_PARAM]: ORGANISATION });
      for (const [what, header] of [
        ['no header', undefined],
        ['empty header', ''],
        ['a wrong token', randomBytes(32).toString('base64url')],
      ] as const) {
        const before = await storeSnapshot(t.services);
        const answer = await withHeader(header)(op.method, path, someBody(op));
        expect({ what, status: answer.status, code: errorCode(answer) }).toEqual({
          what,
          status: 403,
          code: 'PASSI_FORM_TOKEN_INVALID',
        });
        expect(changedTables(before, await storeSnapshot(t.services)), what).toEqual([]);
      }
      // The same call with the session's token gets past the check (whatever the operation then answers).
      const genuine = await withHeader(csrf)(op.method, path, someBody(op));
      expect(errorCode(genuine)).not.toBe('PASSI_FORM_TOKEN_INVALID');
    },
  );
});
