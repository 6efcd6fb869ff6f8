// Type-ahead for the school selection page (docs/discovery.md). Progressive enhancement only: without this
// script the search is a plain GET form. As the user types, the server-rendered results fragment is
// fetched (the same ranking as the no-JavaScript page) and the count is announced through the aria-live
// status (WCAG 2.1 SC 4.1.3). Plain JavaScript, no build step; served from Passi (CSP script-src 'self').
(() => {
  const input = document.getElementById('disco-q');
  const status = document.getElementById('disco-status');
  const form = input ? input.form : null;
  if (!input || !status || !form || !window.fetch || !window.URLSearchParams) return;
  const langField = form.elements.namedItem('lang');
  const lang = langField && 'value' in langField ? langField.value : '';
  let typing = 0;
  let announcing = 0;
  let sequence = 0;

  const params = (q) => new URLSearchParams(q ? { q, lang } : { lang });

  // Keep the language links pointing at the current search.
  const updateLanguageLinks = (q) => {
    for (const link of document.querySelectorAll('nav.langs a[hreflang]')) {
      const next = new URLSearchParams({ lang: link.getAttribute('hreflang') || '' });
      if (q) next.set('q', q);
      link.setAttribute('href', `/discovery?${next}`);
    }
  };

  const update = async () => {
    const q = input.value;
    const mine = ++sequence;
    let response;
    try {
      response = await fetch(`/discovery/results?${params(q)}`, { credentials: 'same-origin' });
    } catch {
      return; // offline: the form still submits
    }
    if (!response.ok || mine !== sequence) return;
    const html = await response.text();
    if (mine !== sequence) return;
    const template = document.createElement('template');
    template.innerHTML = html;
    const fresh = template.content.getElementById('disco-results');
    const current = document.getElementById('disco-results');
    if (!fresh || !current) return;
    current.replaceWith(fresh);
    history.replaceState(null, '', `/discovery?${params(q)}`);
    updateLanguageLinks(q);
    // Announce once the user pauses, not on every keystroke.
    clearTimeout(announcing);
    announcing = setTimeout(() => {
      status.textContent = fresh.getAttribute('data-status') || '';
    }, 400);
  };

  input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(update, 120);
  });
})();
