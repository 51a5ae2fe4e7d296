import 'express-session';
import type { Language, UserRole } from './domain/vocabulary';
import type { Flash } from './lib/flash';

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** When the user signed in (ms): the absolute session timeout counts from here. */
    startedAt: number;
    flash: Flash;
    /** The status just changed from a list row or card: shown beside that item on the next page. */
    savedStatus: { id: number; status: string };
    csrfToken: string;
  }
}

export interface CurrentUser {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  /** The interface language the user chose; null follows the browser. */
  language?: Language | null;
}

declare global {
  namespace Express {
    interface Locals {
      user?: CurrentUser;
      csrfToken?: string;
      savedStatus?: { id: number; status: string };
      /** The request's interface language (server/lib/language-choice.ts). */
      language?: Language;
      /** The language an anonymous visitor picked (their cookie), or '' to follow the browser. */
      languagePicked?: Language | '';
      /** The language switcher's view model. */
      languageSwitcher?: { back: string; options: { value: string; text: string; lang?: Language; selected: boolean }[] };
    }
  }
}
