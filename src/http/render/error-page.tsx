import type { Language } from '../../core/language.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { renderPage } from './layout.tsx';

/** The page a person sees when something fails: what happened, what to do, and the error id. */
export function renderErrorPage(input: {
  lang: Language;
  messageKey: MessageKey;
  errorId: string;
  /** A lost login: the browser's last service (registered address and name), to start again there. */
  startAgain?: { url: string; serviceName: string };
}): string {
  return renderPage({ lang: input.lang, title: (t) => t['error.title'] }, (t) => (
    <>
      <h1>{t['error.title']}</h1>
      <div class="error-box" role="alert">
        <p>{t[input.messageKey]}</p>
      </div>
      <p>
        {t['error.id']}: <strong class="error-id">{input.errorId}</strong>
      </p>
      <p>{t['error.idHelp']}</p>
      {input.startAgain ? (
        <p>
          <a class="button" href={input.startAgain.url}>
            {t['error.startAgain']}: {input.startAgain.serviceName}
          </a>
        </p>
      ) : (
        <p>{t['error.back']}</p>
      )}
    </>
  ));
}
