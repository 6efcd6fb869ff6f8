import { createHash } from 'node:crypto';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';

/**
 * Integration ids are exactly seven digits, as MPASSid's (MPASSid's management portal ranges, github.com/Opetushallitus/MPASSid-hallintapalvelu: from
 * 1 000 000; test 4 000 000–4 999 999). The uid formula below has no separator, so only a fixed width
 * keeps two schools' users apart: with free-form ids, `400000` + `1u` and `4000001` + `u` hash the same text.
 */
export const INTEGRATION_ID_PATTERN = /^[1-9][0-9]{6}$/;
export const INTEGRATION_ID_RULE =
  'must be a 7-digit integration id (e.g. 4000001): urn:mpass.id:uid hashes the id and the user name together';

/**
 * `urn:mpass.id:uid` (docs/data-model.md "Attributes"): `MPASSOID.` + sha1-hex(integration id + directory id),
 * as ECA `getUserDetailsFromIdpAttributes`. Stable per integration and directory user, not across them.
 * Services already hold uids made by this formula, so it stays as it is; the import refuses any id that
 * is not seven digits, and this check keeps an entry stored before that rule from producing a uid at all.
 */
export function computeUserId(integrationId: string, username: string): string {
  if (!INTEGRATION_ID_PATTERN.test(integrationId)) {
    fail(ErrorCodes.REGISTRY_ENTRY_INVALID, `integration id ${integrationId} ${INTEGRATION_ID_RULE}`);
  }
  return `MPASSOID.${createHash('sha1')
    .update(integrationId + username, 'utf8')
    .digest('hex')}`;
}
