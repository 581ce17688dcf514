import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { isUuid } from '../../common/http/id.pipe';
import { I18nService } from '../../i18n/i18n.service';
import { ParentsService } from '../../parents/parents.service';
import { ActivitiesRepository } from '../activities.repository';
import { Activity } from '../activity.entity';
import { ActivitiesService } from '../activities.service';
import type { LanguageChoice } from './views/form.view';

export interface FoundParent {
  id: string;
  givenName: string;
  familyName: string | null;
}

/** What several activity pages look up besides the activity: languages, a parent search. */
@Injectable()
export class ActivityPageData {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly repo: ActivitiesRepository,
    private readonly parents: ParentsService,
    private readonly i18n: I18nService,
  ) {}

  /** The activity of this school, or a 404 (the same lookup as the API). */
  async activity(schoolId: string, id: string) {
    return this.activities.get(schoolId, id);
  }

  /** A language code's name in the staff member's language. */
  languageName(lang: string): (code: string) => string {
    return (code) => this.i18n.languageName(code, lang);
  }

  /**
   * The languages of the school's parents, most parents first: those spoken (Dutch first,
   * for "languages at the activity") and those read (for translations), plus any already
   * chosen so they stay visible.
   */
  async languages(
    schoolId: string,
    lang: string,
    chosen: { spoken?: string[]; translations?: string[] } = {},
  ): Promise<{ spoken: LanguageChoice[]; translations: LanguageChoice[] }> {
    const { spoken, messages } = await this.repo.parentLanguages(schoolId);
    const choice = (code: string, parents: number): LanguageChoice => ({
      code,
      label: this.i18n.languageName(code, lang),
      native: this.i18n.languageName(code, code),
      parents,
    });
    const count = (list: { code: string; n: number }[]) => new Map(list.map((l) => [l.code, l.n]));
    const spokenN = count(spoken);
    const readN = count(messages);
    const spokenCodes = [
      ...new Set(['nl', ...spoken.slice(0, 15).map((l) => l.code), ...(chosen.spoken ?? [])]),
    ];
    const readCodes = [
      ...new Set([
        ...messages
          .filter((l) => l.code !== 'nl')
          .slice(0, 10)
          .map((l) => l.code),
        ...(chosen.translations ?? []).filter((c) => c !== 'nl'),
      ]),
    ];
    return {
      spoken: spokenCodes.map((c) => choice(c, spokenN.get(c) ?? 0)),
      translations: readCodes.map((c) => choice(c, readN.get(c) ?? 0)),
    };
  }

  /** Parents of the school by name (the parents list's search; audited as a list read). */
  async searchParents(
    actor: Actor,
    schoolId: string,
    q: string,
    limit = 20,
  ): Promise<{ results: FoundParent[]; total: number }> {
    const { items, total } = await this.parents.list(actor, schoolId, { q }, 1, limit);
    return {
      results: items.map((p) => ({ id: p.id, givenName: p.givenName, familyName: p.familyName })),
      total,
    };
  }

  /** Names of parents already picked in a form (shown again as they were). */
  names(schoolId: string, ids: string[]): Promise<FoundParent[]> {
    // A tampered form may hold anything: only ids can name a parent (the DTO names the rest).
    return this.repo.parentNames(schoolId, ids.filter(isUuid));
  }

  hostSuggestions(
    actor: Actor,
    schoolId: string,
    a: Pick<Activity, 'kind' | 'languages'> & { id?: string },
  ) {
    return this.activities.suggestHosts(actor, schoolId, {
      kind: a.kind,
      languages: a.languages,
      activityId: a.id,
    });
  }
}
