import { z } from 'zod';
import { optionalChoice } from '../lib/validation';
import { formQuerySchema, optionalPage } from '../filters/schema';

/** The list's query: the shared filters (server/filters), its order and its page. */
export const SORTS = ['updated', 'target', 'status', 'title', 'reference'] as const;
export type Sort = (typeof SORTS)[number];

export const PAGE_SIZE = 50;

export const listQuerySchema = formQuerySchema.extend({
  sort: optionalChoice(SORTS),
  page: optionalPage,
});

export type ListQuery = z.output<typeof listQuerySchema>;
