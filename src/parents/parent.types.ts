/** Value types of a parent record, shared by the entity, DTOs and services. */
export const PARENT_ROLES = ['seeker', 'buddy', 'both'] as const;
export type ParentRole = (typeof PARENT_ROLES)[number];

export const PARENT_STATUSES = ['enrolled', 'waiting', 'matched', 'paused', 'left'] as const;
export type ParentStatus = (typeof PARENT_STATUSES)[number];

/**
 * How a parent wants to be addressed in languages that must choose a grammatical gender for a
 * person: chosen by the parent at intake, never guessed from a name; null = not asked.
 */
export const FORMS_OF_ADDRESS = ['feminine', 'masculine', 'neutral'] as const;
export type FormOfAddress = (typeof FORMS_OF_ADDRESS)[number];

export const CHANNELS = ['email', 'sms', 'letter', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONSENT_PURPOSES = [
  'matching',
  'share_contact',
  'messages_email',
  'messages_sms',
  'activities',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_METHODS = [
  'in_person',
  'paper_form',
  'phone',
  'interpreter',
  'parent_link',
  'import',
] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** Message kinds a parent can stop from their page. */
export const MESSAGE_TOPICS = ['buddy', 'activities', 'checkins'] as const;
export type MessageTopic = (typeof MESSAGE_TOPICS)[number];

export interface Child {
  schoolYear: string;
  firstName?: string;
  className?: string;
}

export interface SpokenLanguage {
  code: string;
  level: 'native' | 'fluent' | 'conversational' | 'basic';
}

export interface ParentSituation {
  code: string;
  stance: 'seeking' | 'experienced';
  /** The parent agreed that a buddy may be told about this. */
  shareWithBuddy: boolean;
}

export interface ConsentRecord {
  granted: boolean;
  /** When it was given or withdrawn (ISO 8601). */
  at: string;
  method: ConsentMethod;
  /** Staff id, or null when the parent did it through their link. */
  recordedBy: string | null;
}

export type Consents = Partial<Record<ConsentPurpose, ConsentRecord>>;
