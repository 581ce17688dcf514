/** How the worker retries: exponential backoff with jitter, then a dead letter for staff. */
export interface DeliveryPolicy {
  /** Rows claimed per round. */
  batchSize: number;
  /** A claimed row is ours this long; after that another worker may claim it again. */
  leaseSeconds: number;
  /** After this many failed attempts the message is 'dead'. */
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export const DELIVERY_POLICY = Symbol('DELIVERY_POLICY');

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  batchSize: 100,
  leaseSeconds: 120,
  maxAttempts: 8,
  baseDelaySeconds: 30,
  maxDelaySeconds: 6 * 3600,
};

/** Delay before attempt n+1 after n failures: base * 2^(n-1), capped, with +-20% jitter. */
export function retryDelayMs(
  policy: DeliveryPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(
    policy.baseDelaySeconds * 2 ** Math.max(0, failures - 1),
    policy.maxDelaySeconds,
  );
  return Math.round(exp * 1000 * (0.8 + 0.4 * random()));
}
