/**
 * SAML SP security cases SP-19…SP-21, SP-25 and SP-30 (docs/security-cases.md): audience, destination
 * and recipient, time conditions, an error status carrying an assertion, and schema-invalid structures.
 * Each is refused with an error id and nothing half-written (see ./support/negative-suite-kit.ts); each
 * runs its named fixture from ./support/sp-fixtures.ts.
 */
import { describe, it } from 'vitest';
import { B, INVALID, useNegativeSuite } from './support/negative-suite-kit.ts';
import {
  sp19NoAudienceRestriction,
  sp19WrongAudience,
  sp20WrongDestination,
  sp20WrongRecipient,
  sp21Expired,
  sp21FutureNotBefore,
  sp21OldIssueInstant,
  sp25ErrorStatusWithAssertion,
  sp30AssertionInExtensions,
  sp30UnknownElement,
} from './support/sp-fixtures.ts';

describe('SAML SP negative suite: conditions, audience, time and destination (SP-19…SP-21, SP-25, SP-30)', () => {
  const { w, expectRefused } = useNegativeSuite();

  it('SP-19 wrong Audience', () => expectRefused(sp19WrongAudience(), [INVALID]));

  it('SP-19 no AudienceRestriction', () => expectRefused(sp19NoAudienceRestriction(), [INVALID]));

  it('SP-20 wrong Destination', () => expectRefused(sp20WrongDestination(), [INVALID]));

  it('SP-20 wrong Recipient (accepted by plain node-saml)', () =>
    expectRefused(sp20WrongRecipient(`${w.t.baseUrl}/sp/${B}/acs`), [INVALID]));

  it('SP-21 expired NotOnOrAfter', () => expectRefused(sp21Expired(), [INVALID]));

  it('SP-21 NotBefore in the future beyond the skew', () => expectRefused(sp21FutureNotBefore(), [INVALID]));

  it('SP-21 old IssueInstant with a still-valid NotOnOrAfter', () =>
    expectRefused(sp21OldIssueInstant(), [INVALID]));

  it('SP-25 StatusCode ≠ Success with an assertion present', () =>
    expectRefused(sp25ErrorStatusWithAssertion(), [INVALID]));

  it('SP-30 an unknown element in the Response', () => expectRefused(sp30UnknownElement(), [INVALID]));

  it('SP-30 an Assertion inside Extensions', () => expectRefused(sp30AssertionInExtensions(), [INVALID]));
});
