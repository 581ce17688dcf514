import { ValidationError } from '../errors/domain-error';

/** The ETag of a versioned record: its version number in quotes. */
export const etag = (version: number): string => `"${version}"`;

/** The version in an If-Match header ("3", W/"3" or 3), or undefined when absent. */
export function parseIfMatch(header: string | undefined, what: string): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m)
    throw new ValidationError(
      `${what}.bad_if_match`,
      `If-Match must be the ETag of the ${what}, e.g. "3".`,
      [{ field: 'If-Match', messages: ['If-Match must be an ETag such as "3"'] }],
    );
  return Number(m[1]);
}
