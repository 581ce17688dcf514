import { checked, field, fields, type FormBody } from '../../workspace/forms';
import type { AudienceKind } from '../dto/invitation.dto';

/** The invitation form as posted: an audience, its filter, buddies, and a name search. */
export interface InviteFormState {
  audience: string;
  schoolYears: string[];
  languages: string[];
  situations: string[];
  parentIds: string[];
  withBuddies: boolean;
  q: string;
}

export function emptyInviteState(): InviteFormState {
  return {
    audience: '',
    schoolYears: [],
    languages: [],
    situations: [],
    parentIds: [],
    withBuddies: false,
    q: '',
  };
}

export function inviteStateFromBody(body: FormBody): InviteFormState {
  return {
    audience: field(body, 'audience'),
    schoolYears: [...new Set(fields(body, 'schoolYears'))],
    languages: [...new Set(fields(body, 'languages'))],
    situations: [...new Set(fields(body, 'situations'))],
    parentIds: [...new Set(fields(body, 'parentIds').map((id) => id.toLowerCase()))],
    withBuddies: checked(body, 'withBuddies'),
    q: field(body, 'q'),
  };
}

const FILTER: Partial<
  Record<AudienceKind, 'schoolYears' | 'languages' | 'situations' | 'parentIds'>
> = {
  school_year: 'schoolYears',
  language: 'languages',
  situation: 'situations',
  parents: 'parentIds',
};

/**
 * The plain object for InviteDto: only the chosen audience's filter goes along (the other
 * boxes of the form may hold ticks from an earlier choice); an empty filter is left out, so
 * the service names what is missing.
 */
export function toInviteDto(s: InviteFormState): Record<string, unknown> {
  const filter = FILTER[s.audience as AudienceKind];
  const values = filter ? s[filter] : [];
  return {
    ...(s.audience ? { audience: s.audience } : {}),
    ...(filter && values.length ? { [filter]: values } : {}),
    ...(s.withBuddies ? { withBuddies: true } : {}),
  };
}

/** The state with only the chosen audience's filter (what the preview carries along). */
export function normalized(s: InviteFormState): InviteFormState {
  const filter = FILTER[s.audience as AudienceKind];
  return {
    ...s,
    schoolYears: filter === 'schoolYears' ? s.schoolYears : [],
    languages: filter === 'languages' ? s.languages : [],
    situations: filter === 'situations' ? s.situations : [],
    parentIds: filter === 'parentIds' ? s.parentIds : [],
  };
}
