import 'express-session';
import type { UserRole } from './domain/vocabulary';
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
}

declare global {
  namespace Express {
    interface Locals {
      user?: CurrentUser;
      csrfToken?: string;
      savedStatus?: { id: number; status: string };
    }
  }
}
