import type { Channel, ConsentPurpose, Consents } from '../parents/parent.types';

export type ChannelChoice =
  | { channel: 'email'; to: string }
  | { channel: 'sms'; to: string }
  | { channel: 'task'; reason: TaskReason };

export type TaskReason = 'prefers_spoken' | 'letter' | 'in_person' | 'no_usable_channel';

/** Why a message became a consultant's task, as stored in notification.recipient ("task: …"). */
export const TASK_REASONS = {
  prefers_spoken: 'the parent prefers spoken contact',
  letter: 'the parent asked for a letter',
  in_person: 'the parent asked to be told in person',
  no_usable_channel: 'no channel with contact details and consent',
} as const satisfies Record<TaskReason, string>;

/** The recipient recorded on a message that became a task for the consultant. */
export function taskRecipient(reason: TaskReason): string {
  return `task: ${TASK_REASONS[reason]}`;
}

/** The consent a channel of written messages needs before anything is sent through it. */
export const CHANNEL_CONSENT = {
  email: 'messages_email',
  sms: 'messages_sms',
} as const satisfies Partial<Record<Channel, ConsentPurpose>>;

export interface ChannelFacts {
  channels: readonly Channel[];
  email: string | null;
  phone: string | null;
  consents: Consents;
  prefersSpoken: boolean;
}

/**
 * How a message reaches the parent: the first of their channels that can be used (e-mail
 * with an address and consent for e-mail messages, SMS with a phone and consent for SMS).
 * A parent who prefers spoken contact, asked for a letter or a talk, or cannot be reached
 * otherwise gets a task for the consultant instead.
 */
export function chooseChannel(p: ChannelFacts): ChannelChoice {
  if (p.prefersSpoken) return { channel: 'task', reason: 'prefers_spoken' };
  for (const channel of p.channels) {
    switch (channel) {
      case 'email':
        if (p.email && p.consents[CHANNEL_CONSENT.email]?.granted === true)
          return { channel: 'email', to: p.email };
        break;
      case 'sms':
        if (p.phone && p.consents[CHANNEL_CONSENT.sms]?.granted === true)
          return { channel: 'sms', to: p.phone };
        break;
      case 'letter':
      case 'in_person':
        return { channel: 'task', reason: channel };
    }
  }
  return { channel: 'task', reason: 'no_usable_channel' };
}
