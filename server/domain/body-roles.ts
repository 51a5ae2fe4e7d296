import { t } from '../lib/i18n';

/**
 * A body is linked to a recommendation once, as its lead or among its
 * supporting bodies, never both. The form and the import hold the bodies
 * they were given to this one rule (each names a body its own way: an id, or a
 * name to be created, hence `keyOf`).
 */
export function leadAlsoSupportingProblem<T>(lead: T | undefined, supporting: readonly T[], keyOf: (body: T) => unknown = (body) => body): string | undefined {
  if (lead === undefined) return undefined;
  const leadKey = keyOf(lead);
  return supporting.some((body) => keyOf(body) === leadKey) ? t('recommendations.errors.lead_also_supporting') : undefined;
}
