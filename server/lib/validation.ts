import { z } from 'zod';
import { hasControlCharacter, isBlank, isHttpUrl, trimText } from '../domain/text';
import { t } from './i18n';
import { NotFoundError } from './errors';

/**
 * Field builders shared by every form and query schema, and the one function
 * that turns zod issues into translated messages keyed by field.
 */

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Empty form fields arrive as ''; optional fields treat them as absent (a value of invisible characters is empty too). */
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && isBlank(v) ? undefined : v);

/**
 * Text as the database stores it (server/domain/text.ts): control characters
 * refused, invisible characters trimmed from both ends.
 */
const text = (max: number, missing = 'validation.invalid') =>
  z
    .string({ error: missing })
    .refine((v) => !hasControlCharacter(v), { error: 'validation.control_character', abort: true })
    .transform(trimText)
    .pipe(z.string().max(max, { error: () => t('validation.too_long', { max }) }));

export const requiredText = (max: number) => z.preprocess(blankToUndefined, text(max, 'validation.required'));

export const optionalText = (max: number) => z.preprocess(blankToUndefined, text(max).optional());

export const requiredDate = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required' })
  .refine(isCalendarDate, { error: 'validation.date' });

export const optionalDate = z.preprocess(blankToUndefined, requiredDate.optional());

/** A date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD (a publication's, a mechanism's founding). */
export const requiredPartialDate = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required' })
  .refine((v) => /^\d{4}$/.test(v) || (/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) || isCalendarDate(v), { error: 'validation.partial_date' });

export const optionalHttpUrl = z.preprocess(blankToUndefined, text(2000).refine(isHttpUrl, { error: 'validation.http_url' }).optional());

export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'validation.invalid_choice' });

export const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, choice(values).optional());

export const id = z.coerce.number({ error: 'validation.invalid' }).int({ error: 'validation.invalid' }).positive({
  error: 'validation.invalid',
});

export const optionalId = z.preprocess(blankToUndefined, id.optional());

/** A `<select multiple>` or repeated checkbox: absent, one value or many. */
export const idList = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]),
  z.array(id),
);

/** An HTML checkbox: present means on. */
export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || v === true, z.boolean());

const routeId = z.object({ id });

/** The `:id` of a route; one that is not a positive integer names nothing, so it is a 404. */
export function routeIdOf(params: unknown): number {
  const parsed = routeId.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.id;
}

export type FieldErrors = Record<string, string>;

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

function messageFor(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return t('validation.unexpected_field', { fields: issue.keys.join(', ') });
  if (issue.message.startsWith('validation.')) return t(issue.message);
  if (issue.code === 'invalid_type') return t('validation.invalid');
  return issue.message;
}

/** Parses form or query input; the first problem of each field becomes its message. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    errors[field] ??= messageFor(issue);
  }
  return { ok: false, errors };
}
