import { createHash } from 'node:crypto';
import type { Db } from '../../store/database.ts';

export interface TermsText {
  fi: string;
  sv: string;
  en: string;
}

export interface TermsVersion {
  id: number;
  publishedAt: Date;
  publishedBy: string;
  text: TermsText;
  sha256: string;
}

export interface TermsAcceptance {
  termsVersion: number;
  sha256: string;
  email: string;
  personId?: string;
  at: Date;
  applicationId?: string;
  organisationId?: string;
}

/** SHA-256 (hex) over the three language versions as a JSON array in the order fi, sv, en. */
export function termsHash(text: TermsText): string {
  return createHash('sha256')
    .update(JSON.stringify([text.fi, text.sv, text.en]), 'utf8')
    .digest('hex');
}

/** Published terms of service versions (never changed once published) and their acceptances. */
export function createTermsStore(db: Db) {
  const toVersion = (row: {
    id: number;
    published_at: Date | string;
    published_by: string;
    text_fi: string;
    text_sv: string;
    text_en: string;
    text_sha256: string;
  }): TermsVersion => ({
    id: Number(row.id),
    publishedAt: new Date(row.published_at),
    publishedBy: row.published_by,
    text: { fi: row.text_fi, sv: row.text_sv, en: row.text_en },
    sha256: row.text_sha256,
  });
  return {
    /** Publishes the next version number; two operators publishing at once: one fails on the key. */
    async publish(text: TermsText, by: string, at: Date, tx: Db = db): Promise<TermsVersion> {
      const last = await tx
        .selectFrom('portal_terms_version')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      const id = Number(last?.id ?? 0) + 1;
      const sha256 = termsHash(text);
      await tx
        .insertInto('portal_terms_version')
        .values({
          id,
          published_at: at,
          published_by: by,
          text_fi: text.fi,
          text_sv: text.sv,
          text_en: text.en,
          text_sha256: sha256,
        })
        .execute();
      return { id, publishedAt: at, publishedBy: by, text, sha256 };
    },
    async current(tx: Db = db): Promise<TermsVersion | undefined> {
      const row = await tx
        .selectFrom('portal_terms_version')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toVersion(row);
    },
    async list(): Promise<TermsVersion[]> {
      const rows = await db.selectFrom('portal_terms_version').selectAll().orderBy('id', 'desc').execute();
      return rows.map(toVersion);
    },
    async recordAcceptance(a: TermsAcceptance, tx: Db = db): Promise<void> {
      await tx
        .insertInto('portal_terms_acceptance')
        .values({
          terms_version: a.termsVersion,
          text_sha256: a.sha256,
          accepted_by_email: a.email,
          accepted_by_person: a.personId ?? null,
          accepted_at: a.at,
          application_id: a.applicationId ?? null,
          organisation_id: a.organisationId ?? null,
        })
        .execute();
    },
    /** An approved application's acceptance now also names the organisation it was made for. */
    async attachToOrganisation(applicationId: string, organisationId: string, tx: Db = db): Promise<void> {
      await tx
        .updateTable('portal_terms_acceptance')
        .set({ organisation_id: organisationId })
        .where('application_id', '=', applicationId)
        .execute();
    },
    async acceptancesOf(organisationId: string): Promise<TermsAcceptance[]> {
      const rows = await db
        .selectFrom('portal_terms_acceptance')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        termsVersion: Number(r.terms_version),
        sha256: r.text_sha256,
        email: r.accepted_by_email,
        personId: r.accepted_by_person ?? undefined,
        at: new Date(r.accepted_at),
        applicationId: r.application_id ?? undefined,
        organisationId: r.organisation_id ?? undefined,
      }));
    },
  };
}
