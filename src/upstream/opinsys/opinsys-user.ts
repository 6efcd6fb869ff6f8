import type { RawAttributes } from '../../core/upstream-identity.ts';
import { cell, isRecord, putJoined, text } from '../structured-values.ts';

/**
 * Opinsys (Puavo) user data → raw attributes (attribute-mapping.ts OPINSYS defaults). Sources, in order: the
 * verified SSO JWT's claims, then (when the integration has REST credentials) the Puavo REST user
 * `/v3/users/_by_id/<id>` whose fields win.
 *
 * Schools become `;`-joined strings with ONE POSITION PER SCHOOL in Puavo's order (the multivalue rule of docs/data-model.md
 * pairs them): `school_codes` (the school's `school_code`, else `external_id`), `roles` (the school's first
 * role, else the user's `user_type`), `groups` (the first group of type "teaching group", else the first
 * group, else empty), `learning_materials_charges` (the school's `learning_materials_charge`, 0 or 1, else
 * empty). Positions that are all empty are left out; `;` inside a value becomes `,`.
 *
 * `group_levels` is the class level read from the user's `year_class` (the name of the student's
 * "year class" group, e.g. `8` or `8A`): its leading number 0–10, else nothing (puavo-web
 * rest/doc/SSO_DEVELOPERS.md; a year-class name such as `heroes-2019` carries no level).
 */
export function opinsysAttributes(claims: Record<string, unknown>, rest: unknown): RawAttributes {
  const user: Record<string, unknown> = { ...claims, ...(isRecord(rest) ? rest : {}) };
  const out: RawAttributes = {};
  const id = text(claims.id);
  if (id) out.id = [id];
  for (const name of [
    'username',
    'first_name',
    'last_name',
    'nickname',
    'email',
    'user_type',
    'learner_id',
    'organisation_domain',
    'external_id',
  ]) {
    const v = text(user[name]);
    if (v) out[name] = [v];
  }
  const schools = Array.isArray(user.schools) ? user.schools.filter(isRecord) : [];
  if (schools.length > 0) {
    const userType = text(user.user_type);
    putJoined(
      out,
      'school_codes',
      schools.map((s) => cell(s.school_code) || cell(s.external_id)),
    );
    putJoined(
      out,
      'roles',
      schools.map((s) => (Array.isArray(s.roles) ? cell(s.roles[0]) : '') || cell(userType)),
    );
    putJoined(out, 'groups', schools.map(teachingGroup));
    putJoined(
      out,
      'school_names',
      schools.map((s) => cell(s.name)),
    );
    putJoined(out, 'learning_materials_charges', schools.map(materialsCharge));
  }
  const level = classLevel(user.year_class);
  if (level) out.group_levels = [level];
  return out;
}

/**
 * Puavo sends the charge per school as `learning_materials_charge`: `0`/`1`, or `X;YYYYY` (the charge
 * and the school code it belongs to, SSO_DEVELOPERS.md). A code naming another school, or any other
 * value, is dropped rather than guessed (github.com/mpassid/shibboleth-idp-attribute-ecadata accepts only 0 and 1).
 */
function materialsCharge(school: Record<string, unknown>): string {
  const [charge, code] = text(school.learning_materials_charge).split(';');
  if (charge !== '0' && charge !== '1') return '';
  if (code !== undefined && code.trim() !== '' && code.trim() !== text(school.school_code)) return '';
  return charge;
}

function classLevel(yearClass: unknown): string | undefined {
  const match = /^(\d{1,2})(?![0-9])/.exec(text(yearClass));
  const level = match ? Number(match[1]) : Number.NaN;
  return level >= 0 && level <= 10 ? String(level) : undefined;
}

function teachingGroup(school: Record<string, unknown>): string {
  const groups = Array.isArray(school.groups) ? school.groups : [];
  const named = groups.map((g) =>
    isRecord(g)
      ? { type: text(g.type), name: cell(g.name) || cell(g.abbreviation) }
      : { type: '', name: cell(g) },
  );
  return (named.find((g) => g.type === 'teaching group') ?? named[0])?.name ?? '';
}
