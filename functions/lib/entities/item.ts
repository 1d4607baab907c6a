/**
 * What every entity module shares: the table's key, the error for a stored item that does not
 * parse, and the parser that raises it. A stored item that does not parse is our fault, never
 * the caller's: it is a plain Error, so the HTTP layer logs it and answers a bare 500.
 */
import * as z from 'zod/mini';

/** The table's primary key. */
export interface Key {
  pk: string;
  sk: string;
}

/** An item read from the table that its entity's schema refuses. Names the entity, the field and the key, never a value. */
export class StoredItemError extends Error {
  override name = 'StoredItemError';
  constructor(
    readonly entity: string,
    readonly field: string,
    readonly key: string,
    problem: string,
  ) {
    super(`stored ${entity} item ${key} does not parse: ${field}: ${problem}`);
  }
}

/** The key of a raw item, for messages (ids only: keys carry no personal data). */
function keyText(item: unknown): string {
  const i = (item ?? {}) as Record<string, unknown>;
  return typeof i.pk === 'string' ? `${i.pk} / ${String(i.sk)}` : '(no key)';
}

/**
 * The parser of one entity: the item as its type, or a StoredItemError naming the first field
 * that does not fit. Schemas are loose objects, so attributes a schema does not name are kept:
 * a record read, changed and written back loses nothing (and its sealed state still matches).
 */
export function itemParser<T>(entity: string, schema: z.ZodMiniType): (item: unknown) => T {
  return (item) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data as T;
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(item)';
    throw new StoredItemError(entity, field, keyText(item), issue?.message ?? 'invalid');
  };
}

/**
 * The parsers of an entity's projections (queries that read only some attributes): the named
 * attributes are checked, whatever else was read is kept as it is.
 */
export const projectionParser =
  <T, S extends z.ZodMiniObject>(entity: string, schema: S) =>
  <K extends keyof S['shape'] & keyof T>(...fields: K[]) =>
    itemParser<Pick<T, K>>(entity, z.pick(schema, Object.fromEntries(fields.map((f) => [f, true])) as never));

/** The same parser for a read that may find nothing. */
export const maybe =
  <T>(parse: (item: unknown) => T) =>
  (item: unknown): T | undefined =>
    item === undefined ? undefined : parse(item);

/** An audited record as the records module changes it: where it is, its chain, and its parser. */
export interface StoredRecord<T> {
  key: Key;
  chain: string;
  parse: (item: unknown) => T;
}

/** Attributes every stored item has. */
export const keyShape = { pk: z.string(), sk: z.string() };
/** Attributes every audited record has (the position and hash of its newest event). */
export const auditedShape = { ...keyShape, auditSeq: z.number(), auditHead: z.string() };
/** A ISO 8601 time as stored (not re-checked for format: stored values were checked on the way in). */
export const time = z.string();
