import type { Db } from '../../store/database.ts';
import { portalStores } from './portal-deps.ts';

/** On a store with no portal account yet, tells whoever started Passi how to become the first operator. */
export async function firstOperatorHint(db: Db, log: (line: string) => void): Promise<void> {
  if ((await portalStores(db).people.countPeople()) > 0) return;
  log(
    'the management portal has no accounts yet: run `passi operator invite YOUR-EMAIL` (npm run passi -- operator invite YOUR-EMAIL) and open the printed link to become the first operator (docs/portal.md)',
  );
}
