/** Public API of the pure matching engine: plain data in, plain data out. */
export * from './matching.types';
export * from './assignment.types';
export { proposeMatches, candidateLists } from './propose';
export type { ProgressPhase, ProposeOptions } from './propose';
export { DEFAULT_WEIGHTS, MAX_WEIGHT, resolveWeights } from './weights';
export { MatchingError } from './matching.error';
export { eligibility, buildRuleContext, GENERIC_SITUATIONS } from './rules';
export type { Eligibility, RuleCode, RuleContext } from './rules';
export { scorePair, scorePoints, buildScoringContext } from './scoring';
export type { PairScore, ScoringContext } from './scoring';
export { solveBMatching } from './bmatching-solver';
export { solveReference } from './reference-solver';
export { whatWouldHelp, seekerLanguages } from './explain';
export type { HelpHint, HelpSeeker } from './explain';
export { recruitmentAdvice, CANDIDATE_PLACES, MAX_CANDIDATES } from './recruitment';
export type { RecruitmentOption } from './recruitment';
