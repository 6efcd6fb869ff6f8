import { z } from 'zod';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { UpstreamConnector } from '../../core/flow/ports.ts';
import { flowStateReader } from '../connector-module.ts';
import { oidcFlowStateSchema } from '../oidc/oidc-rp.ts';
import { samlFlowStateSchema } from '../saml/saml-sp-connector.ts';

/** An Entra login's flow state: a SAML request's or an OIDC request's. */
export const entraFlowStateSchema = z.union([samlFlowStateSchema, oidcFlowStateSchema]);

/**
 * The one connector registered for type `entra`: picks the SAML connector (src/upstream/entra, default) or
 * Entra over OIDC (src/upstream/entra-oidc) by the integration's `settings.login`.
 */
export function createEntraDispatcher(connectors: {
  saml: UpstreamConnector<z.output<typeof samlFlowStateSchema>> | undefined;
  oidc: UpstreamConnector<z.output<typeof oidcFlowStateSchema>>;
}): UpstreamConnector<z.output<typeof entraFlowStateSchema>> {
  const overOidc = (settings: Record<string, unknown>) => settings.login === 'oidc';
  const saml = () => connectors.saml ?? fail(ErrorCodes.INTERNAL, 'Entra ID over SAML is not available');
  return {
    type: 'entra',
    readState: flowStateReader(entraFlowStateSchema, 'an Entra ID request'),
    start: (input) =>
      overOidc(input.integration.settings) ? connectors.oidc.start(input) : saml().start(input),
    // Each protocol reads its own part of the state: a SAML state never reaches the OIDC finish.
    finish: (input) => {
      if (overOidc(input.integration.settings)) {
        const c = connectors.oidc;
        return c.finish({ ...input, state: c.readState(input.flow.upstream) });
      }
      const c = saml();
      return c.finish({ ...input, state: c.readState(input.flow.upstream) });
    },
  };
}
