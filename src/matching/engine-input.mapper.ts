import type { DutchLevel, EngineParent } from './engine';

const DAY = 86_400_000;

export interface ParentLoad {
  /** Seekers this parent already has as buddy (approved or active). */
  asBuddy: number;
  /** Whether this parent already has an approved or active buddy. */
  hasBuddy: boolean;
}

/**
 * The parent columns the engine needs (a Parent entity or a raw row read for a run).
 * Kept free of TypeORM and Nest so the run's worker thread can use it.
 */
export interface EngineSource {
  id: string;
  schoolId: string;
  householdId: string | null;
  role: string;
  status: string;
  capacity: number;
  consents: { matching?: { granted?: boolean } | null };
  languages: { code: string; level: string }[];
  dutchLevel: string;
  situations: { code: string; stance: string; shareWithBuddy?: boolean }[];
  children: { schoolYear: string; className?: string | null }[];
  postcodeArea: string | null;
  availability: string[];
  interests: string[];
  atSchoolSince: number;
  waitingSince: Date | string | null;
}

/** The school year (2025 for 2025/26) on a day: it starts in August. Same as parents.service. */
export function schoolYearOn(now: Date): number {
  return now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}

/** Maps a stored parent to the engine's plain input. */
export function toEngineParent(p: EngineSource, load: ParentLoad, now: Date): EngineParent {
  const seeks = p.role === 'seeker' || p.role === 'both';
  const waitingSince = p.waitingSince === null ? null : new Date(p.waitingSince);
  return {
    id: p.id,
    schoolId: p.schoolId,
    householdId: p.householdId,
    seeksNow: seeks && (p.status === 'waiting' || p.status === 'enrolled') && !load.hasBuddy,
    offers: p.role === 'buddy' || p.role === 'both',
    capacity: p.capacity,
    currentLoad: load.asBuddy,
    status: p.status as EngineParent['status'],
    consentToMatch: p.consents.matching?.granted === true,
    languages: p.languages.map((l) => ({
      code: l.code,
      level: l.level as EngineParent['languages'][number]['level'],
    })),
    dutchLevel: p.dutchLevel as DutchLevel,
    situations: p.situations.map((s) => ({
      code: s.code,
      stance: s.stance as EngineParent['situations'][number]['stance'],
    })),
    childYears: [...new Set(p.children.map((c) => c.schoolYear))],
    childClasses: [
      ...new Set(p.children.flatMap((c) => (c.className ? [c.className.toUpperCase()] : []))),
    ],
    postcodeArea: p.postcodeArea,
    availability: p.availability,
    interests: p.interests,
    yearsAtSchool: Math.max(0, schoolYearOn(now) - p.atSchoolSince),
    waitingDays: waitingSince
      ? Math.max(0, Math.floor((now.getTime() - waitingSince.getTime()) / DAY))
      : 0,
    shareableSituations: p.situations.filter((s) => s.shareWithBuddy).map((s) => s.code),
  };
}
