import { z } from 'zod';
import { INTEGRATION_ID_PATTERN, INTEGRATION_ID_RULE } from '../model/user-id.ts';

/** Text in fi/sv/en; at least one language (Finnish preferred). */
export const localisedTextSchema = z
  .object({
    fi: z.string().trim().min(1).max(200).optional(),
    sv: z.string().trim().min(1).max(200).optional(),
    en: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((t) => t.fi ?? t.sv ?? t.en, 'give the text in at least one of fi, sv, en');

/** OPH organisation OID: `1.2.246.562.10.*` (real) or `1.2.246.562.99.*` (test) (https://wiki.eduuni.fi/display/OPHPALV/MPASSid+ja+oppijanumero). */
export const organisationOidSchema = z
  .string()
  .regex(
    /^1\.2\.246\.562\.(10|99)\.\d{11}$/,
    'must be an OPH organisation OID (1.2.246.562.10.<11 digits> or test branch 1.2.246.562.99.<11 digits>)',
  );

/** Registry ids: short, URL-safe, stable. */
export const registryIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'must be 1–64 characters: letters, digits, dot, underscore, hyphen',
  );

/** Integration ids: exactly seven digits, so that `urn:mpass.id:uid` stays unambiguous (model/user-id.ts). */
export const integrationIdSchema = z.string().regex(INTEGRATION_ID_PATTERN, INTEGRATION_ID_RULE);

/** Deployment phase (github.com/Opetushallitus/MPASSid-hallintapalvelu: testing, production, pre-production). */
export const deploymentPhaseSchema = z.enum(['test', 'production', 'preproduction']);

/**
 * Only `active` entries serve logins and discovery. `pending`: a production integration created from a test
 * one, waiting for an operator's approval (docs/portal.md "Test login and production").
 */
export const statusSchema = z.enum(['active', 'inactive', 'pending']);

/** A PEM-encoded X.509 certificate, or its bare base64 body as SAML metadata carries it. */
export const certificateSchema = z.string().trim().min(100).max(20_000);

export const httpUrlSchema = z.url({ protocol: /^https?$/ }).max(2000);

/**
 * A registry `logo`: a file name in the logo folder (`name.png|svg|jpg`), or an uploaded logo named by its
 * SHA-256 (`<64 hex>.png|jpg|webp`, served at `/logos/`; docs/portal.md "Logos").
 */
export const logoNameSchema = z
  .string()
  .regex(/^(?:[a-z0-9-]+\.(?:png|svg|jpg)|[0-9a-f]{64}\.(?:png|jpg|webp))$/);
