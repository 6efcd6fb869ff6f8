import { LANGUAGES, type Language } from '../../core/language.ts';
import { messages } from '../../i18n/messages.ts';

export type JoinMailEvent = 'received' | 'verified' | 'approved' | 'rejected';

/**
 * One message in the applicant's language first, then the other two (like the invitation mail): the
 * person reading it may not be the one who filled in the form. `{verify}`, `{status}`, `{reason}` and
 * `{name}` are filled in where the text has them.
 */
export function joinMail(
  event: JoinMailEvent,
  first: Language,
  values: { name: string; status?: string; verify?: string; reason?: string },
): { subject: string; text: string } {
  const order = [first, ...LANGUAGES.filter((l) => l !== first)];
  const fill = (s: string) =>
    s
      .replaceAll('{name}', values.name)
      .replaceAll('{status}', values.status ?? '')
      .replaceAll('{verify}', values.verify ?? '')
      .replaceAll('{reason}', values.reason ?? '');
  return {
    subject: order.map((l) => messages(l)[`portal.join.mail.${event}.subject`]).join(' / '),
    text: order.map((l) => fill(messages(l)[`portal.join.mail.${event}.body`])).join('\n\n-----\n\n'),
  };
}
