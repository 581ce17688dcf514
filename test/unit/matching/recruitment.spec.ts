import {
  type EngineParent,
  type MatchingInput,
  recruitmentAdvice,
} from '../../../src/matching/engine';

const SCHOOL = 'school-1';

function parent(id: string, p: Partial<EngineParent>): EngineParent {
  return {
    id,
    schoolId: SCHOOL,
    householdId: null,
    seeksNow: false,
    offers: false,
    capacity: 0,
    currentLoad: 0,
    status: 'waiting',
    consentToMatch: true,
    languages: [],
    dutchLevel: 'native',
    situations: [],
    childYears: [],
    childClasses: [],
    postcodeArea: null,
    availability: [],
    interests: [],
    yearsAtSchool: 3,
    waitingDays: 10,
    shareableSituations: [],
    ...p,
  };
}

const seeker = (id: string, p: Partial<EngineParent>): EngineParent =>
  parent(id, { seeksNow: true, ...p });

/**
 * A hand-made school: one Dutch-speaking buddy with one place, who takes Noor (Dutch, asks
 * nothing in particular). Left without a buddy: Amal and Aziz (Arabic only), Tolga (Turkish
 * only) and Daan (Dutch, asks for someone who went through a divorce).
 */
const input = (extra: EngineParent[] = []): MatchingInput => ({
  parents: [
    seeker('a-amal', {
      languages: [{ code: 'ar', level: 'native' }],
      dutchLevel: 'none',
      availability: ['mon-morning', 'tue-evening'],
    }),
    seeker('a-aziz', {
      languages: [{ code: 'ar', level: 'native' }],
      dutchLevel: 'none',
      availability: ['mon-morning'],
    }),
    seeker('t-tolga', { languages: [{ code: 'tr', level: 'native' }], dutchLevel: 'none' }),
    seeker('d-daan', { situations: [{ code: 'divorce', stance: 'seeking' }] }),
    seeker('n-noor', {}),
    parent('b-bram', { offers: true, capacity: 1, status: 'enrolled' }),
    ...extra,
  ],
  excludedPairs: [],
  pinnedPairs: [],
  allowCrossSchool: false,
  sensitiveSituations: ['divorce'],
});

describe('recruitment advice, computed by the engine', () => {
  it('ranks the kinds of new buddy by how many more seekers the engine then matches', () => {
    expect(recruitmentAdvice(input(), SCHOOL)).toEqual([
      // Amal and Aziz, both free on Monday mornings.
      { language: 'ar', situation: null, moreMatched: 2, availability: 'mon-morning' },
      { language: 'tr', situation: null, moreMatched: 1, availability: null },
      { language: null, situation: 'divorce', moreMatched: 1, availability: null },
    ]);
  });

  it('an Arabic speaker already with a free place: Arabic brings nobody more', () => {
    const hana = parent('h-hana', {
      offers: true,
      capacity: 2,
      status: 'enrolled',
      languages: [{ code: 'ar', level: 'native' }],
      dutchLevel: 'basic',
    });
    expect(recruitmentAdvice(input([hana]), SCHOOL).map((o) => o.language)).toEqual(['tr', null]);
  });

  it('nobody left waiting: no advice', () => {
    const many = parent('c-cor', {
      offers: true,
      capacity: 3,
      status: 'enrolled',
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'tr', level: 'fluent' },
      ],
      situations: [{ code: 'divorce', stance: 'experienced' }],
    });
    const extra = parent('c-cas', {
      offers: true,
      capacity: 1,
      status: 'enrolled',
      languages: [{ code: 'ar', level: 'native' }],
    });
    expect(recruitmentAdvice(input([many, extra]), SCHOOL)).toEqual([]);
  });
});
