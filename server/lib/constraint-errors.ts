import { t } from './i18n';
import type { FieldErrors } from './validation';

/**
 * A write the database refused as a form's field errors. Validation applies
 * the database's own rules first (server/domain/text.ts), so this is the
 * backstop: whatever constraint still fails on a user's write is shown beside
 * the field it concerns (422), never a 500.
 *
 * SQLite names the constraint in its message: a CHECK by its name (as in
 * server/db/schema.ts), a UNIQUE or NOT NULL by `table.column`.
 */

/** Constraint name or `table.column` → the form field it concerns. */
export type ConstraintFields = Record<string, string>;

interface SqliteErrorLike {
  code?: unknown;
  message?: unknown;
}

function messageFor(code: string, constraint: string): string {
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return t('validation.already_exists');
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return t('validation.unknown_choice');
  if (constraint.endsWith('_present') || code === 'SQLITE_CONSTRAINT_NOTNULL') return t('validation.required');
  if (constraint.endsWith('_http')) return t('validation.http_url');
  return t('validation.invalid');
}

/** The constraints a user's values can break; a trigger's RAISE is the application's own guard, a fault. */
const INPUT_CONSTRAINTS = ['CHECK', 'UNIQUE', 'NOTNULL', 'FOREIGNKEY', 'PRIMARYKEY'].map((kind) => `SQLITE_CONSTRAINT_${kind}`);

/** Matched on the code, not the class: jest loads the native addon twice. */
function isInputConstraintError(error: unknown): boolean {
  return INPUT_CONSTRAINTS.includes((error as SqliteErrorLike | null)?.code as string);
}

/** The field errors for a refused write; any other error is thrown again. */
export function constraintErrors(error: unknown, fields: ConstraintFields): FieldErrors {
  if (!isInputConstraintError(error)) throw error;
  const { code, message } = error as { code: string; message?: unknown };
  const named = typeof message === 'string' ? (message.split(': ')[1] ?? '') : '';
  const constraint = named.split(', ')[0]!;
  return { [fields[constraint] ?? '_form']: messageFor(code, constraint) };
}
