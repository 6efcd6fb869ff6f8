import { LANGUAGES, type Language, type LocalisedText, pickText } from '../../core/language.ts';
import { type MessageKey, messages } from '../../i18n/messages.ts';
import type { MailMessage } from '../../portal/mail/mailer.ts';
import type { WeeklySummary } from './weekly-summary-content.ts';

const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** The portal page of an organisation's data quality, linked from the mail. */
export const dataQualityPath = (organisationId: string) =>
  `/portal/organisation/${encodeURIComponent(organisationId)}/data-quality`;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));

function section(
  lang: Language,
  summary: WeeklySummary,
  input: { organisationName: LocalisedText; publicUrl: string; unsubscribeLink: string },
): string {
  const t = messages(lang);
  const number = new Intl.NumberFormat(LOCALES[lang]);
  const percent = new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 });
  const lines = [
    fill(t['portal.summary.mail.heading'], {
      organisation: pickText(input.organisationName, lang) || summary.organisationId,
      week: summary.week.week,
      from: summary.week.from,
      to: summary.week.to,
    }),
    '',
    fill(t['portal.summary.mail.logins'], { count: number.format(summary.total) }),
    ...summary.byOutcome.map((o) => {
      const key = `portal.summary.outcome.${o.key}`;
      const label = key in t ? t[key as MessageKey] : o.key;
      return `  - ${label}: ${number.format(o.count)}`;
    }),
    '',
  ];
  if (summary.problems.length === 0) lines.push(t['portal.summary.mail.noProblems']);
  else {
    lines.push(`${t['portal.summary.mail.problems']}:`);
    summary.problems.forEach((p, i) => {
      lines.push(
        fill(t['portal.summary.mail.problem'], {
          rank: i + 1,
          code: p.code,
          count: number.format(p.logins),
          share: p.share === undefined ? '–' : percent.format(p.share),
          schools: number.format(p.schools),
        }),
      );
      if (p.advice)
        lines.push(`   ${fill(t['portal.summary.mail.fix'], { advice: pickText(p.advice, lang) })}`);
    });
  }
  lines.push(
    '',
    fill(t['portal.summary.mail.more'], {
      link: `${input.publicUrl}${dataQualityPath(summary.organisationId)}`,
    }),
    '',
    t['portal.summary.mail.why'],
    fill(t['portal.summary.mail.unsubscribe'], { link: `${input.unsubscribeLink}&lang=${lang}` }),
  );
  return lines.join('\n');
}

/**
 * The summary mail to one technical contact: Finnish, then Swedish and English (the registry does not
 * know a contact's language), with the unsubscribe link in each part and in the List-Unsubscribe headers
 * for a mail program's one-click unsubscribe (RFC 2369 §3.2, RFC 8058 §3.1).
 */
export function weeklySummaryMail(
  summary: WeeklySummary,
  input: { to: string; organisationName: LocalisedText; publicUrl: string; unsubscribeLink: string },
): MailMessage {
  const subject = `${LANGUAGES.map((l) => messages(l)['portal.summary.mail.subject']).join(' / ')}: ${
    pickText(input.organisationName, 'fi') || summary.organisationId
  } ${summary.week.week}`;
  return {
    to: input.to,
    subject,
    text: LANGUAGES.map((lang) => section(lang, summary, input)).join('\n\n-----\n\n'),
    link: input.unsubscribeLink,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeLink}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
