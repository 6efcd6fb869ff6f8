import { randomUUID } from 'node:crypto';
import type { Db } from '../../store/database.ts';
import type { PortalRole } from '../domain/roles.ts';

export interface Membership {
  organisationId: string;
  role: PortalRole;
}

export interface PortalPerson {
  id: string;
  email: string;
  displayName: string;
  status: 'invited' | 'active' | 'disabled';
  passwordHash: string | null;
  totpSecretSealed: string | null;
  totpLastStep: number | null;
}

/** People, their memberships and recovery codes. Every read is by the person's own id or address. */
export function createPeopleStore(db: Db) {
  const toPerson = (row: {
    id: string;
    email: string;
    display_name: string;
    status: PortalPerson['status'];
    password_hash: string | null;
    totp_secret: string | null;
    totp_last_step: string | null;
  }): PortalPerson => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    passwordHash: row.password_hash,
    totpSecretSealed: row.totp_secret,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
  });
  return {
    async findByEmail(email: string, tx: Db = db): Promise<PortalPerson | undefined> {
      const row = await tx
        .selectFrom('portal_person')
        .selectAll()
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
      return row && toPerson(row);
    },
    async findById(id: string, tx: Db = db): Promise<PortalPerson | undefined> {
      const row = await tx.selectFrom('portal_person').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPerson(row);
    },
    /** The person for an address, created as `invited` when new. */
    async ensureInvited(email: string, tx: Db = db): Promise<PortalPerson> {
      const normalised = email.toLowerCase();
      await tx
        .insertInto('portal_person')
        .values({ id: randomUUID(), email: normalised, status: 'invited' })
        .onConflict((oc) => oc.column('email').doNothing())
        .execute();
      const person = await this.findByEmail(normalised, tx);
      if (!person) throw new Error('person vanished right after insert');
      return person;
    },
    async activate(
      id: string,
      input: {
        displayName: string;
        passwordHash: string;
        /** Null when the person chose a passkey instead (docs/portal.md "Passkeys"). */
        totpSecretSealed: string | null;
        totpStep: number | null;
      },
      tx: Db = db,
    ): Promise<void> {
      await tx
        .updateTable('portal_person')
        .set({
          status: 'active',
          display_name: input.displayName,
          password_hash: input.passwordHash,
          totp_secret: input.totpSecretSealed,
          totp_last_step: input.totpStep,
        })
        .where('id', '=', id)
        .execute();
    },
    /**
     * Records a used TOTP step unless it or a later one was already used: the conditional update makes a
     * code single-use even when two sign-ins race (RFC 6238 §5.2).
     */
    async useTotpStep(id: string, step: number): Promise<boolean> {
      const result = await db
        .updateTable('portal_person')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async memberships(personId: string): Promise<Membership[]> {
      const rows = await db
        .selectFrom('portal_membership')
        .select(['organisation_id', 'role'])
        .where('person_id', '=', personId)
        .orderBy('created_at')
        .orderBy('organisation_id')
        .execute();
      return rows.map((r) => ({ organisationId: r.organisation_id, role: r.role }));
    },
    async addMembership(personId: string, m: Membership, tx: Db = db): Promise<void> {
      await tx
        .insertInto('portal_membership')
        .values({ person_id: personId, organisation_id: m.organisationId, role: m.role })
        .onConflict((oc) => oc.columns(['person_id', 'organisation_id', 'role']).doNothing())
        .execute();
    },
    async replaceRecoveryCodes(personId: string, hashes: string[], tx: Db = db): Promise<void> {
      await tx.deleteFrom('portal_recovery_code').where('person_id', '=', personId).execute();
      await tx
        .insertInto('portal_recovery_code')
        .values(hashes.map((code_hash) => ({ person_id: personId, code_hash, used_at: null })))
        .execute();
    },
    /** Marks an unused recovery code used; false when there is no such unused code. */
    async useRecoveryCode(personId: string, codeHash: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('portal_recovery_code')
        .set({ used_at: at })
        .where('person_id', '=', personId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async countPeople(): Promise<number> {
      const row = await db
        .selectFrom('portal_person')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
