import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { commit } from '../db/commit';
import type { SqliteSessionStore } from '../auth/session-store';
import { findUserById, leavesNoAdmin, listUsers, SEED_AUTHOR_EMAIL, updateUser } from '../auth/users';
import { createInvitation, INVITATION_DAYS, pendingInvitations, revokeInvitation } from '../auth/invitations';
import { publicBaseUrl } from '../lib/public-url';
import { logSecurityEvent } from '../lib/security-log';
import { USER_ROLES } from '../domain/vocabulary';
import { NotFoundError } from '../lib/errors';
import { constraintErrors } from '../lib/constraint-errors';
import { toMinute } from '../lib/dates';
import { t } from '../lib/i18n';
import { redirectAfterWrite, render } from '../lib/render';
import { parseInput, routeIdOf, type FieldErrors } from '../lib/validation';
import { ENTITIES, type EntityDef } from './entities';
import { invitationSchema, userChangeSchema } from './schemas';

const INVITATION_CONSTRAINTS = { invitations_name_present: 'name' };

export function createAdminHandlers(db: Db, sessions: SqliteSessionStore, publicUrl?: string) {
  function renderUsers(req: Request, res: Response, extra: { values?: unknown; errors?: FieldErrors; rowErrors?: Record<number, string> } = {}) {
    render(req, res, {
      page: 'admin-users',
      title: 'admin.users_title',
      status: extra.errors || extra.rowErrors ? 422 : 200,
      model: {
        users: listUsers(db).filter((u) => u.email !== SEED_AUTHOR_EMAIL),
        invitations: pendingInvitations(db).map((i) => ({ ...i, expiresAt: toMinute(i.expiresAt) })),
        roles: USER_ROLES,
        invitationDays: INVITATION_DAYS,
        values: extra.values ?? { role: 'editor' },
        errors: extra.errors,
        rowErrors: extra.rowErrors,
      },
    });
  }

  function entityOf(req: Request): EntityDef {
    const entity = ENTITIES.find((e) => req.path.startsWith(`/admin/${e.key}`));
    if (!entity) throw new NotFoundError();
    return entity;
  }

  function formModel(entity: EntityDef, values: Record<string, unknown>, id?: number) {
    const derived = id === undefined ? [] : (entity.derivedFields?.(db, id) ?? []);
    return {
      entity: entity.key,
      fields: entity.fields.map((f) => ({
        ...f,
        value: values[f.name],
        options: f.options?.(db),
        derived: derived.includes(f.name),
      })),
    };
  }

  function renderEntityForm(req: Request, res: Response, entity: EntityDef, values: Record<string, unknown>, id?: number, errors?: FieldErrors) {
    render(req, res, {
      page: 'admin-entity-form',
      title: id ? `admin.${entity.key}_edit_title` : `admin.${entity.key}_new_title`,
      status: errors ? 422 : 200,
      model: { ...formModel(entity, values, id), id, errors, action: id ? `/admin/${entity.key}/${id}` : `/admin/${entity.key}` },
    });
  }

  async function saveEntity(req: Request, res: Response, id?: number) {
    const entity = entityOf(req);
    if (id !== undefined && !entity.valuesOf(db, id)) throw new NotFoundError();
    const parsed = parseInput(entity.schema, req.body);
    if (!parsed.ok) return renderEntityForm(req, res, entity, req.body, id, parsed.errors);
    try {
      const savedId = await commit(db, (tx) => {
        if (id === undefined) return entity.insert(tx, parsed.data);
        entity.update(tx, id, parsed.data);
        return id;
      });
      redirectAfterWrite(req, res, `/${entity.key}/${savedId}`, { key: 'flash.saved', name: String(parsed.data.name ?? parsed.data.title), href: `/${entity.key}/${savedId}` });
    } catch (error) {
      // CASE: constraint failures are the user's input (a duplicate name, a body deleted meanwhile), not faults.
      renderEntityForm(req, res, entity, req.body, id, constraintErrors(error, entity.constraints));
    }
  }

  return {
    index(req: Request, res: Response) {
      render(req, res, { page: 'admin', title: 'admin.title', model: { entities: ENTITIES.map((e) => ({ key: e.key, count: e.list(db).length })) } });
    },

    users(req: Request, res: Response) {
      renderUsers(req, res);
    },

    async invite(req: Request, res: Response) {
      const parsed = parseInput(invitationSchema, req.body);
      if (!parsed.ok) return renderUsers(req, res, { values: req.body, errors: parsed.errors });
      let result;
      try {
        result = await commit(db, (tx) => createInvitation(tx, parsed.data, res.locals.user!.id));
      } catch (error) {
        return renderUsers(req, res, { values: req.body, errors: constraintErrors(error, INVITATION_CONSTRAINTS) });
      }
      if (!result.ok) return renderUsers(req, res, { values: req.body, errors: { email: t('validation.email_taken') } });
      const { invitation, token } = result;
      logSecurityEvent(req, res, 'invitation_created', { email: invitation.email });
      // The link is shown once, on the page this redirect opens; only its hash is stored.
      redirectAfterWrite(req, res, '/admin/users', {
        key: 'flash.invitation_created',
        name: invitation.name,
        invitation: { url: `${publicBaseUrl(req, publicUrl)}/invitations/${token}`, name: invitation.name, expiresAt: toMinute(invitation.expiresAt) },
      });
    },

    async revokeInvitation(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const revoked = await commit(db, (tx) => revokeInvitation(tx, id));
      if (!revoked) throw new NotFoundError();
      logSecurityEvent(req, res, 'invitation_revoked', { email: revoked.email });
      redirectAfterWrite(req, res, '/admin/users', { key: 'flash.invitation_revoked', name: revoked.name });
    },

    async changeUser(req: Request, res: Response) {
      const id = routeIdOf(req.params);
      const user = findUserById(db, id);
      if (!user || user.email === SEED_AUTHOR_EMAIL) throw new NotFoundError();
      const parsed = parseInput(userChangeSchema, req.body);
      if (!parsed.ok) return renderUsers(req, res, { rowErrors: { [id]: Object.values(parsed.errors)[0] ?? '' } });
      const changed = await commit(db, (tx) => {
        if (leavesNoAdmin(tx, user, parsed.data)) return false;
        updateUser(tx, id, parsed.data);
        // A deactivated user is signed out everywhere at once, not at their next request's expiry.
        if (!parsed.data.active) sessions.destroyAllForUser(tx, id);
        return true;
      });
      if (!changed) return renderUsers(req, res, { rowErrors: { [id]: t('admin.errors.last_admin') } });
      redirectAfterWrite(req, res, '/admin/users', { key: 'flash.user_updated', name: user.name, href: `/admin/users#user-${id}` });
    },

    entityList(req: Request, res: Response) {
      const entity = entityOf(req);
      render(req, res, { page: 'admin-entities', title: `admin.${entity.key}_title`, model: { entity: entity.key, rows: entity.list(db) } });
    },

    entityNew(req: Request, res: Response) {
      renderEntityForm(req, res, entityOf(req), {});
    },

    entityCreate(req: Request, res: Response) {
      return saveEntity(req, res);
    },

    entityEdit(req: Request, res: Response) {
      const entity = entityOf(req);
      const id = routeIdOf(req.params);
      const values = entity.valuesOf(db, id);
      if (!values) throw new NotFoundError();
      renderEntityForm(req, res, entity, values, id);
    },

    entityUpdate(req: Request, res: Response) {
      return saveEntity(req, res, routeIdOf(req.params));
    },
  };
}
