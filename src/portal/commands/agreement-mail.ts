import { LANGUAGES, type Language } from '../../core/language.ts';
import { messages } from '../../i18n/messages.ts';
import type { Organisation } from '../../registry/organisation-schema.ts';

export type AgreementMailEvent = 'requested' | 'withdrawn' | 'accepted' | 'declined';

/**
 * One message to the other side's technical contacts, Finnish first and then the other two languages (as
 * the join mails: the reader's language is not known). `{organisation}`, `{service}`, `{link}` and
 * `{reason}` are filled in where the text has them.
 */
export function agreementMail(
  event: AgreementMailEvent,
  values: { organisation: string; service: string; link: string; reason?: string },
  first: Language = 'fi',
): { subject: string; text: string } {
  const order = [first, ...LANGUAGES.filter((l) => l !== first)];
  const fill = (s: string) =>
    s
      .replaceAll('{organisation}', values.organisation)
      .replaceAll('{service}', values.service)
      .replaceAll('{link}', values.link)
      .replaceAll('{reason}', values.reason ?? '');
  return {
    subject: order.map((l) => messages(l)[`portal.agreements.mail.${event}.subject`]).join(' / '),
    text: order.map((l) => fill(messages(l)[`portal.agreements.mail.${event}.body`])).join('\n\n-----\n\n'),
  };
}

/** Who hears of an agreement step: the organisation's technical contacts, else the contact it joined with. */
export function technicalAddresses(organisation: Organisation | undefined): string[] {
  const technical = (organisation?.contacts ?? []).filter((c) => c.kind === 'technical').map((c) => c.email);
  const all = technical.length > 0 ? technical : organisation?.contact ? [organisation.contact.email] : [];
  return [...new Set(all)];
}
