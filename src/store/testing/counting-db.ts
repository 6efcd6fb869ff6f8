import type { KyselyPlugin } from 'kysely';
import type { Db } from '../database.ts';

/** Tests: the same store with every statement counted (how many round trips a code path makes). */
export function countingDb(db: Db): { db: Db; counter: { statements: number } } {
  const counter = { statements: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      counter.statements++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: db.withPlugin(plugin), counter };
}
