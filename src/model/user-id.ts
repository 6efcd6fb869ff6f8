import { createHash } from 'node:crypto';

/**
 * `urn:mpass.id:uid` (mpassid-reference.md §3.5): `MPASSOID.` + sha1-hex(integration id + directory id),
 * as ECA `getUserDetailsFromIdpAttributes`. Stable per integration and directory user, not across them.
 */
export function computeUserId(integrationId: string, username: string): string {
  return `MPASSOID.${createHash('sha1')
    .update(integrationId + username, 'utf8')
    .digest('hex')}`;
}
