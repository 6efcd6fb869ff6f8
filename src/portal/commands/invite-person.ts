import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { LANGUAGES } from '../../core/language.ts';
import { messages } from '../../i18n/messages.ts';
import type { Db } from '../../store/database.ts';
import type { PortalRole } from '../domain/roles.ts';
import { hashToken, newSecretToken } from '../domain/secret-token.ts';
import { SESSION_POLICY } from '../domain/session-policy.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

export const INVITATION_PATH = '/portal/invitation';

/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254. */
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export interface InviteInput {
  email: string;
  organisationId: string;
  role: PortalRole;
  /** Who invites: a person id, or `cli:<user>` for `passi operator invite`. */
  invitedBy: string;
  ip?: string;
}

/** A new person gets a set-up link; a person who already has an account gets the role at once. */
export type InviteResult = { kind: 'invited'; link: string; expiresAt: Date } | { kind: 'membership-added' };

/** What the store part of an invitation did, for the mail sent after the commit. */
export type CreatedInvitation =
  | { kind: 'invited'; email: string; role: PortalRole; token: string; expiresAt: Date }
  | { kind: 'membership-added'; email: string; role: PortalRole };

/**
 * Invites a person to a role in an organisation: a single-use link valid for 72 hours, sent by e-mail.
 * The link's token is stored only as its hash. Returns the link for the CLI, which prints it.
 * A person with an active account is given the membership directly and told by e-mail: they already have
 * a password and second factor, so no set-up link is made (docs/portal.md "People").
 */
export async function invitePerson(deps: PortalDeps, input: InviteInput): Promise<InviteResult> {
  const created = await deps.db.transaction().execute((tx) => createInvitationIn(tx, deps, input));
  return sendInvitation(deps, created);
}

/**
 * The store part of an invitation, inside the caller's transaction: the person (invited) and the
 * invitation under its token's hash — or the membership of an existing account — and the audit row. The
 * mail goes out only after the commit (sendInvitation), so a rolled-back transaction never leaves a link
 * in someone's inbox.
 */
export async function createInvitationIn(
  tx: Db,
  deps: Pick<PortalDeps, 'clock'>,
  input: InviteInput,
): Promise<CreatedInvitation> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) fail(ErrorCodes.REQUEST_INVALID, `not an e-mail address: ${input.email}`);
  const email = parsed.data;
  const token = newSecretToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_POLICY.invitationTtlMs);
  const stores = portalStores(tx, deps.clock);
  const person = await stores.people.ensureInvited(email, tx);
  if (person.status === 'disabled') fail(ErrorCodes.REQUEST_INVALID, `${email} is disabled`);
  if (person.status === 'active') {
    await stores.people.addMembership(
      person.id,
      { organisationId: input.organisationId, role: input.role },
      tx,
    );
    await stores.audit.record(
      {
        actor: input.invitedBy,
        action: 'membership-added',
        organisationId: input.organisationId,
        subject: email,
        ip: input.ip,
        detail: { role: input.role, personId: person.id },
      },
      tx,
    );
    return { kind: 'membership-added', email, role: input.role };
  }
  await stores.invitations.create(
    {
      tokenHash: hashToken(token),
      personId: person.id,
      organisationId: input.organisationId,
      role: input.role,
      invitedBy: input.invitedBy,
      expiresAt,
    },
    tx,
  );
  await stores.audit.record(
    {
      actor: input.invitedBy,
      action: 'invitation-created',
      organisationId: input.organisationId,
      subject: email,
      ip: input.ip,
      detail: { role: input.role, expiresAt: expiresAt.toISOString() },
    },
    tx,
  );
  return { kind: 'invited', email, role: input.role, token, expiresAt };
}

/** The mail of an invitation or of a new role, after the transaction that created it committed. */
export async function sendInvitation(
  deps: Pick<PortalDeps, 'mailer' | 'publicUrl'>,
  created: CreatedInvitation,
): Promise<InviteResult> {
  if (created.kind === 'membership-added') {
    await deps.mailer.send({ to: created.email, ...membershipMail(deps.publicUrl, created.role) });
    return { kind: 'membership-added' };
  }
  const link = `${deps.publicUrl}${INVITATION_PATH}?token=${created.token}`;
  await deps.mailer.send({ to: created.email, ...invitationMail(link, created.role), link });
  return { kind: 'invited', link, expiresAt: created.expiresAt };
}

/** The link of a result that must be an invitation (the CLI and tests invite new people only). */
export function invitationLinkOf(result: InviteResult): { link: string; expiresAt: Date } {
  if (result.kind !== 'invited') fail(ErrorCodes.REQUEST_INVALID, 'the person already has an account');
  return result;
}

/** Notice of a new role for an existing account, in Finnish, Swedish and English like the invitation. */
function membershipMail(publicUrl: string, role: PortalRole): { subject: string; text: string } {
  const link = `${publicUrl}/portal/sign-in`;
  const parts = LANGUAGES.map((lang) => {
    const t = messages(lang);
    return t['portal.mail.member.body'].replace('{role}', t[`portal.role.${role}`]).replace('{link}', link);
  });
  return {
    subject: LANGUAGES.map((lang) => messages(lang)['portal.mail.member.subject']).join(' / '),
    text: parts.join('\n\n-----\n\n'),
  };
}

/** One message in Finnish, Swedish and English: the inviter does not know the invitee's language. */
function invitationMail(link: string, role: PortalRole): { subject: string; text: string } {
  const fi = messages('fi');
  const parts = LANGUAGES.map((lang) => {
    const t = messages(lang);
    return t['portal.mail.invite.body'].replace('{role}', t[`portal.role.${role}`]).replace('{link}', link);
  });
  return {
    subject: `${fi['portal.mail.invite.subject']} / ${messages('sv')['portal.mail.invite.subject']} / ${messages('en')['portal.mail.invite.subject']}`,
    text: parts.join('\n\n-----\n\n'),
  };
}
