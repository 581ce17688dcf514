import type { Parent } from '../parents/parent.entity';
import type { School } from '../schools/school.entity';
import type { MessageRecipient, MessageSchool } from './message-renderer';

/** What the renderer needs to know about a parent. */
export function recipientOf(
  p: Pick<Parent, 'givenName' | 'familyName' | 'messageLanguage' | 'languages'> &
    Partial<Pick<Parent, 'formOfAddress'>>,
): MessageRecipient & { familyName: string | null } {
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    language: p.messageLanguage,
    languages: p.languages,
    formOfAddress: p.formOfAddress ?? null,
  };
}

/** What the renderer needs to know about a school. */
export function schoolOf(s: Pick<School, 'name' | 'settings'>): MessageSchool {
  return { name: s.name, bilingual: s.settings?.messages?.bilingual === true };
}
