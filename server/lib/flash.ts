import { t } from './i18n';

/**
 * The confirmation the next page shows once, after a save. It names what was
 * saved and links to it, so a confirmation read on another page (the list, the
 * board) still says which item changed; warnings say what was saved but looks
 * wrong (a date far ahead), without refusing it.
 */
export interface FlashMessage {
  /** Catalogue key of the sentence. */
  key: string;
  /** What was saved, as its reader knows it (a title, a name). */
  name?: string;
  /** Where it can be seen. */
  href?: string;
  warnings?: { key: string; params?: Record<string, string> }[];
  /** A new invitation's one-time link: shown once to the admin who made it, never stored. */
  invitation?: { url: string; name: string; expiresAt: string };
}

/** A bare key is a sentence alone (sign-in, set-up). */
export type Flash = string | FlashMessage;

export interface FlashView {
  text: string;
  name?: string;
  href?: string;
  warnings: string[];
  invitation?: FlashMessage['invitation'];
}

export function flashView(flash: Flash | undefined): FlashView | undefined {
  if (flash === undefined) return undefined;
  const message = typeof flash === 'string' ? { key: flash } : flash;
  return {
    text: t(message.key),
    name: message.name,
    href: message.href,
    warnings: (message.warnings ?? []).map((w) => t(w.key, w.params)),
    invitation: message.invitation,
  };
}
