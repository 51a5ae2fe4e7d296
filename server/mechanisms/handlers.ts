import type { Request, Response } from 'express';
import type { Db } from '../db/client';
import { commit } from '../db/commit';
import { MECHANISM_LIFECYCLES, MEETING_LEVELS } from '../domain/vocabulary';
import { constraintErrors, type ConstraintFields } from '../lib/constraint-errors';
import { NotFoundError } from '../lib/errors';
import { redirectAfterWrite, render } from '../lib/render';
import { parseInput, routeIdOf, type FieldErrors } from '../lib/validation';
import { findMechanism } from '../reference/queries';
import { findMeeting } from './queries';
import { LIFECYCLE_CONSTRAINTS, lifecycleFormSchema, lifecycleParams, MEETING_CONSTRAINTS, meetingFormSchema, meetingParams } from './schemas';
import { deleteLifecycleChange, deleteMeeting, recordLifecycleChange, recordMeeting, updateMeeting, type ActivityResult } from './service';
import { meetingFormModel, meetingValues } from './view-models';

/** A write the database refused anyway: its refusal as the form's field errors. */
function refused(fields: ConstraintFields) {
  return (error: unknown): ActivityResult => ({ ok: false, errors: constraintErrors(error, fields) });
}

function paramsOf<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

export function createMechanismActivityHandlers(db: Db) {
  function mechanismOf(id: number) {
    const mechanism = findMechanism(db, id);
    if (!mechanism) throw new NotFoundError();
    return mechanism;
  }

  function renderMeetingForm(req: Request, res: Response, mechanismId: number, values: Record<string, unknown>, meetingId?: number, errors?: FieldErrors) {
    render(req, res, {
      page: 'meeting-form',
      title: meetingId ? 'meetings.edit_title' : 'meetings.new_title',
      status: errors ? 422 : 200,
      model: {
        mechanism: mechanismOf(mechanismId),
        meetingId,
        action: meetingId ? `/mechanisms/${mechanismId}/meetings/${meetingId}` : `/mechanisms/${mechanismId}/meetings`,
        levels: MEETING_LEVELS,
        errors,
        ...meetingFormModel(db, mechanismId, values),
      },
    });
  }

  function renderLifecycleForm(req: Request, res: Response, mechanismId: number, values: Record<string, unknown>, errors?: FieldErrors) {
    render(req, res, {
      page: 'lifecycle-form',
      title: 'lifecycle_changes.new_title',
      status: errors ? 422 : 200,
      model: { mechanism: mechanismOf(mechanismId), stages: MECHANISM_LIFECYCLES, values, errors },
    });
  }

  /** After a save: back to the mechanism's page at the entry, with a confirmation naming the mechanism. */
  const saved = (req: Request, res: Response, mechanismId: number, anchor: string, key: string) => {
    const href = `/mechanisms/${mechanismId}#${anchor}`;
    redirectAfterWrite(req, res, href, { key, name: mechanismOf(mechanismId).name, href });
  };

  return {
    newMeeting(req: Request, res: Response) {
      renderMeetingForm(req, res, routeIdOf(req.params), {});
    },

    async createMeeting(req: Request, res: Response) {
      const mechanismId = routeIdOf(req.params);
      mechanismOf(mechanismId);
      const parsed = parseInput(meetingFormSchema, req.body);
      const userId = res.locals.user!.id;
      const result = parsed.ok ? await commit(db, (tx) => recordMeeting(tx, mechanismId, parsed.data, userId)).catch(refused(MEETING_CONSTRAINTS)) : parsed;
      if (!result.ok) return renderMeetingForm(req, res, mechanismId, req.body, undefined, result.errors);
      saved(req, res, mechanismId, `meeting-${result.id}`, 'flash.meeting_recorded');
    },

    editMeeting(req: Request, res: Response) {
      const { id, meetingId } = paramsOf(meetingParams, req.params);
      const meeting = findMeeting(db, id, meetingId);
      if (!meeting) throw new NotFoundError();
      renderMeetingForm(req, res, id, meetingValues(meeting), meetingId);
    },

    async updateMeeting(req: Request, res: Response) {
      const { id, meetingId } = paramsOf(meetingParams, req.params);
      if (!findMeeting(db, id, meetingId)) throw new NotFoundError();
      const parsed = parseInput(meetingFormSchema, req.body);
      const userId = res.locals.user!.id;
      const result = parsed.ok ? await commit(db, (tx) => updateMeeting(tx, id, meetingId, parsed.data, userId)).catch(refused(MEETING_CONSTRAINTS)) : parsed;
      if (!result.ok) return renderMeetingForm(req, res, id, req.body, meetingId, result.errors);
      saved(req, res, id, `meeting-${meetingId}`, 'flash.meeting_updated');
    },

    async deleteMeeting(req: Request, res: Response) {
      const { id, meetingId } = paramsOf(meetingParams, req.params);
      await commit(db, (tx) => deleteMeeting(tx, id, meetingId, res.locals.user!.id));
      saved(req, res, id, 'activity', 'flash.meeting_deleted');
    },

    newLifecycleChange(req: Request, res: Response) {
      renderLifecycleForm(req, res, routeIdOf(req.params), {});
    },

    async createLifecycleChange(req: Request, res: Response) {
      const mechanismId = routeIdOf(req.params);
      mechanismOf(mechanismId);
      const parsed = parseInput(lifecycleFormSchema, req.body);
      const userId = res.locals.user!.id;
      const result = parsed.ok ? await commit(db, (tx) => recordLifecycleChange(tx, mechanismId, parsed.data, userId)).catch(refused(LIFECYCLE_CONSTRAINTS)) : parsed;
      if (!result.ok) return renderLifecycleForm(req, res, mechanismId, req.body, result.errors);
      saved(req, res, mechanismId, `lifecycle-${result.id}`, 'flash.lifecycle_recorded');
    },

    async deleteLifecycleChange(req: Request, res: Response) {
      const { id, changeId } = paramsOf(lifecycleParams, req.params);
      await commit(db, (tx) => deleteLifecycleChange(tx, id, changeId));
      saved(req, res, id, 'activity', 'flash.lifecycle_deleted');
    },
  };
}
