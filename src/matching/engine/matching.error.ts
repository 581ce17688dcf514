/**
 * The one error the matching engine throws. Plain TypeScript, no framework: the Nest layer
 * maps it to a problem document (an invalid input is a 4xx, never a 5xx).
 *
 * Codes:
 * - `matching.invalid_weights`: a school weight is not a finite integer >= 0, or a cap or
 *   penalty order makes no sense; `details.key` names the weight.
 * - `matching.pin_invalid`: a pinned pair breaks a hard rule; `details.rule` names it.
 * - `matching.duplicate_parent`: the same parent id occurs twice in the input.
 */
export class MatchingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'MatchingError';
  }
}
