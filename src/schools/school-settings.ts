/** Per-school settings used by other modules. Stored as JSON on the school. */
export interface SchoolSettings {
  matching: {
    /** 'school': pair within the school; 'board': also across the board's schools that allow it. */
    scope: 'school' | 'board';
    /** Weights over the engine defaults (see docs/matching.md). */
    weights: Record<string, number>;
    /** Days a parent has to answer an introduction before a reminder, then a task for staff. */
    responseDays: number;
  };
  messages: {
    /** Send the parent's language first with Dutch beneath. */
    bilingual: boolean;
    /** Local hour (Europe/Amsterdam) reminders are sent, the day before an activity. */
    reminderHour: number;
  };
}

export const DEFAULT_SCHOOL_SETTINGS: SchoolSettings = {
  matching: { scope: 'school', weights: {}, responseDays: 5 },
  messages: { bilingual: false, reminderHour: 17 },
};

export function mergeSettings(
  current: SchoolSettings,
  patch: DeepPartial<SchoolSettings>,
): SchoolSettings {
  return {
    matching: {
      ...current.matching,
      ...(patch.matching ?? {}),
      weights: {
        ...current.matching.weights,
        ...((patch.matching?.weights ?? {}) as Record<string, number>),
      },
    },
    messages: { ...current.messages, ...(patch.messages ?? {}) },
  };
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
