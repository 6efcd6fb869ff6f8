import type { RawAttributes } from '../../core/upstream-identity.ts';
import { cell, isRecord, putJoined, text } from '../structured-values.ts';

/**
 * Wilma's user data (`/external/mpass`) → the raw attributes the data model reads (attribute-mapping.ts
 * WILMA defaults, the ECA REST names of github.com/mpassid/shibboleth-idp-attribute-ecadata).
 *
 * Accepted shapes: the legacy array `[{first_name, last_name, cryptid, roles: [{school, group, role}]}]`
 * (first element) and the `wilmav2` ECA UserDTO `{username, first_name, last_name, nickname,
 * roles: [{school, role, group, groupLevel, learningMaterialsCharge}], attributes: [{name, value}]}`.
 *
 * Structured roles become `;`-joined strings with ONE POSITION PER ROLE ENTRY, in Wilma's order, so the
 * multivalue rule (docs/data-model.md "Multivalue rules") pairs school i with role i, group i, level i and charge i:
 *   roles [{school 30076, role student, group 9F}, {school 99977, role teacher}]
 *   → schoolCodes "30076;99977", schoolRoles "student;teacher", schoolGroups "9F;".
 * A list whose positions are all empty (no groups, no charges) is left out. `;` inside a value would shift
 * positions, so it is replaced by `,`. When `roles` is empty, the `attributes` list (schoolCodes,
 * schoolRoles, schoolGroups, groupLevel, learningMaterialsCharges as `;` strings) is used as ECA does.
 * The principal (`username`) is the `userid` Wilma signed in the redirect, not a JSON field.
 *
 * Every other field of the document stays available to the integration's mapping under its own name
 * (e.g. a learner id sent as `oppijanumero`: map `learnerId: oppijanumero`): top-level scalars and lists
 * of scalars, and each unknown role-entry field as `roles.<field>`, one position per role. Names the
 * connector derives are never overwritten by a same-named field of the document.
 */
export function wilmaUserAttributes(userid: string, body: unknown): RawAttributes | undefined {
  const user = Array.isArray(body) ? body[0] : body;
  if (!isRecord(user)) return undefined;
  const out: RawAttributes = { username: [userid] };
  for (const name of ['first_name', 'last_name', 'nickname'] as const) {
    const v = text(user[name]);
    if (v) out[name] = [v];
  }
  const extra = Array.isArray(user.attributes) ? user.attributes.filter(isRecord) : [];
  const fromList = new Map<string, string>();
  for (const a of extra) {
    const name = text(a.name);
    const value = typeof a.value === 'string' ? a.value.trim() : text(a.value);
    if (name && value && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) fromList.set(name, value);
  }
  const learnerId = fromList.get('learnerId') ?? text(user.learnerId);
  if (learnerId) out.learnerId = [learnerId];

  const roles = Array.isArray(user.roles) ? user.roles.filter(isRecord) : [];
  if (roles.length > 0) {
    const column = (key: string) => roles.map((r) => cell(r[key]));
    putJoined(out, 'schoolCodes', column('school'));
    putJoined(out, 'schoolRoles', column('role'));
    putJoined(out, 'schoolGroups', column('group'));
    putJoined(out, 'groupLevel', column('groupLevel'));
    putJoined(out, 'learningMaterialsCharges', column('learningMaterialsCharge'));
    const municipality = column('municipality');
    putJoined(out, 'municipality', municipality);
  } else {
    for (const name of [
      'schoolCodes',
      'schoolRoles',
      'schoolGroups',
      'groupLevel',
      'learningMaterialsCharges',
    ]) {
      const v = fromList.get(name);
      if (v) out[name] = [v];
    }
  }
  for (const [name, value] of fromList) if (!(name in out)) out[name] = [value];
  keepOtherFields(out, user, roles);
  return out;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const STRUCTURED = new Set(['roles', 'attributes']);
const ROLE_FIELDS = new Set([
  'school',
  'role',
  'group',
  'groupLevel',
  'learningMaterialsCharge',
  'municipality',
]);
/** Bounds what one user document can add (the data model caps values again, read-source-values.ts). */
const MAX_FIELDS = 100;

function keepOtherFields(
  out: RawAttributes,
  user: Record<string, unknown>,
  roles: Record<string, unknown>[],
): void {
  let added = 0;
  const put = (name: string, values: string[]) => {
    if (added >= MAX_FIELDS || Object.hasOwn(out, name) || !FIELD_NAME.test(name)) return;
    if (values.length === 0) return;
    out[name] = values;
    added++;
  };
  for (const [name, value] of Object.entries(user)) {
    if (STRUCTURED.has(name)) continue;
    put(
      name,
      (Array.isArray(value) ? value : [value]).map(scalar).filter((v) => v !== ''),
    );
  }
  const roleFields = new Set(roles.flatMap((r) => Object.keys(r)).filter((k) => !ROLE_FIELDS.has(k)));
  for (const field of roleFields) {
    const column = roles.map((r) => cell(scalar(r[field])));
    if (column.some((v) => v !== '')) put(`roles.${field}`, [column.join(';')]);
  }
}

function scalar(value: unknown): string {
  return typeof value === 'boolean' ? String(value) : text(value);
}
