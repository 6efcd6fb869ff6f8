import { z } from 'zod';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { Organisation, OrganisationKind } from './organisation.ts';

/**
 * Parses OPH organisation-service JSON (https://virkailija.opintopolku.fi/organisaatio-service/swagger-ui/index.html) into Passi's organisation records:
 * the `/api/hierarkia/hae` tree (`{ numHits, organisaatiot: [ { …, children } ] }`), a list of
 * `OrganisaatioRDTOV4` (`/api/muutetut`, `/api/findbyoids`) or a single one (`/api/{id}`).
 * Organisations of other types (kunta, …) are skipped; their children are still read.
 */

const node = z.looseObject({
  oid: z.string().regex(/^[0-2](\.\d+)+$/),
  parentOid: z.string().optional(),
  parentOidPath: z.string().optional(),
  nimi: z.record(z.string(), z.unknown()).optional(),
  tyypit: z.array(z.string()).optional(),
  organisaatiotyypit: z.array(z.string()).optional(),
  oppilaitosKoodi: z.string().nullish(),
  oppilaitostyyppi: z.string().nullish(),
  oppilaitosTyyppiUri: z.string().nullish(),
  toimipistekoodi: z.string().nullish(),
  toimipisteKoodi: z.string().nullish(),
  kotipaikkaUri: z.string().nullish(),
  status: z.string().optional(),
  lakkautusPvm: z.union([z.string(), z.number()]).nullish(),
  children: z.array(z.unknown()).optional(),
});
type Node = z.infer<typeof node>;

export interface ParseOptions {
  /** Recorded in every record's `source`. */
  source: string;
  /** Today as `YYYY-MM-DD`: organisations closed before it are inactive. */
  today: string;
}

export function parseOrganisationService(json: unknown, options: ParseOptions): Organisation[] {
  const out: Organisation[] = [];
  const walk = (value: unknown, treeParent: string | undefined): void => {
    const parsed = node.safeParse(value);
    if (!parsed.success)
      fail(
        ErrorCodes.ORGDATA_INVALID,
        `organisation data: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`,
      );
    const org = toOrganisation(parsed.data, treeParent, options);
    if (org) out.push(org);
    for (const child of parsed.data.children ?? []) walk(child, parsed.data.oid);
  };
  if (Array.isArray(json)) for (const item of json) walk(item, undefined);
  else if (isObject(json) && Array.isArray(json.organisaatiot)) {
    for (const item of json.organisaatiot) walk(item, undefined);
  } else if (isObject(json) && typeof json.oid === 'string') walk(json, undefined);
  else
    fail(
      ErrorCodes.ORGDATA_INVALID,
      'organisation data: neither a hierarkia/hae response nor OrganisaatioRDTOV4',
    );
  return out;
}

const KIND_BY_TYPE: Record<string, OrganisationKind> = {
  organisaatiotyyppi_01: 'koulutustoimija',
  koulutustoimija: 'koulutustoimija',
  organisaatiotyyppi_02: 'oppilaitos',
  oppilaitos: 'oppilaitos',
  // ECA `officeTypes="organisaatiotyyppi_03,organisaatiotyyppi_08"`.
  organisaatiotyyppi_03: 'toimipiste',
  toimipiste: 'toimipiste',
  organisaatiotyyppi_08: 'toimipiste',
};
const PRIORITY: readonly OrganisationKind[] = ['oppilaitos', 'toimipiste', 'koulutustoimija'];

function toOrganisation(
  n: Node,
  treeParent: string | undefined,
  options: ParseOptions,
): Organisation | undefined {
  const kinds = new Set(
    [...(n.tyypit ?? []), ...(n.organisaatiotyypit ?? [])].map(
      (t) => KIND_BY_TYPE[t.toLowerCase().split('#')[0] ?? ''],
    ),
  );
  const kind = PRIORITY.find((k) => kinds.has(k));
  if (!kind) return undefined;
  const closedOn = toIsoDate(n.lakkautusPvm);
  const statusActive = n.status === undefined || n.status === 'AKTIIVINEN';
  const org: Organisation = {
    oid: n.oid,
    kind,
    names: names(n.nimi),
    active: statusActive && (closedOn === undefined || closedOn >= options.today),
    source: options.source,
  };
  const parentOid = treeParent ?? n.parentOid ?? parentFromPath(n.oid, n.parentOidPath);
  if (parentOid) org.parentOid = parentOid;
  if (closedOn) org.closedOn = closedOn;
  if (kind === 'oppilaitos' && n.oppilaitosKoodi && /^\d{5}$/.test(n.oppilaitosKoodi)) {
    org.schoolCode = n.oppilaitosKoodi;
  }
  const officeCode = n.toimipistekoodi ?? n.toimipisteKoodi;
  if (kind === 'toimipiste' && officeCode) org.officeCode = officeCode;
  const type = /^oppilaitostyyppi_(\d+)/.exec(n.oppilaitostyyppi ?? n.oppilaitosTyyppiUri ?? '');
  if (type?.[1]) org.institutionType = type[1];
  const municipality = municipalityCode(n.kotipaikkaUri);
  if (municipality) org.municipality = { code: municipality, names: {} };
  return org;
}

/**
 * `kotipaikkaUri` `kunta_418` (optionally versioned, `kunta_418#2`) → `418` (docs/operations.md "Organisation data"). Names are added from
 * the koodisto later (municipality-names.ts); other URIs (e.g. `maakunta_…`) are not municipalities.
 */
export function municipalityCode(uri: string | null | undefined): string | undefined {
  return /^kunta_(\d{3})(#\d+)?$/.exec(uri ?? '')?.[1];
}

function names(nimi: Record<string, unknown> | undefined): Organisation['names'] {
  const out: Organisation['names'] = {};
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const value = nimi?.[lang];
    if (typeof value === 'string' && value.trim() !== '') out[lang] = value.normalize('NFC').trim();
  }
  return out;
}

/** `a/parent/…/root` (self first) in v4 responses, `|root|…|parent|` in older ones. */
function parentFromPath(oid: string, path: string | undefined): string | undefined {
  if (!path) return undefined;
  if (path.includes('|'))
    return path
      .split('|')
      .filter((p) => p !== '' && p !== oid)
      .at(-1);
  return path.split('/').filter((p) => p !== '' && p !== oid)[0];
}

/** lakkautusPvm is epoch milliseconds in hierarkia/hae and `YYYY-MM-DD` in RDTOV4. */
function toIsoDate(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = typeof value === 'number' ? new Date(value) : new Date(value.slice(0, 10));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
