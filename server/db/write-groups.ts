import { writeTransaction, type Db } from './client';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  write: () => unknown;
  settle: (outcome: Outcome) => void;
}

const waiting = new WeakMap<Db, Pending[]>();

/**
 * Runs `write` in the next commit this connection makes, together with the
 * saves of the other requests that arrive in the same turn of the event loop,
 * and resolves once that commit is written to the log. Each write is its own
 * savepoint: one that throws is undone and rejected alone. If the commit
 * itself fails, every write in it is rejected, and none has been answered.
 *
 * Why: a commit costs about as much again as the statements of a status
 * update, and analysts saving at the same moment would otherwise each pay
 * for one.
 */
export function inNextCommit<T>(db: Db, write: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let group = waiting.get(db);
    if (!group) {
      group = [];
      waiting.set(db, group);
      setImmediate(() => commitGroup(db));
    }
    group.push({ write, settle: (o) => (o.ok ? resolve(o.value as T) : reject(o.error)) });
  });
}

function commitGroup(db: Db): void {
  const group = waiting.get(db) ?? [];
  waiting.delete(db);
  let outcomes: Outcome[];
  try {
    outcomes = writeTransaction(db, () =>
      group.map((pending): Outcome => {
        try {
          return { ok: true, value: writeTransaction(db, pending.write) };
        } catch (error) {
          // CASE: after some errors (a full disk) SQLite rolls back the whole transaction: the group fails with that cause.
          if (!db.$client.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
  } catch (error) {
    outcomes = group.map(() => ({ ok: false, error }));
  }
  group.forEach((pending, i) => pending.settle(outcomes[i]!));
}
