import type { NotificationStatus } from '../../notification.entity';

/**
 * A parent's link token is a bearer secret: pages for staff never show it in full. Each
 * `/p/{43 characters}` keeps its first four characters, so two links can still be told apart.
 */
export function maskTokens(text: string): string {
  return text.replace(/\/p\/([A-Za-z0-9_-]{4})[A-Za-z0-9_-]{39}(?![A-Za-z0-9_-])/g, '/p/$1…');
}

export type FailureReason =
  | 'attempts'
  | 'parent_removed'
  | 'parent_erased'
  | 'stopped_all'
  | 'stopped_topic'
  | 'unknown_kind'
  | 'match_ended'
  | 'mailbox'
  | 'unreachable'
  | 'refused'
  | 'other';

/** Why a message failed or was not sent, as a key for a plain sentence (ws-messages:failure.*). */
export function failureReason(lastError: string | null): FailureReason | null {
  if (!lastError) return null;
  const e = lastError.toLowerCase();
  if (e.startsWith('too many attempts')) return 'attempts';
  if (e === 'parent removed' || e === 'parent deleted') return 'parent_removed';
  if (e === 'parent erased') return 'parent_erased';
  if (e === 'parent stopped all messages') return 'stopped_all';
  if (e.startsWith('parent stopped the topic')) return 'stopped_topic';
  if (e.startsWith('unknown message kind')) return 'unknown_kind';
  if (e === 'match ended') return 'match_ended';
  if (
    /\b55[0-4]\b|mailbox|user unknown|no such user|recipient.*(rejected|unknown|invalid)|does not exist/.test(
      e,
    )
  )
    return 'mailbox';
  if (
    /econnrefused|etimedout|enotfound|eai_again|timeout|timed out|connection|socket|greeting/.test(
      e,
    )
  )
    return 'unreachable';
  if (/\b4\d\d\b|refused|rejected|blocked|spam/.test(e)) return 'refused';
  return 'other';
}

export function statusTone(
  status: NotificationStatus,
): 'neutral' | 'ok' | 'warning' | 'error' | 'info' {
  switch (status) {
    case 'sent':
      return 'ok';
    case 'failed':
      return 'warning';
    case 'dead':
      return 'error';
    case 'task':
      return 'info';
    case 'pending':
    case 'sending':
    case 'skipped':
      return 'neutral';
  }
}
