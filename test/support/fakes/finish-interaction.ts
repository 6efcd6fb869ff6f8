import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';

/**
 * A fake school OP's login page: finishes oidc-provider's interaction at once as `loginAs` (login, then
 * consent to the requested scope), or cancels it with access_denied, and sends the browser back.
 */
export async function finishInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  answer: { loginAs: string; clientId: string; cancel?: boolean },
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (answer.cancel) {
    details.result = { error: 'access_denied', error_description: 'cancelled' };
  } else if (details.prompt.name === 'login') {
    details.result = { login: { accountId: answer.loginAs } };
  } else {
    const grant = new provider.Grant({
      accountId: details.session?.accountId ?? answer.loginAs,
      clientId: answer.clientId,
    });
    const scope = details.params.scope;
    grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
    details.result = { ...details.result, consent: { grantId: await grant.save() } };
  }
  await details.save(Math.max(1, details.exp - Math.floor(Date.now() / 1000)));
  res.writeHead(303, { location: details.returnTo }).end();
}
