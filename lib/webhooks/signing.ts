/** Standard Webhooks signatures (HMAC-SHA256 over "id.timestamp.body"), made by the `standardwebhooks` package. */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A new signing secret in the Standard Webhooks form: "whsec_" + base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * Signs with every secret given (the current one and, during a rotation's overlap, the previous one):
 * receivers accept a message when any of the space-separated signatures matches their secret.
 */
export function signWebhook({
  id,
  body,
  secrets,
  at = new Date(),
}: {
  id: string;
  body: string;
  secrets: string[];
  at?: Date;
}): SignedHeaders {
  const signatures = secrets.map((s) => new Webhook(s).sign(id, at, body));
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
