import { seekerLanguages, whatWouldHelp } from '../../../src/matching/engine';
import type { HelpSeeker } from '../../../src/matching/engine';

const seeker = (over: Partial<HelpSeeker> = {}): HelpSeeker => ({
  languages: [{ code: 'ti', level: 'native' }],
  dutchLevel: 'none',
  situations: [],
  ...over,
});

describe('what would help an unmatched seeker', () => {
  it('asks for a buddy who speaks the languages the seeker can talk in, best first', () => {
    expect(
      whatWouldHelp(
        seeker({
          languages: [
            { code: 'en', level: 'conversational' },
            { code: 'ti', level: 'native' },
            { code: 'am', level: 'basic' },
          ],
          dutchLevel: 'basic',
        }),
        { reason: 'no_shared_language', candidates: 0 },
        2,
      ),
    ).toEqual({ code: 'buddy_speaking', languages: ['ti', 'en'] });
  });

  it('counts Dutch from the intake, and falls back to every language when none is conversational', () => {
    expect(seekerLanguages(seeker({ dutchLevel: 'fluent' }))).toEqual(['ti', 'nl']);
    expect(
      seekerLanguages(seeker({ languages: [{ code: 'so', level: 'basic' }], dutchLevel: 'basic' })),
    ).toEqual(['nl', 'so']);
  });

  it('asks for experience with the specific situations, or for a parent long at the school', () => {
    const specific = seeker({
      situations: [
        { code: 'new_to_school', stance: 'seeking' },
        { code: 'dyslexia', stance: 'seeking' },
        { code: 'divorce', stance: 'experienced' },
      ],
    });
    expect(whatWouldHelp(specific, { reason: 'no_experience', candidates: 0 }, 2)).toEqual({
      code: 'buddy_with_experience',
      situations: ['dyslexia'],
    });
    const generic = seeker({ situations: [{ code: 'new_to_nl', stance: 'seeking' }] });
    expect(whatWouldHelp(generic, { reason: 'no_experience', candidates: 0 }, 3)).toEqual({
      code: 'buddy_long_at_school',
      years: 3,
    });
  });

  it('names more places, more buddies, or the exclusions for the other reasons', () => {
    expect(whatWouldHelp(seeker(), { reason: 'all_full', candidates: 0 }, 2)).toEqual({
      code: 'more_places',
    });
    expect(whatWouldHelp(seeker(), { reason: 'taken_by_others', candidates: 2 }, 2)).toEqual({
      code: 'more_buddies',
      candidates: 2,
    });
    expect(whatWouldHelp(seeker(), { reason: 'no_eligible_buddy', candidates: 0 }, 2)).toEqual({
      code: 'review_exclusions',
    });
  });
});
