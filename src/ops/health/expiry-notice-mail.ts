import { LANGUAGES, type Language, pickText } from '../../core/language.ts';
import { messages } from '../../i18n/messages.ts';
import type { MailMessage } from '../../portal/mail/mailer.ts';
import type { HealthItem } from './health-items.ts';

/** The portal page the notice links to. */
export const healthPath = (organisationId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/health`;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));

/** `2026-03-02 (in 12 days)` or `expired on 2026-03-02`, in `lang`. */
export function whenText(item: HealthItem, lang: Language): string {
  const t = messages(lang);
  if (!item.expiresAt) return '';
  const date = item.expiresAt.toISOString().slice(0, 10);
  const days = item.daysLeft ?? 0;
  return days < 0
    ? fill(t['portal.health.expired'], { date })
    : fill(t['portal.health.inDays'], { date, days });
}

function section(lang: Language, item: HealthItem, link: string): string {
  const t = messages(lang);
  return [
    fill(t['portal.health.mail.body'], {
      what: t[`portal.health.problem.${item.problem}`],
      name: pickText(item.entity.name, lang) || item.entity.id,
      kind: t[`portal.health.kind.${item.entity.kind}`],
      id: item.entity.id,
      when: whenText(item, lang),
    }),
    `${t['portal.health.mail.link']} ${link}`,
  ].join('\n');
}

/**
 * The expiry notice to one technical contact: Finnish, Swedish and English in one message, since the
 * registry does not say which language a contact reads (the weekly summary does the same).
 */
export function expiryNoticeMail(item: HealthItem, input: { to: string; publicUrl: string }): MailMessage {
  const link = `${input.publicUrl.replace(/\/+$/, '')}${healthPath(item.organisationId)}`;
  const fi = messages('fi');
  return {
    to: input.to,
    subject: fill(fi['portal.health.mail.subject'], {
      what: fi[`portal.health.problem.${item.problem}`],
      name: pickText(item.entity.name, 'fi') || item.entity.id,
    }),
    text: LANGUAGES.map((lang) => section(lang, item, link)).join('\n\n----\n\n'),
    link,
  };
}
