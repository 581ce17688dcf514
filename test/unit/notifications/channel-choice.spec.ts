import { chooseChannel, ChannelFacts } from '../../../src/notifications/channel-choice';
import { DEFAULT_DELIVERY_POLICY, retryDelayMs } from '../../../src/notifications/delivery-policy';

const granted = {
  granted: true,
  at: '2026-01-01T00:00:00Z',
  method: 'in_person' as const,
  recordedBy: null,
};
const facts = (overrides: Partial<ChannelFacts> = {}): ChannelFacts => ({
  channels: ['email', 'sms'],
  email: 'a@example.org',
  phone: '+31612345678',
  consents: { messages_email: granted, messages_sms: granted },
  prefersSpoken: false,
  ...overrides,
});

describe('channel choice', () => {
  it('takes the first usable channel in the order the parent gave', () => {
    expect(chooseChannel(facts())).toEqual({ channel: 'email', to: 'a@example.org' });
    expect(chooseChannel(facts({ channels: ['sms', 'email'] }))).toEqual({
      channel: 'sms',
      to: '+31612345678',
    });
  });
  it('skips a channel without consent or contact details', () => {
    expect(chooseChannel(facts({ consents: { messages_sms: granted } }))).toEqual({
      channel: 'sms',
      to: '+31612345678',
    });
    expect(chooseChannel(facts({ email: null }))).toEqual({ channel: 'sms', to: '+31612345678' });
    expect(
      chooseChannel(facts({ consents: { messages_email: { ...granted, granted: false } } })),
    ).toEqual({ channel: 'task', reason: 'no_usable_channel' });
  });
  it('makes a task for spoken contact, a letter or a talk', () => {
    expect(chooseChannel(facts({ prefersSpoken: true }))).toEqual({
      channel: 'task',
      reason: 'prefers_spoken',
    });
    expect(chooseChannel(facts({ channels: ['letter', 'email'] }))).toEqual({
      channel: 'task',
      reason: 'letter',
    });
    expect(chooseChannel(facts({ channels: ['in_person'] }))).toEqual({
      channel: 'task',
      reason: 'in_person',
    });
    expect(chooseChannel(facts({ channels: [] }))).toEqual({
      channel: 'task',
      reason: 'no_usable_channel',
    });
  });
});

describe('retry delay', () => {
  it('doubles from 30 s with jitter of at most 20 %, capped at 6 hours', () => {
    const p = DEFAULT_DELIVERY_POLICY;
    expect(retryDelayMs(p, 1, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(p, 2, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(p, 4, () => 0)).toBe(192_000);
    expect(retryDelayMs(p, 4, () => 1)).toBe(288_000);
    expect(retryDelayMs(p, 30, () => 0.5)).toBe(6 * 3600_000);
  });
});
