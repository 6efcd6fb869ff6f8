import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';

/**
 * The one connector registered for type `entra`: picks the SAML connector (src/upstream/entra, default) or
 * Entra over OIDC (src/upstream/entra-oidc) by the integration's `settings.login`.
 */
export function createEntraDispatcher(connectors: {
  saml: UpstreamConnector | undefined;
  oidc: UpstreamConnector;
}): UpstreamConnector {
  const pick = (integration: UpstreamIntegration): UpstreamConnector => {
    const connector = integration.settings.login === 'oidc' ? connectors.oidc : connectors.saml;
    if (!connector) {
      throw new PassiError(ErrorCodes.INTEGRATION_UNKNOWN, 'Entra ID over SAML is not available', {
        status: 500,
      });
    }
    return connector;
  };
  return {
    type: 'entra',
    start: (input) => pick(input.integration).start(input),
    finish: (input) => pick(input.integration).finish(input),
  };
}
