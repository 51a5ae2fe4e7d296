import { z } from 'zod';
import { USER_ROLES } from '../domain/vocabulary';
import { checkbox, choice, requiredText } from '../lib/validation';

/** The admin's forms on accounts, as zod parses them. */

const csrf = { _csrf: z.string().optional() };

/** An invitation: who, at which address, in which role. The colleague sets the password themselves. */
export const invitationSchema = z
  .object({
    ...csrf,
    name: requiredText(200),
    email: z.string({ error: 'validation.required' }).trim().pipe(z.email({ error: 'validation.email' })),
    role: choice(USER_ROLES),
  })
  .strict();

export const userChangeSchema = z.object({ ...csrf, role: choice(USER_ROLES), active: checkbox }).strict();
