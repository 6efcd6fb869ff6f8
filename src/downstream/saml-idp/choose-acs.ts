import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail } from '../../core/errors.ts';
import type { AuthnRequest } from '../../protocols/saml/authn-request.ts';
import { BINDING } from '../../protocols/saml/namespaces.ts';
import type { SamlService } from '../../registry/service-schema.ts';

/**
 * The ACS the Response goes to, only ever from the registry (SAML Core §3.4.1.4; SAML Profiles
 * 2.0 §4.1.4.1: never POST to an unregistered URL). A URL must match a registered location exactly; an index
 * must exist; otherwise the default (or first) ACS.
 */
export function chooseAcs(service: SamlService, request: AuthnRequest): string {
  const acs = service.saml.acs;
  if (request.protocolBinding !== undefined && request.protocolBinding !== BINDING.post) {
    fail(
      ErrorCodes.REQUEST_INVALID,
      `unsupported ProtocolBinding ${request.protocolBinding}; only HTTP-POST`,
    );
  }
  if (request.assertionConsumerServiceUrl !== undefined) {
    const match = acs.find((a) => a.location === request.assertionConsumerServiceUrl);
    ensure(
      match,
      ErrorCodes.ACS_NOT_REGISTERED,
      'AssertionConsumerServiceURL is not registered for this service',
    );
    return match.location;
  }
  if (request.assertionConsumerServiceIndex !== undefined) {
    const match = acs.find((a) => a.index === request.assertionConsumerServiceIndex);
    ensure(
      match,
      ErrorCodes.ACS_NOT_REGISTERED,
      'AssertionConsumerServiceIndex is not registered for this service',
    );
    return match.location;
  }
  const chosen = acs.find((a) => a.isDefault) ?? acs[0];
  ensure(chosen, ErrorCodes.ACS_NOT_REGISTERED, 'the service has no ACS');
  return chosen.location;
}
