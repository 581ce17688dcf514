import { Parent } from '../parents/parent.entity';
import { currentSchoolYear } from '../parents/parents.service';
import type { DutchLevel, EngineParent } from './engine';

const DAY = 86_400_000;

export interface ParentLoad {
  /** Seekers this parent already has as buddy (approved or active). */
  asBuddy: number;
  /** Whether this parent already has an approved or active buddy. */
  hasBuddy: boolean;
}

/** Maps a stored parent to the engine's plain input. */
export function toEngineParent(p: Parent, load: ParentLoad, now: Date): EngineParent {
  const seeks = p.role === 'seeker' || p.role === 'both';
  return {
    id: p.id,
    schoolId: p.schoolId,
    householdId: p.householdId,
    seeksNow: seeks && (p.status === 'waiting' || p.status === 'enrolled') && !load.hasBuddy,
    offers: p.role === 'buddy' || p.role === 'both',
    capacity: p.capacity,
    currentLoad: load.asBuddy,
    status: p.status,
    consentToMatch: p.consents.matching?.granted === true,
    languages: p.languages.map((l) => ({ code: l.code, level: l.level })),
    dutchLevel: p.dutchLevel as DutchLevel,
    situations: p.situations.map((s) => ({ code: s.code, stance: s.stance })),
    childYears: [...new Set(p.children.map((c) => c.schoolYear))],
    childClasses: [
      ...new Set(p.children.flatMap((c) => (c.className ? [c.className.toUpperCase()] : []))),
    ],
    postcodeArea: p.postcodeArea,
    availability: p.availability,
    interests: p.interests,
    yearsAtSchool: Math.max(0, currentSchoolYear(now) - p.atSchoolSince),
    waitingDays: p.waitingSince
      ? Math.max(0, Math.floor((now.getTime() - p.waitingSince.getTime()) / DAY))
      : 0,
    shareableSituations: p.situations.filter((s) => s.shareWithBuddy).map((s) => s.code),
  };
}
