import { ACTIVITY_KINDS, SKILLS } from '../../taxonomy/taxonomy';

export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
type Skill = (typeof SKILLS)[number];

/**
 * Skills recorded at intake that make a parent a natural host of a kind of activity, most
 * fitting first. Kinds open to any talent list every skill.
 */
export const HOST_SKILLS: Record<ActivityKind, readonly Skill[]> = {
  coffee_morning: ['baking', 'cooking', 'languages', 'translation', 'organising'],
  language_cafe: ['languages', 'translation', 'storytelling', 'reading_aloud'],
  workshop_digital: ['digital', 'photography'],
  workshop_budget: ['organising', 'trade'],
  workshop_yoga: ['sports', 'dance'],
  cooking_together: ['cooking', 'baking'],
  cultural_outing: ['art', 'music', 'photography', 'storytelling', 'organising'],
  information_evening: ['translation', 'languages', 'organising'],
  parent_hosted: SKILLS,
  other: SKILLS,
};

export interface HostCandidate {
  id: string;
  skills: string[];
  languages: string[];
  hostedBefore: number;
}

export interface RankedHost<T extends HostCandidate> {
  candidate: T;
  matchingSkills: string[];
  sharedLanguages: string[];
  score: number;
}

/**
 * Ranks parents as hosts for a kind: more fitting skills first (earlier skills in the list
 * weigh more), then a language spoken at the activity, then who has hosted less often.
 */
export function rankHosts<T extends HostCandidate>(
  kind: ActivityKind,
  activityLanguages: string[],
  candidates: T[],
): RankedHost<T>[] {
  const wanted = HOST_SKILLS[kind];
  const ranked: RankedHost<T>[] = [];
  for (const candidate of candidates) {
    const matchingSkills = wanted.filter((s) => candidate.skills.includes(s));
    if (!matchingSkills.length) continue;
    const sharedLanguages = candidate.languages.filter((l) => activityLanguages.includes(l));
    const skillScore = matchingSkills.reduce(
      (sum, s) => sum + (wanted.length - wanted.indexOf(s)),
      0,
    );
    const score =
      skillScore * 10 + (sharedLanguages.length ? 5 : 0) - Math.min(candidate.hostedBefore, 4);
    ranked.push({ candidate, matchingSkills, sharedLanguages, score });
  }
  return ranked.sort((a, b) => b.score - a.score || a.candidate.id.localeCompare(b.candidate.id));
}
