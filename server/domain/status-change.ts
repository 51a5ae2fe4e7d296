import { t } from '../lib/i18n';

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
