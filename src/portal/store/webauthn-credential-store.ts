import type { Db } from '../../store/database.ts';

export interface PasskeyCredential {
  id: string;
  personId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  signCount: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** People's passkeys. Every read is by the person's id, so a credential never answers for another person. */
export function createWebauthnCredentialStore(db: Db) {
  const toCredential = (row: {
    id: string;
    person_id: string;
    public_key: string;
    sign_count: string;
    transports: string[];
    name: string;
    created_at: Date;
    last_used_at: Date | null;
  }): PasskeyCredential => ({
    id: row.id,
    personId: row.person_id,
    publicKey: row.public_key,
    signCount: Number(row.sign_count),
    transports: row.transports,
    name: row.name,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
  });
  return {
    async add(
      input: Omit<PasskeyCredential, 'lastUsedAt' | 'createdAt'> & { createdAt: Date },
      tx: Db = db,
    ): Promise<void> {
      await tx
        .insertInto('portal_webauthn_credential')
        .values({
          id: input.id,
          person_id: input.personId,
          public_key: input.publicKey,
          sign_count: input.signCount,
          transports: JSON.stringify(input.transports),
          name: input.name,
          created_at: input.createdAt,
          last_used_at: null,
        })
        .execute();
    },
    async listForPerson(personId: string): Promise<PasskeyCredential[]> {
      const rows = await db
        .selectFrom('portal_webauthn_credential')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('created_at')
        .execute();
      return rows.map(toCredential);
    },
    async findForPerson(personId: string, id: string): Promise<PasskeyCredential | undefined> {
      const row = await db
        .selectFrom('portal_webauthn_credential')
        .selectAll()
        .where('person_id', '=', personId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toCredential(row);
    },
    /**
     * Records a use with the authenticator's new counter, only if the stored counter is still the one the
     * assertion was checked against: two racing sign-ins with one counter value cannot both pass
     * (WebAuthn §6.1.1 "Signature Counter Considerations").
     */
    async recordUse(input: {
      personId: string;
      id: string;
      previousCount: number;
      newCount: number;
      at: Date;
    }): Promise<boolean> {
      const result = await db
        .updateTable('portal_webauthn_credential')
        .set({ sign_count: input.newCount, last_used_at: input.at })
        .where('person_id', '=', input.personId)
        .where('id', '=', input.id)
        .where('sign_count', '=', String(input.previousCount))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
  };
}
