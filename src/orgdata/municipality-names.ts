import { z } from 'zod';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { Municipality, Organisation } from './organisation.ts';

/**
 * Municipality names from OPH's koodisto, code list `kunta` (https://virkailija.opintopolku.fi/organisaatio-service/swagger-ui/index.html: koodisto JSON is
 * `koodiUri, koodiArvo, versio, metadata[{nimi, kieli FI|SV|EN}]`), read from
 * `GET /koodisto-service/rest/json/kunta/koodi` (organisation-service-client.ts `municipalities`).
 */
export type MunicipalityNames = ReadonlyMap<string, Municipality['names']>;

/**
 * Statistics Finland's artificial municipality numbers, which the `kunta` list also carries: 198 "ei
 * kotikuntaa Suomessa", 199 "kotikunta tuntematon", 200 "Ulkomaa", 999 "Ei tiedossa (kunta)". They name no
 * place, so a school is never searchable by them (docs/decisions-data-model.md "Municipality").
 */
export const ARTIFICIAL_CODES: ReadonlySet<string> = new Set(['198', '199', '200', '999']);

const koodi = z.looseObject({
  koodiUri: z.string(),
  koodiArvo: z.string(),
  metadata: z.array(z.looseObject({ kieli: z.string(), nimi: z.string().nullish() })),
});

/** Code → fi/sv names. Entries that are not `kunta_<3 digits>`, or are artificial, are skipped. */
export function parseMunicipalityNames(json: unknown): Map<string, Municipality['names']> {
  const list = z.array(koodi).safeParse(json);
  if (!list.success) {
    const reason = list.error.issues[0]?.message ?? 'unexpected shape';
    fail(ErrorCodes.ORGDATA_INVALID, `koodisto kunta: ${reason}`);
  }
  const out = new Map<string, Municipality['names']>();
  for (const k of list.data) {
    if (!/^\d{3}$/.test(k.koodiArvo) || k.koodiUri !== `kunta_${k.koodiArvo}`) continue;
    if (ARTIFICIAL_CODES.has(k.koodiArvo)) continue;
    const names: Municipality['names'] = {};
    for (const m of k.metadata) {
      const name = m.nimi?.normalize('NFC').trim();
      if (!name) continue;
      if (m.kieli.toUpperCase() === 'FI') names.fi = name;
      else if (m.kieli.toUpperCase() === 'SV') names.sv = name;
    }
    if (names.fi || names.sv) out.set(k.koodiArvo, names);
  }
  return out;
}

/** The organisations with their municipality's names from the code list (codes it lacks stay nameless). */
export function withMunicipalityNames(
  organisations: readonly Organisation[],
  names: MunicipalityNames,
): Organisation[] {
  return organisations.map((org) => {
    const found = org.municipality ? names.get(org.municipality.code) : undefined;
    return org.municipality && found
      ? { ...org, municipality: { code: org.municipality.code, names: { ...found } } }
      : org;
  });
}
