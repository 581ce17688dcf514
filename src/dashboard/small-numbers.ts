/**
 * The small-numbers rule (privacy, issue 15): for staff without access to personal data, a
 * figure about fewer than SMALL_COUNT parents is not shown ("fewer than 5"), and neither is a
 * figure from which such a number could be worked out by adding or subtracting figures that
 * are shown ("hidden", complementary suppression).
 *
 * Pure: cells (a path, a value) and relations (sets of cells that add up: knowing all but one
 * of a relation's cells gives the last one) in, the cells to hide out. A relation may hold a
 * virtual cell, a number that is never shown but can be worked out (the parents of a school
 * NOT in a group = all − group); a virtual cell of 1 to 4 must stay unknown too.
 */

/** Counts below this (and above zero) are hidden from staff without personal-data access. */
export const SMALL_COUNT = 5;

/** Why a figure is not shown: it is small itself, or it would let a small one be worked out. */
export type HiddenReason = 'small' | 'difference';

export interface Cell {
  value: number;
  /** Never shown: only stands in relations (a complement, an overlap). */
  virtual?: boolean;
  /** A count about parents (or pairs): hidden when 1 to SMALL_COUNT − 1. */
  aboutParents?: boolean;
}

export const isSmall = (v: number): boolean => v > 0 && v < SMALL_COUNT;

/**
 * Which shown cells to hide, and why. First every small count about parents; then, until
 * nothing changes, every relation with exactly one unknown cell (hidden, or virtual and not
 * 0) that must stay unknown (a hidden cell, or a small virtual one) hides one more of its
 * other cells: the smallest one above zero (so the large totals stay when they can).
 */
export function cellsToHide(
  cells: ReadonlyMap<string, Cell>,
  relations: readonly (readonly string[])[],
): Map<string, HiddenReason> {
  const hidden = new Map<string, HiddenReason>();
  for (const [path, c] of cells)
    if (!c.virtual && c.aboutParents && isSmall(c.value)) hidden.set(path, 'small');
  const usable = relations
    .map((r) => [...new Set(r)].filter((p) => cells.has(p)))
    .filter((r) => r.length >= 2);
  for (let changed = true; changed;) {
    changed = false;
    for (const r of usable) {
      // A virtual cell of 0 counts as known: a reader may well guess it (nobody is both a
      // seeker and a buddy), so it protects nothing.
      const unknown = r.filter(
        (p) => hidden.has(p) || (cells.get(p)!.virtual && cells.get(p)!.value !== 0),
      );
      if (unknown.length !== 1) continue;
      const u = unknown[0];
      const mustStayUnknown = hidden.has(u) || isSmall(cells.get(u)!.value);
      if (!mustStayUnknown) continue;
      const shown = r
        .filter((p) => p !== u && !cells.get(p)!.virtual)
        .sort((a, b) => {
          const va = cells.get(a)!.value;
          const vb = cells.get(b)!.value;
          return Number(va === 0) - Number(vb === 0) || va - vb;
        });
      if (!shown.length) continue;
      hidden.set(shown[0], 'difference');
      changed = true;
    }
  }
  return hidden;
}

/** A dashboard's shape as far as the rule needs it (every part but the figures optional). */
export interface SuppressibleDashboard {
  figures: Record<string, number | null>;
  actions?: { key: string; count: number | null }[];
  languages?: { language: string; enrolled: number | null; waiting: number | null }[];
  reach?: {
    parentsReached: number | null;
    firstTimers: number | null;
    takingPart: number | null;
    weakDutchParents: number | null;
    weakDutchTakingPart: number | null;
    byLanguage: { language: string; parents: number | null; reached: number | null }[];
    groups: {
      group: string;
      parents: number | null;
      withBuddy: number | null;
      cameToActivity: number | null;
      takingPart: number | null;
      percent: number | null;
    }[];
  };
  trends?: {
    months: (Record<string, number | string | null> & { month: string })[];
    checkIns: Record<string, number | null>;
    endings: Record<string, number | null>;
  };
  advice?: { count: number | null }[];
  hidden?: Record<string, HiddenReason>;
}

/** Figures that are not about parents: activities, places. Days follow their count. */
const NOT_ABOUT_PARENTS = new Set([
  'activitiesWithWaitlist',
  'medianDaysToProposal',
  'longestWaitDays',
  'places',
  'longestDaysToProposal',
]);

/** Which figure each action counts. */
const ACTION_FIGURE: Record<string, string> = {
  proposals: 'proposed',
  runMatching: 'waitingWithoutProposal',
  waitingLong: 'waitingLong',
  needsAttention: 'needsAttention',
  noCheckIn: 'pairsWithoutCheckIn',
  failedMessages: 'failedMessages',
  openTasks: 'openTasks',
  waitlists: 'activitiesWithWaitlist',
};

const GROUP_COLUMNS = ['parents', 'withBuddy', 'cameToActivity', 'takingPart'] as const;

/**
 * Applies the rule to a dashboard (for a viewer): every count that is small or would reveal a
 * small one becomes null, `hidden` says which and why. `firstProposals` is the number of
 * seekers the median days to a first proposal is computed over (the median of fewer than
 * SMALL_COUNT parents is hidden too). Returns a new object; the input is not changed.
 */
export function hideSmallNumbers<D extends { figures: object }>(
  dashboard: D,
  firstProposals: number,
): D {
  // Interfaces have no index signature: the parts are read as records of numbers.
  const d = dashboard as unknown as SuppressibleDashboard;
  const cells = new Map<string, Cell>();
  const relations: string[][] = [];
  let virtuals = 0;
  const cell = (path: string, value: number | null, aboutParents = true): string => {
    cells.set(path, { value: value ?? 0, aboutParents });
    return path;
  };
  /** A number never shown, standing in relations (a complement, an overlap). */
  const virtual = (value: number): string => {
    const path = `virtual:${virtuals++}`;
    cells.set(path, { value, virtual: true, aboutParents: true });
    return path;
  };
  const v = (path: string): number => cells.get(path)?.value ?? 0;
  /** `part` is a part of `whole`: the rest (whole − part) must not be small either. */
  const partOf = (whole: string, part: string): void => {
    relations.push([whole, part, virtual(v(whole) - v(part))]);
  };

  const F = (k: string): string => `figures.${k}`;
  for (const [k, value] of Object.entries(d.figures)) cell(F(k), value, !NOT_ABOUT_PARENTS.has(k));
  // Never shown: only decides whether the median is.
  cells.set('figures:firstProposals', { value: firstProposals, virtual: true });
  relations.push([F('waiting'), F('waitingWithProposal'), F('waitingWithoutProposal')]);
  relations.push([
    F('enrolled'),
    F('seekers'),
    F('buddies'),
    virtual(v(F('seekers')) + v(F('buddies')) - v(F('enrolled'))),
  ]);
  partOf(F('seekers'), F('waiting'));
  partOf(F('waiting'), F('waitingLong'));
  partOf(F('activePairs'), F('pairsWithoutCheckIn'));

  for (const l of d.languages ?? []) {
    const base = `languages.${l.language}`;
    partOf(cell(`${base}.enrolled`, l.enrolled), cell(`${base}.waiting`, l.waiting));
  }

  const r = d.reach;
  if (r) {
    const G = (g: string, k: string): string => `reach.groups.${g}.${k}`;
    for (const g of r.groups) {
      for (const k of GROUP_COLUMNS) cell(G(g.group, k), g[k]);
      const tp = G(g.group, 'takingPart');
      const withBuddy = G(g.group, 'withBuddy');
      const came = G(g.group, 'cameToActivity');
      // Taking part = with a buddy + came − both.
      relations.push([tp, withBuddy, came, virtual(v(withBuddy) + v(came) - v(tp))]);
      for (const k of ['withBuddy', 'cameToActivity', 'takingPart'])
        partOf(G(g.group, 'parents'), G(g.group, k));
      if (g.group !== 'all' && r.groups.some((x) => x.group === 'all'))
        for (const k of GROUP_COLUMNS) partOf(G('all', k), G(g.group, k));
      if (g.group.startsWith('language:'))
        relations.push([G(g.group, 'parents'), `languages.${g.group.slice(9)}.enrolled`]);
    }
    const headline: [string, number | null, string, string][] = [
      ['parentsReached', r.parentsReached, 'all', 'cameToActivity'],
      ['takingPart', r.takingPart, 'all', 'takingPart'],
      ['weakDutchParents', r.weakDutchParents, 'little_dutch', 'parents'],
      ['weakDutchTakingPart', r.weakDutchTakingPart, 'little_dutch', 'takingPart'],
    ];
    for (const [k, value, g, col] of headline) {
      cell(`reach.${k}`, value);
      // The same number as the group's: both shown, or neither.
      relations.push([`reach.${k}`, G(g, col)]);
    }
    if (!r.groups.some((g) => g.group === 'little_dutch')) {
      partOf('reach.takingPart', 'reach.weakDutchTakingPart');
      partOf('reach.weakDutchParents', 'reach.weakDutchTakingPart');
    }
    partOf('reach.parentsReached', cell('reach.firstTimers', r.firstTimers));
    const parents: string[] = [];
    const reached: string[] = [];
    for (const l of r.byLanguage) {
      const base = `reach.byLanguage.${l.language}`;
      parents.push(cell(`${base}.parents`, l.parents));
      reached.push(cell(`${base}.reached`, l.reached));
      partOf(`${base}.parents`, `${base}.reached`);
    }
    // Every parent has one message language: the languages add up to all parents.
    if (r.groups.some((g) => g.group === 'all')) {
      relations.push([G('all', 'parents'), ...parents]);
      relations.push([G('all', 'cameToActivity'), ...reached]);
    }
  }

  const tr = d.trends;
  if (tr) {
    const ended: string[] = [];
    for (const m of tr.months)
      for (const [k, value] of Object.entries(m))
        if (k !== 'month' && (typeof value === 'number' || value === null)) {
          const path = cell(`trends.months.${m.month}.${k}`, value, !NOT_ABOUT_PARENTS.has(k));
          if (k === 'ended') ended.push(path);
        }
    for (const [k, value] of Object.entries(tr.checkIns)) cell(`trends.checkIns.${k}`, value);
    const endings = Object.entries(tr.endings).map(([k, value]) =>
      cell(`trends.endings.${k}`, value),
    );
    // Pairs ended in the period: per month, and per outcome.
    relations.push([...ended, ...endings]);
  }

  const hidden = cellsToHide(cells, relations);
  const shown = (path: string, value: number | null): number | null =>
    hidden.has(path) ? null : value;
  const small = (path: string): boolean => isSmall(cells.get(path)?.value ?? 0);
  const figures = Object.fromEntries(
    Object.entries(d.figures).map(([k, value]) => [k, shown(F(k), value)]),
  );
  if (hidden.has(F('waiting')) || small(F('waiting'))) {
    figures.longestWaitDays = null;
    hidden.set(F('longestWaitDays'), 'small');
  }
  if (small('figures:firstProposals')) {
    figures.medianDaysToProposal = null;
    hidden.set(F('medianDaysToProposal'), 'small');
  }
  const out: SuppressibleDashboard = { ...d, figures };
  if (d.actions)
    out.actions = d.actions.map((a) => ({
      ...a,
      count: ACTION_FIGURE[a.key] ? figures[ACTION_FIGURE[a.key]] : a.count,
    }));
  if (d.languages)
    out.languages = d.languages.map((l) => ({
      language: l.language,
      enrolled: shown(`languages.${l.language}.enrolled`, l.enrolled),
      waiting: shown(`languages.${l.language}.waiting`, l.waiting),
    }));
  if (r) {
    const groups = r.groups.map((g) => {
      const x = { ...g };
      for (const k of GROUP_COLUMNS) x[k] = shown(`reach.groups.${g.group}.${k}`, g[k]);
      if (x.parents === null || x.takingPart === null) x.percent = null;
      return x;
    });
    out.reach = {
      ...r,
      parentsReached: shown('reach.parentsReached', r.parentsReached),
      firstTimers: shown('reach.firstTimers', r.firstTimers),
      takingPart: shown('reach.takingPart', r.takingPart),
      weakDutchParents: shown('reach.weakDutchParents', r.weakDutchParents),
      weakDutchTakingPart: shown('reach.weakDutchTakingPart', r.weakDutchTakingPart),
      byLanguage: r.byLanguage.map((l) => ({
        language: l.language,
        parents: shown(`reach.byLanguage.${l.language}.parents`, l.parents),
        reached: shown(`reach.byLanguage.${l.language}.reached`, l.reached),
      })),
      groups,
    };
  }
  if (tr) {
    const months = tr.months.map((m) => {
      const x: Record<string, number | string | null> = { ...m };
      for (const [k, value] of Object.entries(m))
        if (k !== 'month' && (typeof value === 'number' || value === null))
          x[k] = shown(`trends.months.${m.month}.${k}`, value);
      if (x.firstProposals === null) {
        x.medianDaysToProposal = null;
        x.longestDaysToProposal = null;
        hidden.set(`trends.months.${m.month}.medianDaysToProposal`, 'small');
        hidden.set(`trends.months.${m.month}.longestDaysToProposal`, 'small');
      }
      return x as typeof m;
    });
    const part = (name: string, o: Record<string, number | null>) =>
      Object.fromEntries(
        Object.entries(o).map(([k, value]) => [k, shown(`trends.${name}.${k}`, value)]),
      );
    out.trends = {
      ...tr,
      months,
      checkIns: part('checkIns', tr.checkIns),
      endings: part('endings', tr.endings),
    };
  }
  // Advice about fewer than SMALL_COUNT seekers is left out.
  if (d.advice) out.advice = d.advice.filter((a) => a.count !== null && a.count >= SMALL_COUNT);
  out.hidden = Object.fromEntries(hidden);
  return out as unknown as D;
}
