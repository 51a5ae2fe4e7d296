import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { toMinute } from '../lib/dates';
import { t } from '../lib/i18n';
import { redirectAfterWrite, render } from '../lib/render';
import { logSecurityEvent } from '../lib/security-log';
import { parseInput, type FieldErrors } from '../lib/validation';
import type { Invitation } from '../db/schema';
import { newPasswordFields, passwordsMatch, startSession } from './handlers';
import { acceptInvitation, findUsableInvitation } from './invitations';

/** The page an invitation link opens: the colleague sets their password and is signed in. */

const acceptSchema = z
  .object({ ...newPasswordFields, _csrf: z.string().optional() })
  .strict()
  .refine(...passwordsMatch);

/** A link used, revoked, expired or never made: 410, and what to do about it. */
function renderUnusable(req: Request, res: Response) {
  render(req, res, { page: 'invitation-unusable', title: 'invitations.unusable_title', status: 410 });
}

function renderForm(req: Request, res: Response, invitation: Invitation, errors?: FieldErrors) {
  render(req, res, {
    page: 'invitation',
    title: 'invitations.title',
    status: errors ? 422 : 200,
    model: { invitation: { name: invitation.name, email: invitation.email, role: invitation.role, expiresAt: toMinute(invitation.expiresAt) }, errors, token: req.params.token },
  });
}

export function createInvitationHandlers(db: Db) {
  return {
    show(req: Request, res: Response) {
      // The page carries the link's token in its form: never kept by a browser or proxy.
      res.set('Cache-Control', 'no-store');
      const invitation = findUsableInvitation(db, String(req.params.token));
      if (!invitation) return renderUnusable(req, res);
      renderForm(req, res, invitation);
    },

    async accept(req: Request, res: Response) {
      res.set('Cache-Control', 'no-store');
      const token = String(req.params.token);
      const invitation = findUsableInvitation(db, token);
      if (!invitation) return renderUnusable(req, res);
      const parsed = parseInput(acceptSchema, req.body);
      if (!parsed.ok) return renderForm(req, res, invitation, parsed.errors);
      const result = await acceptInvitation(db, token, parsed.data.password);
      if (!result.ok) {
        if (result.reason === 'unusable') return renderUnusable(req, res);
        return renderForm(req, res, invitation, { _form: t('invitations.email_taken') });
      }
      logSecurityEvent(req, res, 'invitation_accepted', { userId: result.user.id });
      await startSession(req, result.user.id);
      redirectAfterWrite(req, res, '/recommendations', { key: 'flash.invitation_accepted', name: result.user.name });
    },
  };
}
