import type { Language } from '../../core/language.ts';
import { renderErrorPage } from '../../http/render/error-page.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

/** OAuth errors shown at Passi (never redirected: RFC 9700 §4.11) and the page text for each. */
const MESSAGES: Record<string, MessageKey> = {
  invalid_client: 'error.serviceUnknown',
  invalid_redirect_uri: 'error.acs',
  invalid_request: 'error.request',
  unsupported_response_type: 'error.request',
  invalid_request_uri: 'error.request',
  invalid_request_object: 'error.request',
  session_not_found: 'error.flowMissing',
  // RFC 6749 §4.1.2.1; Passi uses it when the database is unavailable.
  temporarily_unavailable: 'error.unavailable',
};

/**
 * The page for an authorization request Passi cannot answer to a verified redirect URI (unknown client,
 * unregistered redirect URI, broken request): localised, with an error id that is also in the log, and
 * no reflected request parameters.
 */
export function renderOidcErrorPage(input: { lang: Language; error: string; errorId: string }): string {
  return renderErrorPage({
    lang: input.lang,
    messageKey: MESSAGES[input.error] ?? 'error.generic',
    errorId: input.errorId,
  });
}
