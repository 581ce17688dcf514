import type { Channel, Consents } from '../parents/parent.types';

export type ChannelChoice =
  | { channel: 'email'; to: string }
  | { channel: 'sms'; to: string }
  | { channel: 'task'; reason: TaskReason };

export type TaskReason = 'prefers_spoken' | 'letter' | 'in_person' | 'no_usable_channel';

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
        if (p.email && p.consents.messages_email?.granted === true)
          return { channel: 'email', to: p.email };
        break;
      case 'sms':
        if (p.phone && p.consents.messages_sms?.granted === true)
          return { channel: 'sms', to: p.phone };
        break;
      case 'letter':
      case 'in_person':
        return { channel: 'task', reason: channel };
    }
  }
  return { channel: 'task', reason: 'no_usable_channel' };
}
