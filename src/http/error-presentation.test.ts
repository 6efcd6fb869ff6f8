import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../core/error-codes.ts';
import { PassiError } from '../core/errors.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { presentError, presentErrorAtReturnAddress } from './error-presentation.ts';

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

  it("elsewhere a bad signature is the service's request", () => {
    expect(presentError(new PassiError(ErrorCodes.SIGNATURE_INVALID, 'x')).messageKey).toBe(
      'error.signature',
    );
  });
});
