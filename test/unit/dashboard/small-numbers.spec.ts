import { cellsToHide, hideSmallNumbers, type Cell } from '../../../src/dashboard/small-numbers';

const cells = (o: Record<string, number | [number, 'virtual']>): Map<string, Cell> =>
  new Map(
    Object.entries(o).map(([k, v]) =>
      Array.isArray(v)
        ? [k, { value: v[0], virtual: true, aboutParents: true }]
        : [k, { value: v, aboutParents: true }],
    ),
  );

describe('the small-numbers rule', () => {
  it('hides every count from 1 to 4, never 0 or 5', () => {
    const hidden = cellsToHide(cells({ a: 0, b: 1, c: 4, d: 5, e: 12 }), []);
    expect(Object.fromEntries(hidden)).toEqual({ b: 'small', c: 'small' });
  });

  it('hides a second part when the total minus the shown parts would give a small one away', () => {
    // 12 = 3 + 9: the 3 is small; 12 − 9 would reveal it, so the 9 goes too (not the total).
    const hidden = cellsToHide(cells({ total: 12, small: 3, big: 9 }), [['total', 'small', 'big']]);
    expect(Object.fromEntries(hidden)).toEqual({ small: 'small', big: 'difference' });
  });

  it('hides the smaller of the rest, and leaves a relation with two unknowns alone', () => {
    const hidden = cellsToHide(cells({ total: 30, a: 2, b: 20, c: 8 }), [['total', 'a', 'b', 'c']]);
    expect(Object.fromEntries(hidden)).toEqual({ a: 'small', c: 'difference' });
  });

  it('protects a complement that is never shown: all − group of 1 to 4', () => {
    // 9 parents, 7 of them in a group: the 2 outside it would follow from the two figures.
    const hidden = cellsToHide(cells({ all: 9, group: 7, rest: [2, 'virtual'] }), [
      ['all', 'group', 'rest'],
    ]);
    expect(Object.fromEntries(hidden)).toEqual({ group: 'difference' });
    // 12 and 7: the 5 outside it may be known.
    expect(
      cellsToHide(cells({ all: 12, group: 7, rest: [5, 'virtual'] }), [['all', 'group', 'rest']])
        .size,
    ).toBe(0);
  });

  it('follows a hidden figure into every relation it is part of (a chain)', () => {
    // total = a + b, b = c + d; a is small: b is hidden, then c or d must go too.
    const hidden = cellsToHide(cells({ total: 20, a: 3, b: 17, c: 10, d: 7 }), [
      ['total', 'a', 'b'],
      ['b', 'c', 'd'],
    ]);
    expect(Object.fromEntries(hidden)).toEqual({ a: 'small', b: 'difference', d: 'difference' });
  });

  it('treats two figures that are the same number as one: both shown or neither', () => {
    // 9 parents, 7 speak Arabic (as a reach group and in the language list): 2 do not.
    const hidden = cellsToHide(cells({ all: 9, group: 7, list: 7, rest: [2, 'virtual'] }), [
      ['group', 'list'],
      ['all', 'group', 'rest'],
    ]);
    expect(Object.fromEntries(hidden)).toEqual({ group: 'difference', list: 'difference' });
  });

  it('a dashboard: figures, shares and actions by the rule, with the reasons', () => {
    const d = hideSmallNumbers(
      {
        figures: {
          enrolled: 12,
          seekers: 9,
          buddies: 3,
          waiting: 6,
          waitingWithProposal: 2,
          waitingWithoutProposal: 4,
          waitingLong: 6,
          longestWaitDays: 40,
          medianDaysToProposal: 12,
          activitiesWithWaitlist: 1,
        },
        actions: [
          { key: 'runMatching', count: 4 },
          { key: 'waitingLong', count: 6 },
          { key: 'waitlists', count: 1 },
        ],
        reach: {
          parentsReached: 6,
          firstTimers: 2,
          takingPart: 8,
          weakDutchParents: 6,
          weakDutchTakingPart: 5,
          byLanguage: [],
          groups: [
            {
              group: 'all',
              parents: 12,
              withBuddy: 6,
              cameToActivity: 6,
              takingPart: 8,
              percent: 67,
            },
            {
              group: 'little_dutch',
              parents: 6,
              withBuddy: 5,
              cameToActivity: 5,
              takingPart: 5,
              percent: 83,
            },
          ],
        },
      },
      3,
    );
    expect(d.figures).toEqual({
      enrolled: 12,
      seekers: null, // 12 − 9 would give the 3 buddies away
      buddies: null, // small
      waiting: 6,
      waitingWithProposal: null, // small
      waitingWithoutProposal: null, // small
      waitingLong: 6,
      longestWaitDays: 40,
      medianDaysToProposal: null, // over 3 first proposals
      activitiesWithWaitlist: 1, // activities, not parents
    });
    expect(d.actions).toEqual([
      { key: 'runMatching', count: null },
      { key: 'waitingLong', count: 6 },
      { key: 'waitlists', count: 1 },
    ]);
    // With little Dutch: 6 parents, 5 of them with a buddy: the 1 without follows from the two
    // (so the 5s go); all: 6 + 6 with a buddy or at an activity − 8 taking part = 4 doing both
    // (so one of them goes), and 12 − 8 = 4 not taking part (so the 8, and its share, go).
    expect(d.reach.groups[1]).toEqual({
      group: 'little_dutch',
      parents: 6,
      withBuddy: null,
      cameToActivity: null,
      takingPart: null,
      percent: null,
    });
    expect(d.reach.groups[0]).toEqual({
      group: 'all',
      parents: 12,
      withBuddy: null,
      cameToActivity: 6,
      takingPart: null,
      percent: null,
    });
    expect(d.reach.takingPart).toBeNull();
    expect(d.reach.parentsReached).toBe(6);
    expect(d.reach.weakDutchTakingPart).toBeNull();
    expect(d.reach.firstTimers).toBeNull();
    expect((d as { hidden?: Record<string, string> }).hidden).toMatchObject({
      'figures.buddies': 'small',
      'figures.seekers': 'difference',
      'figures.waitingWithProposal': 'small',
      'figures.medianDaysToProposal': 'small',
      'reach.groups.little_dutch.takingPart': 'difference',
      'reach.groups.all.withBuddy': 'difference',
      'reach.groups.all.takingPart': 'difference',
      'reach.firstTimers': 'small',
    });
  });
});
