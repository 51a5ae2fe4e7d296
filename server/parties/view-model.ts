import type { Db } from '../db/client';
import type { StatusKey } from '../domain/vocabulary';
import { NotFoundError } from '../lib/errors';
import { t } from '../lib/i18n';
import { findRecommendation } from '../recommendations/queries';
import { partyName, partySlug, statusForLabel } from './parties';
import { sideHistory, sidesOf } from './queries';

/** View models of the sides: the detail page's block and a side's own page. */

const sideHref = (recommendationId: number, party: string) => `/recommendations/${recommendationId}/parties/${partySlug(party)}`;

/**
 * The detail page's sides, next to each other, and what differs in words: the sides from each other, or the
 * sides from the overall status. None for a recommendation with no sides (its bodies are from one country).
 */
export function sidesViewModel(db: Db, recommendationId: number, overall: StatusKey) {
  const sides = sidesOf(db, recommendationId);
  if (sides.length === 0) return undefined;
  const rows = sides.map((side) => {
    const last = side.updatedAt === null ? undefined : sideHistory(db, recommendationId, side.party)[0];
    return { ...side, name: partyName(side.party), last, href: sideHref(recommendationId, side.party) };
  });
  const described = rows.map((r) => t('party.side_is', { party: r.name, status: t(`status.${r.status}`) })).join('; ');
  const statuses = new Set(rows.map((r) => r.status));
  const differences =
    statuses.size > 1
      ? t('party.sides_differ', { sides: described })
      : !statuses.has(overall)
        ? t('party.sides_differ_from_overall', { status: t(`status.${rows[0]!.status}`), overall: t(`status.${overall}`) })
        : undefined;
  return { rows, differences };
}

/** A side's own page: where it stands, its history, and (for editors) the form that sets it. */
export function sidePageModel(db: Db, recommendationId: number, slug: string) {
  const found = findRecommendation(db, recommendationId);
  const side = found && sidesOf(db, recommendationId).find((s) => partySlug(s.party) === slug);
  if (!found || !side) throw new NotFoundError();
  const action = `${sideHref(recommendationId, side.party)}/status`;
  return {
    recommendation: found.recommendation,
    side: {
      ...side,
      slug,
      name: partyName(side.party),
      label: statusForLabel(side.party),
      heading: t('party.page_heading', { party: partyName(side.party) }),
      action,
      // The shared status form reads the current status (the one it will not offer) from `recommendation`.
      form: { id: recommendationId, status: side.status },
    },
    history: sideHistory(db, recommendationId, side.party),
  };
}
