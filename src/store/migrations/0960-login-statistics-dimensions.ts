import { type Kysely, sql } from 'kysely';

/**
 * Statistics per school and role (docs/operations.md "Daily login statistics"): the daily counters gain
 * the school code and role kind a login is counted under ('' when absent, so old rows keep their meaning),
 * and the key grows with them. Raw login reports gain what the support trace and the data-quality view
 * need: the flow and error ids, the outcome and error code with the operator's detail, the school, what
 * the service asked for, and the names (never values) of the released attributes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE login_daily ADD COLUMN school text NOT NULL DEFAULT '';
    ALTER TABLE login_daily ADD COLUMN role text NOT NULL DEFAULT '';
    ALTER TABLE login_daily DROP CONSTRAINT login_daily_pkey;
    ALTER TABLE login_daily ADD PRIMARY KEY (day, service_id, integration_id, school, role, outcome);
    -- An organisation's own numbers: its integrations (education provider) or services (service provider).
    CREATE INDEX login_daily_integration_day ON login_daily (integration_id, day);
    CREATE INDEX login_daily_service_day ON login_daily (service_id, day);
    -- Closed months rolled up per dimension (day, service, integration, school, role) and outcome, so the
    -- operator's 25-month view of a whole federation reads thousands of rows, not millions.
    CREATE TABLE login_rollup (
      month date NOT NULL,
      dimension text NOT NULL,
      key text NOT NULL,
      outcome text NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (month, dimension, key, outcome)
    );
    CREATE TABLE login_rollup_month (month date PRIMARY KEY, rolled_up_at timestamptz NOT NULL);

    ALTER TABLE login_report ADD COLUMN flow_id text;
    ALTER TABLE login_report ADD COLUMN error_id text;
    ALTER TABLE login_report ADD COLUMN outcome text;
    ALTER TABLE login_report ADD COLUMN error_code text;
    ALTER TABLE login_report ADD COLUMN error_detail text;
    ALTER TABLE login_report ADD COLUMN school text NOT NULL DEFAULT '';
    ALTER TABLE login_report ADD COLUMN request jsonb;
    ALTER TABLE login_report ADD COLUMN released jsonb;
    CREATE INDEX login_report_error_id ON login_report (error_id) WHERE error_id IS NOT NULL;
    CREATE INDEX login_report_flow_id ON login_report (flow_id) WHERE flow_id IS NOT NULL;
    CREATE INDEX login_report_service_at ON login_report (service_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE login_rollup, login_rollup_month;
    DROP INDEX login_daily_integration_day, login_daily_service_day;
    DELETE FROM login_daily WHERE school <> '' OR role <> '';
    ALTER TABLE login_daily DROP CONSTRAINT login_daily_pkey;
    ALTER TABLE login_daily DROP COLUMN school, DROP COLUMN role;
    ALTER TABLE login_daily ADD PRIMARY KEY (day, service_id, integration_id, outcome);
    DROP INDEX login_report_error_id, login_report_flow_id, login_report_service_at;
    ALTER TABLE login_report DROP COLUMN flow_id, DROP COLUMN error_id, DROP COLUMN outcome,
      DROP COLUMN error_code, DROP COLUMN error_detail, DROP COLUMN school, DROP COLUMN request,
      DROP COLUMN released;
  `.execute(db);
}
