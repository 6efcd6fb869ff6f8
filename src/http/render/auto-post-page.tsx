import type { Language } from '../../core/language.ts';
import { renderPage } from './layout.tsx';

/**
 * The HTTP-POST binding page (SAML Bindings §3.5.4): a form the browser submits. Only ever built for
 * an address taken from the registry. The one inline script carries the CSP nonce; without JavaScript the
 * button submits.
 */
export function renderAutoPostPage(input: {
  lang: Language;
  action: string;
  fields: Record<string, string>;
  nonce: string;
}): string {
  return renderPage({ lang: input.lang, title: (t) => t['post.continue'] }, (t) => (
    <>
      <form method="post" action={input.action} id="autopost">
        {Object.entries(input.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <noscript>
          <p>{t['post.noscript']}</p>
        </noscript>
        <button type="submit">{t['post.continue']}</button>
      </form>
      <script
        nonce={input.nonce}
        dangerouslySetInnerHTML={{ __html: "document.getElementById('autopost').submit();" }}
      />
    </>
  ));
}
