import { EngineParent, MatchingInput } from '../../src/matching/engine';

let sequence = 0;

/**
 * A parent as the matching engine sees it: enrolled, consenting, Dutch native, at school
 * 's1', neither seeking nor offering. Override what the scenario is about.
 */
export function anEngineParent(overrides: Partial<EngineParent> = {}): EngineParent {
  sequence += 1;
  return {
    id: `parent-${String(sequence).padStart(4, '0')}`,
    schoolId: 's1',
    householdId: null,
    seeksNow: false,
    offers: false,
    capacity: 0,
    currentLoad: 0,
    status: 'enrolled',
    consentToMatch: true,
    languages: [{ code: 'nl', level: 'native' }],
    dutchLevel: 'native',
    situations: [],
    childYears: [],
    childClasses: [],
    postcodeArea: null,
    availability: [],
    interests: [],
    yearsAtSchool: 0,
    waitingDays: 0,
    shareableSituations: [],
    ...overrides,
  };
}

/** A parent waiting for a buddy. */
export function aSeeker(overrides: Partial<EngineParent> = {}): EngineParent {
  return anEngineParent({ seeksNow: true, status: 'waiting', ...overrides });
}

/** A parent offering to be a buddy for one seeker. */
export function aBuddy(overrides: Partial<EngineParent> = {}): EngineParent {
  return anEngineParent({ offers: true, capacity: 1, yearsAtSchool: 3, ...overrides });
}

/** A run over the given parents with no exclusions, pins or custom weights, one school. */
export function aMatchingInput(overrides: Partial<MatchingInput> = {}): MatchingInput {
  return {
    parents: [],
    excludedPairs: [],
    pinnedPairs: [],
    allowCrossSchool: false,
    sensitiveSituations: [],
    ...overrides,
  };
}
