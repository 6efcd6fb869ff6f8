// Passkeys on the portal's invitation and sign-in pages (docs/portal.md "Passkeys"). Progressive
// enhancement: without this script the pages work with a code; with it, the passkey controls are shown,
// the browser's WebAuthn API creates or uses a passkey, and the answer is posted with the normal form.
// Served as a file (no inline script), so the pages' Content Security Policy stays strict.
(() => {
  const form = document.querySelector('form[data-passkey]');
  if (!form || !window.PublicKeyCredential || !navigator.credentials) return;
  const mode = form.getAttribute('data-passkey');
  const optionsUrl = form.getAttribute('data-passkey-options');
  const failedText = form.getAttribute('data-passkey-failed') || '';
  const answer = form.querySelector('input[name="passkey"]');
  const status = document.getElementById('passkey-status');

  const toBytes = (b64url) => {
    const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  };
  const toB64url = (buffer) => {
    let bin = '';
    for (const b of new Uint8Array(buffer)) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const showError = (text) => {
    if (!status) return;
    status.textContent = text || failedText;
    status.hidden = false;
    status.focus();
  };
  const fetchOptions = async (fields) => {
    const body = new URLSearchParams(fields);
    const res = await fetch(optionsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      credentials: 'same-origin',
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok || !json.options) throw new Error(json.message || failedText);
    return json.options;
  };
  const field = (name) => {
    const el = form.elements.namedItem(name);
    return el && 'value' in el ? el.value : '';
  };

  if (mode === 'enrol') {
    const choice = document.getElementById('factor-choice');
    const totp = document.getElementById('totp-section');
    const passkey = document.getElementById('passkey-section');
    const code = document.getElementById('code');
    if (!choice || !totp || !passkey || !code) return;
    choice.hidden = false;
    const apply = () => {
      const usePasskey = field('factor') === 'passkey';
      totp.hidden = usePasskey;
      passkey.hidden = !usePasskey;
      code.required = !usePasskey;
    };
    for (const radio of choice.querySelectorAll('input[name="factor"]'))
      radio.addEventListener('change', apply);
    apply();
    form.addEventListener('submit', async (event) => {
      if (field('factor') !== 'passkey' || answer.value) return;
      event.preventDefault();
      try {
        const options = await fetchOptions({
          form: field('form'),
          token: field('token'),
          name: field('name'),
        });
        const publicKey = {
          ...options,
          challenge: toBytes(options.challenge),
          user: { ...options.user, id: toBytes(options.user.id) },
          excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
        };
        const credential = await navigator.credentials.create({ publicKey });
        const response = credential.response;
        answer.value = JSON.stringify({
          id: credential.id,
          rawId: toB64url(credential.rawId),
          type: credential.type,
          response: {
            clientDataJSON: toB64url(response.clientDataJSON),
            attestationObject: toB64url(response.attestationObject),
            transports: typeof response.getTransports === 'function' ? response.getTransports() : [],
          },
          clientExtensionResults: credential.getClientExtensionResults(),
          authenticatorAttachment: credential.authenticatorAttachment || undefined,
        });
        form.submit();
      } catch (error) {
        answer.value = '';
        showError(error instanceof Error && error.name === 'Error' ? error.message : failedText);
      }
    });
  }

  if (mode === 'sign-in') {
    const box = document.getElementById('passkey-sign-in');
    const button = document.getElementById('passkey-button');
    if (!box || !button) return;
    box.hidden = false;
    button.addEventListener('click', async () => {
      const email = document.getElementById('email');
      const password = document.getElementById('password');
      if (!email.reportValidity() || !password.reportValidity()) return;
      if (status) status.hidden = true;
      try {
        const options = await fetchOptions({
          form: field('form'),
          email: field('email'),
          password: field('password'),
        });
        const publicKey = {
          ...options,
          challenge: toBytes(options.challenge),
          allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
        };
        const credential = await navigator.credentials.get({ publicKey });
        const response = credential.response;
        answer.value = JSON.stringify({
          id: credential.id,
          rawId: toB64url(credential.rawId),
          type: credential.type,
          response: {
            clientDataJSON: toB64url(response.clientDataJSON),
            authenticatorData: toB64url(response.authenticatorData),
            signature: toB64url(response.signature),
            userHandle: response.userHandle ? toB64url(response.userHandle) : undefined,
          },
          clientExtensionResults: credential.getClientExtensionResults(),
          authenticatorAttachment: credential.authenticatorAttachment || undefined,
        });
        // The code field is not needed with a passkey: submit() skips its `required` check.
        form.submit();
      } catch (error) {
        answer.value = '';
        showError(error instanceof Error && error.name === 'Error' ? error.message : failedText);
      }
    });
  }
})();
