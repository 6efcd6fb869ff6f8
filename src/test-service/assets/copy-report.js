// "Copy report" on the attribute test service's result page (docs/attribute-test-service.md).
// Progressive enhancement only: without this script the report is a read-only textarea that can be
// selected and copied by hand, and no button that would do nothing is shown. The button is a real
// <button> that the page renders inside a <template> (texts from the page's language); it is put in place
// only where the Clipboard API exists (secure contexts). The outcome is announced through the page's
// role="status" region (WCAG 2.1 SC 4.1.3). Plain JavaScript, no build step; served from Passi and
// loaded with the response's CSP nonce (the page CSP runs nothing else).
(() => {
  const template = document.getElementById('copy-report-template');
  const report = document.getElementById('report');
  const status = document.getElementById('copy-report-status');
  if (!(template instanceof HTMLTemplateElement) || !(report instanceof HTMLTextAreaElement) || !status)
    return;
  if (!navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') return;
  const content = document.importNode(template.content, true);
  const button = content.querySelector('button');
  if (!button) return;
  let announcing = 0;

  // Emptied first, so that a second click announces the same words again.
  const announce = (text) => {
    clearTimeout(announcing);
    status.textContent = '';
    announcing = setTimeout(() => {
      status.textContent = text;
    }, 100);
  };

  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(report.value);
      announce(template.dataset.copied || '');
    } catch {
      // Denied or unavailable: select the report so that the keyboard shortcut copies it.
      report.focus();
      report.select();
      announce(template.dataset.failed || '');
    }
  });
  template.replaceWith(content);
})();
