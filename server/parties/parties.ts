import { hasTranslation, t, tIn } from '../lib/i18n';
import { currentLanguage, type Language } from '../lib/language';

/**
 * Parties: the sides of a joint recommendation (docs/decisions/0010-each-sides-progress.md). A party is a country
 * as the recommendation's bodies name it (bodies.country, e.g. "Russia"); a recommendation whose bodies, lead and
 * supporting, come from two countries or more has a side for each, kept by the triggers of the party_statuses
 * migration. A multilateral body names no side (its members are not recorded as bodies), nor does a body an
 * import created whose country nobody has entered yet (server/import/service.ts NEW_BODY): the same list is in the
 * migration's SQL.
 */
export const NOT_PARTIES = ['multilateral', 'unspecified'] as const;

/** A party's name in URLs and report columns: "Russia" → "russia", "South Korea" → "south-korea". */
export function partySlug(party: string): string {
  return (
    party
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '') || 'party'
  );
}

/** The party's name in the interface's language where the catalogue has it (party.name.<slug>), else as the data has it. */
export function partyName(party: string): string {
  return partyNameIn(party, currentLanguage());
}

export function partyNameIn(party: string, lang: Language): string {
  const key = `party.name.${partySlug(party)}`;
  return hasTranslation(key) ? tIn(lang, key) : party;
}

/** "Status for China": each language declines the name its own way, so known parties have their own entry. */
export function statusForLabel(party: string): string {
  const key = `party.status_for.${partySlug(party)}`;
  return hasTranslation(key) ? t(key) : t('party.status_for_side', { party: partyName(party) });
}

/** The list's `party_status` filter: "China" (a side of China's) or "China:no_action" (China's side in that status). */
export function splitPartyStatus(value: string): { party: string; status?: string } {
  const at = value.lastIndexOf(':');
  return at < 0 ? { party: value } : { party: value.slice(0, at), status: value.slice(at + 1) };
}
