import type { Db } from '../store/database.ts';

/** `passi orgdata refresh [--from-file F]` — wired to the organisation-data module (issue 5 §5). */
export async function orgdataCommand(_db: Db, positionals: string[], _fromFile: string | undefined): Promise<number> {
  if (positionals[0] !== 'refresh') {
    console.error('usage: passi orgdata refresh [--from-file FILE]');
    return 2;
  }
  console.error('passi orgdata refresh: organisation data refresh is not available in this build yet');
  return 1;
}
