/** Delivery settings, read from the environment once per call so tests can change them. */
export interface WebhookConfig {
  /** Plain http and private/loopback addresses: only with BATON_WEBHOOKS_ALLOW_INSECURE=1 (development, tests). */
  allowInsecure: boolean;
  timeoutMs: number;
  /** Response bytes kept in the delivery log. */
  responseLimitBytes: number;
  /** A subscription failing without a success for this long (and at least `disableAfterFailures` attempts) is disabled. */
  disableAfterMs: number;
  disableAfterFailures: number;
  /** How long the old secret still signs after a rotation, unless the caller chooses. */
  rotationOverlapMs: number;
}

/** Retry one delivery for this long (at least a day, per the issue). */
export const WEBHOOK_MAX_AGE_MS = 30 * 3_600_000;

const num = (v: string | undefined, fallback: number) => (v && Number.isFinite(Number(v)) ? Number(v) : fallback);

export function webhookConfig(): WebhookConfig {
  const env = process.env;
  const allowInsecure = env.BATON_WEBHOOKS_ALLOW_INSECURE === "1";
  return {
    allowInsecure,
    timeoutMs: num(env.BATON_WEBHOOKS_TIMEOUT_MS, 10_000),
    responseLimitBytes: 4096,
    disableAfterMs: num(env.BATON_WEBHOOKS_DISABLE_AFTER_MS, 24 * 3_600_000),
    disableAfterFailures: num(env.BATON_WEBHOOKS_DISABLE_AFTER_FAILURES, 10),
    rotationOverlapMs: 24 * 3_600_000,
  };
}
