/** Public API of the pure matching engine: plain data in, plain data out. */
export * from './matching.types';
export * from './assignment.types';
export { proposeMatches } from './propose';
export { DEFAULT_WEIGHTS, MAX_WEIGHT, resolveWeights } from './weights';
export { MatchingError } from './matching.error';
export { eligibility, buildRuleContext, GENERIC_SITUATIONS } from './rules';
export type { Eligibility, RuleCode, RuleContext } from './rules';
export { scorePair, buildScoringContext } from './scoring';
export type { PairScore, ScoringContext } from './scoring';
export { solveBMatching } from './bmatching-solver';
export { solveReference } from './reference-solver';
export { whatWouldHelp, seekerLanguages } from './explain';
export type { HelpHint, HelpSeeker } from './explain';
