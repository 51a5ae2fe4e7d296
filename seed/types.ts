import type {
  BodyKind,
  BodyRole,
  Confidence,
  EvidenceKind,
  Language,
  MechanismKind,
  MechanismLifecycle,
  RecordKind,
  SourceKind,
  StatusKey,
} from '../server/domain/vocabulary';

/**
 * The shape of the seed data. Records refer to each other by `key` (a stable
 * slug), never by database id, so that loading is idempotent: the loader
 * upserts on these keys.
 */

export interface SeedBody {
  key: string;
  name: string;
  /** Russian or Chinese name where it applies. */
  nativeName?: string;
  /** The native name's language; read from its script when not given (server/domain/data-language.ts). */
  nativeLanguage?: Language;
  acronym?: string;
  /** Country name in English (e.g. "Russia", "China") or "multilateral". */
  country: string;
  kind: BodyKind;
  /** Other names (a later official name, a name in another language or script) that a search should also find. */
  aliases?: string[];
}

export interface SeedMechanism {
  key: string;
  name: string;
  nativeName?: string;
  nativeLanguage?: Language;
  kind: MechanismKind;
  lifecycle: MechanismLifecycle;
  yearEstablished?: number;
  /** Keys of participating bodies. */
  participants: string[];
  description: string;
  /** Its dated lifecycle, as the publications record it; the stage and year established then follow from it. */
  lifecycleHistory?: SeedLifecycleChange[];
}

export interface SeedLifecycleChange {
  stage: MechanismLifecycle;
  /** YYYY, YYYY-MM or YYYY-MM-DD: as precise as the publication says. */
  effectiveOn: string;
  rationale: string;
  sourceTitle: string;
  sourceUrl?: string;
}

export interface SeedSource {
  key: string;
  title: string;
  authors: string;
  publisher: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY: as precise as the publication says. */
  publishedOn: string;
  kind: SourceKind;
  url?: string;
  language: Language;
  /** Shown on the source's page when the tracker holds only part of what the publication recommends. */
  coverageNote?: string;
}

export interface SeedEvidence {
  /** YYYY-MM-DD: the publication's own date when the publication itself is the evidence (and the note says "publication date"); never a date it does not give. */
  observedOn: string;
  text: string;
  sourceUrl?: string;
  sourceTitle: string;
  sourceKind: EvidenceKind;
  language: Language;
}

export interface SeedRecommendation {
  /** Unique within its source, e.g. "5.4" or "Kortunov-1". */
  reference: string;
  /** Reference of the parent recommendation in the same source. */
  parentReference?: string;
  shortTitle: string;
  /**
   * The publication's own words. A cut is marked "…" (also between passages
   * from different places); editorial framing (which document, who speaks) is
   * in [square brackets]. Nothing else: no paraphrase.
   */
  fullText: string;
  /** Defaults to "recommendation": a proposal of the publication's author or speaker. */
  kind?: RecordKind;
  mechanism?: string;
  bodies: { body: string; role: BodyRole }[];
  themes: string[];
  priority?: boolean;
  /** YYYY-MM-DD, only when the publication states a target. */
  targetDate?: string;
  /** Defaults to not_assessed; another status only with evidence from the publication itself. */
  status?: StatusKey;
  /** Required with a status other than not_assessed: why the publication supports it. */
  statusRationale?: string;
  confidence?: Confidence;
  evidence?: SeedEvidence;
}

export interface SeedPublication {
  source: SeedSource;
  recommendations: SeedRecommendation[];
}

export interface SeedData {
  bodies: SeedBody[];
  mechanisms: SeedMechanism[];
  publications: SeedPublication[];
}
