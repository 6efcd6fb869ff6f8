import { z } from 'zod';
import { DATA_NAMES } from '../model/attribute-catalogue.ts';
import {
  certificateSchema,
  deploymentPhaseSchema,
  httpUrlSchema,
  localisedTextSchema,
  logoNameSchema,
  organisationOidSchema,
  registryIdSchema,
  statusSchema,
} from './common-schemas.ts';

/** One registered assertion consumer service (https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service). Only HTTP-POST is offered. */
export const acsSchema = z
  .object({
    location: httpUrlSchema,
    index: z.number().int().min(0).max(65535),
    isDefault: z.boolean().default(false),
    binding: z
      .literal('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST')
      .default('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST'),
  })
  .strict();

export const samlSettingsSchema = z
  .object({
    entityId: z.string().trim().min(1).max(1024),
    acs: z.array(acsSchema).min(1).max(20),
    /** Certificates the service signs AuthnRequests with (KeyInfo in requests is never trusted). */
    signingCertificates: z.array(certificateSchema).max(5).default([]),
    /** When present, assertions are encrypted to the first one (AES-256-GCM + RSA-OAEP). */
    encryptionCertificates: z.array(certificateSchema).max(5).default([]),
    /** Refuse unsigned AuthnRequests (https://wiki.eduuni.fi/display/OPHPALV/Connecting+a+service: default true). */
    authnRequestsSigned: z.boolean().default(true),
    /** Sign the Response element too (the Assertion is always signed). */
    signResponse: z.boolean().default(false),
    /** NameID format when the request does not ask: transient (MPASSid default) or persistent (pairwise). */
    nameIdFormat: z.enum(['transient', 'persistent']).default('transient'),
    /** Where `/idp/profile/Logout?return=` may send the user back (exact match or prefix ending in `/`). */
    logoutReturnUrls: z.array(httpUrlSchema).max(20).default([]),
  })
  .strict();

export const oidcSettingsSchema = z
  .object({
    clientId: z.string().regex(/^[A-Za-z0-9._~-]{8,128}$/, 'must be 8–128 URL-safe characters'),
    redirectUris: z.array(httpUrlSchema).min(1).max(20),
    postLogoutRedirectUris: z.array(httpUrlSchema).max(20).default([]),
    tokenEndpointAuthMethod: z
      .enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'])
      .default('client_secret_basic'),
    /** Public keys for private_key_jwt (a JWK Set). */
    jwks: z
      .object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(10) })
      .strict()
      .optional(),
    /** `pairwise` (default): `sub` = HMAC over the sector and the user; `public`: the uid. */
    subjectType: z.enum(['pairwise', 'public']).default('pairwise'),
    /** Sector for pairwise `sub`; defaults to the service id so all redirect hosts share one `sub`. */
    sector: z.string().max(200).optional(),
    /** ID token signature: RS256 (default, what MPASSid services verify) or ES256. */
    idTokenSignedResponseAlg: z.enum(['RS256', 'ES256']).default('RS256'),
  })
  .strict();

const serviceBase = {
  id: registryIdSchema,
  organisationOid: organisationOidSchema,
  name: localisedTextSchema,
  deploymentPhase: deploymentPhaseSchema.default('test'),
  status: statusSchema.default('active'),
  /** Service sets the service belongs to (at least one; what education providers allow). */
  serviceSets: z.array(registryIdSchema).min(1).max(20),
  /** Accept logins with test learner ids `1.2.246.562.98.*` (docs/data-model.md "Attributes"). */
  allowTestLearnerId: z.boolean().default(false),
  /** Built-in services every integration allows (the attribute test service). */
  alwaysAllowed: z.boolean().default(false),
  /**
   * `open`: every education provider whose integration allows the service can use it at once; `agreement`:
   * only after the service provider accepted the provider's request (docs/registry.md "Services by agreement").
   */
  access: z.enum(['open', 'agreement']).default('open'),
  /** Logo file name under the logo folder (served by Passi, never hot-linked). */
  logo: logoNameSchema.optional(),
  /** Data-model attributes released to the service (docs/data-model.md); absent = all, the MPASSid default. */
  releasedAttributes: z.array(z.enum(DATA_NAMES)).max(DATA_NAMES.length).optional(),
};

export const serviceSchema = z.discriminatedUnion('protocol', [
  z.object({ ...serviceBase, protocol: z.literal('saml'), saml: samlSettingsSchema }).strict(),
  z
    .object({
      ...serviceBase,
      protocol: z.literal('oidc'),
      oidc: oidcSettingsSchema,
      /** Write-only: the client secret (stored encrypted; never exported or returned). */
      clientSecret: z.string().min(32, 'must be at least 32 characters').max(200).optional(),
      /** Write-only: the secret before the last rotation, accepted until `expiresAt` (docs/portal.md "Services"). */
      previousClientSecret: z
        .object({ secret: z.string().min(32).max(200), expiresAt: z.iso.datetime() })
        .strict()
        .optional(),
    })
    .strict(),
]);

export type Service = z.infer<typeof serviceSchema>;
export type SamlService = Extract<Service, { protocol: 'saml' }>;
export type OidcService = Extract<Service, { protocol: 'oidc' }>;
