import { t } from '../lib/i18n';
import type { FieldErrors } from '../lib/validation';
import type { StatusKey } from './vocabulary';

/**
 * When a status change may take effect: not after the day it is recorded, and
 * not before the current status took effect, so the history stays in order and
 * `status_since` is always the latest change's date (decision 0006). The status
 * form and the import hold a change to this one rule.
 */
export function effectiveDateProblem(effectiveOn: string, currentSince: string | null | undefined, day: string): string | undefined {
  if (effectiveOn > day) return t('validation.not_in_future');
  if (currentSince && effectiveOn < currentSince) return t('status_update.errors.before_current', { date: currentSince });
  return undefined;
}

/**
 * A status form's change, by its fields: to another status than the current
 * one, on a date the rule above allows. The overall status and a party's side
 * (server/parties) are set with the same form and held to the same rules.
 */
export function statusChangeErrors(current: { status: StatusKey; statusSince: string | null }, change: { status: StatusKey; effectiveOn: string }, day: string): FieldErrors {
  const errors: FieldErrors = {};
  if (change.status === current.status) errors.status = t('status_update.errors.same_status');
  const dateProblem = effectiveDateProblem(change.effectiveOn, current.statusSince, day);
  if (dateProblem) errors.effective_on = dateProblem;
  return errors;
}
