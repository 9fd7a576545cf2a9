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
  /** Retry one delivery for this long (≥ 24 h). */
  maxAgeMs: number;
  /** How long the old secret still signs after a rotation, unless the caller chooses. */
  rotationOverlapMs: number;
}

const num = (v: string | undefined, fallback: number) => (v && Number.isFinite(Number(v)) ? Number(v) : fallback);

export function webhookConfig(): WebhookConfig {
  const env = process.env;
  const allowInsecure = env.BATON_WEBHOOKS_ALLOW_INSECURE === "1";
  if (allowInsecure && env.NODE_ENV === "production" && env.BATON_WEBHOOKS_ALLOW_INSECURE_IN_PRODUCTION !== "1") {
    // A stray development setting must not open production to SSRF; the second switch is deliberate.
    throw new Error("BATON_WEBHOOKS_ALLOW_INSECURE=1 is refused in production");
  }
  return {
    allowInsecure,
    timeoutMs: num(env.BATON_WEBHOOKS_TIMEOUT_MS, 10_000),
    responseLimitBytes: 4096,
    disableAfterMs: num(env.BATON_WEBHOOKS_DISABLE_AFTER_MS, 24 * 3_600_000),
    disableAfterFailures: num(env.BATON_WEBHOOKS_DISABLE_AFTER_FAILURES, 10),
    maxAgeMs: 30 * 3_600_000,
    rotationOverlapMs: 24 * 3_600_000,
  };
}
