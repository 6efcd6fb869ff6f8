import { z } from 'zod';
import { httpUrlSchema } from '../../registry/common-schemas.ts';
import { samlIdpFields } from '../saml/saml-sp-settings.ts';

/**
 * The registry's settings of an Entra ID integration: the school's tenant and app registration, the login
 * protocol (SAML through the shared SP by default, or OIDC), Graph properties, and the SAML IdP fields
 * (docs/integrations/entra.md, docs/integrations/entra-oidc.md).
 */
export const entraSettingsSchema = z
  .object({
    kind: z.literal('entra'),
    tenantId: z.string().uuid(),
    clientId: z.string().uuid(),
    clientSecretValidUntil: z.iso.date().optional(),
    login: z.enum(['saml', 'oidc']).default('saml'),
    /** Graph property names fetched after an OIDC login (case-sensitive); empty = ID token claims only. */
    graphAttributes: z
      .array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,119}$/))
      .max(50)
      .optional(),
    /** Overrides https://login.microsoftonline.com (tests; http only in deploymentPhase test). */
    loginBaseUrl: httpUrlSchema.optional(),
    /** Overrides https://graph.microsoft.com (tests; http only in deploymentPhase test). */
    graphBaseUrl: httpUrlSchema.optional(),
    ...samlIdpFields,
  })
  .strict();

export type EntraSettings = z.output<typeof entraSettingsSchema>;
