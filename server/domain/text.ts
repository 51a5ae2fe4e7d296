/**
 * What counts as text, defined once: validation (zod), the database's CHECK
 * constraints and the import all read these rules, so that what validation
 * passes the database stores.
 *
 * - Control characters (C0 other than tab, line feed and carriage return, and
 *   DEL) are never text: they are refused where they arrive. SQLite's text
 *   functions stop at a NUL, so a NUL that got through would turn "a rationale
 *   is not blank" into a database error.
 * - A value is trimmed of the characters a reader cannot see: Unicode white
 *   space (the non-breaking and ideographic spaces among them) and the
 *   zero-width format characters, byte-order mark included. What is left may
 *   not be empty where the field is required.
 * - A web address is absolute http or https with a host.
 */

/** Characters trimmed from both ends of every text value: JavaScript's white space plus the zero-width ones. */
export const INVISIBLE_CODE_POINTS = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x180e, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x200b, 0x200c, 0x200d, 0x2028, 0x2029, 0x202f, 0x205f, 0x2060, 0x3000, 0xfeff,
] as const;

const invisibleClass = INVISIBLE_CODE_POINTS.map((c) => `\\u{${c.toString(16)}}`).join('');
const edges = new RegExp(`^[${invisibleClass}]+|[${invisibleClass}]+$`, 'gu');

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/** The value without the invisible characters at either end. */
export function trimText(value: string): string {
  return value.replace(edges, '');
}

export function isBlank(value: string): boolean {
  return trimText(value) === '';
}

const HTTP_PREFIX = /^https?:\/\/[^/?#]/i;

/** Absolute http or https with a host: the scheme written out with its two slashes, then a host a URL parser accepts. */
export function isHttpUrl(value: string): boolean {
  if (!HTTP_PREFIX.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
