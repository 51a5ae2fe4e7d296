import 'express-session';
import type { UserRole } from './domain/vocabulary';

declare module 'express-session' {
  interface SessionData {
    userId: number;
    flash: string;
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
    }
  }
}
