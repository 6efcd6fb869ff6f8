import { sql } from 'kysely';
import type { LocalisedText } from '../../core/language.ts';
import { PROBLEM_ADVICE } from '../../model/problem-advice.ts';
import type { ProblemCode } from '../../model/problem-codes.ts';
import type { Db } from '../../store/database.ts';
import { checkRange } from '../statistics/login-statistics-query.ts';

export interface DataQualityRow {
  integrationId: string;
  /** The school code the logins were counted under; '' when none could be read. */
  school: string;
  code: string;
  /** Data-model names of the attributes concerned. */
  attributes: string[];
  /** Logins of this integration and school on which the rule fired. */
  logins: number;
  /** All logins of this integration and school in the range (the share's denominator). */
  ofLogins: number;
  firstSeen: string;
  lastSeen: string;
  /** What school IT should fix in their registry; absent for a code no longer in the catalogue. */
  advice?: LocalisedText;
}

/** At most this many problem rows per answer, most frequent first. */
export const DATA_QUALITY_LIMIT = 200;

/**
 * Data-model problems per integration and school over the raw login reports (docs/operations.md
 * "Data quality"), for the integrations the caller may see: how often each rule fired, on what share of
 * logins, first and last time. Reports are kept only for their retention, so the range is at most that.
 */
export async function dataQuality(
  db: Db,
  input: { from: string; to: string; integrationIds: readonly string[] | 'all' },
): Promise<DataQualityRow[]> {
  checkRange(input.from, input.to);
  if (input.integrationIds !== 'all' && input.integrationIds.length === 0) return [];
  const start = new Date(`${input.from}T00:00:00Z`);
  const end = new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000);
  const scope =
    input.integrationIds === 'all' ? sql`true` : sql`integration_id in (${sql.join(input.integrationIds)})`;
  const result = await sql<{
    integration_id: string;
    school: string;
    code: string;
    attributes: string;
    logins: string;
    of_logins: string;
    first_seen: Date;
    last_seen: Date;
  }>`
    with reports as (
      select id, integration_id, school, problems, at from login_report
      where at >= ${start} and at < ${end} and integration_id <> '' and ${scope}
        -- Logins the data model ran on: not those cancelled or failed at the school.
        and (outcome is null or outcome in ('completed', 'completed:problems', 'failed:blocked'))
    ),
    totals as (
      select integration_id, school, count(*) as of_logins from reports group by integration_id, school
    ),
    fired as (
      select distinct r.id, r.integration_id, r.school, r.at, p->>'code' as code,
        coalesce((select string_agg(a, ',' order by a) from jsonb_array_elements_text(p->'attributes') a), '') as attributes
      from reports r, jsonb_array_elements(r.problems) p
    )
    select f.integration_id, f.school, f.code, f.attributes, count(distinct f.id) as logins,
      t.of_logins, min(f.at) as first_seen, max(f.at) as last_seen
    from fired f join totals t using (integration_id, school)
    group by f.integration_id, f.school, f.code, f.attributes, t.of_logins
    order by logins desc, f.integration_id, f.school, f.code
    limit ${DATA_QUALITY_LIMIT}
  `.execute(db);
  return result.rows.map((r) => ({
    integrationId: r.integration_id,
    school: r.school,
    code: r.code,
    attributes: r.attributes ? r.attributes.split(',') : [],
    logins: Number(r.logins),
    ofLogins: Number(r.of_logins),
    firstSeen: new Date(r.first_seen).toISOString(),
    lastSeen: new Date(r.last_seen).toISOString(),
    ...(Object.hasOwn(PROBLEM_ADVICE, r.code) ? { advice: PROBLEM_ADVICE[r.code as ProblemCode] } : {}),
  }));
}
