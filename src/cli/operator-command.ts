import type { PassiConfig } from '../config/config-schema.ts';
import { systemClock } from '../core/clock.ts';
import { invitationLinkOf, invitePerson } from '../portal/commands/invite-person.ts';
import { OPERATOR_SCOPE } from '../portal/domain/roles.ts';
import { createMailer } from '../portal/mail/mailer.ts';
import type { Db } from '../store/database.ts';
import type { SecretBox } from '../store/secret-box.ts';

/**
 * `passi operator invite EMAIL`: invites an operator of this Passi and prints the one-time link (also
 * e-mailed, or written to the outbox without SMTP). How the first operator gets in (docs/portal.md).
 */
export async function operatorCommand(
  db: Db,
  box: SecretBox,
  config: PassiConfig,
  positionals: string[],
): Promise<number> {
  const [action, email, ...extra] = positionals;
  if (action !== 'invite' || !email || extra.length > 0) {
    console.error('usage: passi operator invite EMAIL');
    return 2;
  }
  const mailer = createMailer(
    { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, dataDir: config.dataDir },
    (line) => console.error(line),
  );
  const { link, expiresAt } = invitationLinkOf(
    await invitePerson(
      { db, box, clock: systemClock, mailer, publicUrl: config.publicUrl },
      {
        email,
        organisationId: OPERATOR_SCOPE,
        role: 'operator',
        invitedBy: `cli:${process.env.USER ?? 'unknown'}`,
      },
    ),
  );
  console.log(
    `operator invitation for ${email.trim().toLowerCase()} (single use, valid until ${expiresAt.toISOString()}):`,
  );
  console.log(link);
  return 0;
}
