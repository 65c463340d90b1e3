// Secrets are not in wrangler.toml (they are set with `wrangler secret put` or .dev.vars), so
// `wrangler types` cannot see them in a fresh clone; they are declared here, and only here.
declare namespace Cloudflare {
  interface Env {
    /** base64 of 32 random bytes; seals channel credentials (AES-GCM). */
    ENCRYPTION_KEY: string;
    /** HMAC key for media URLs and widget tokens. */
    SIGNING_KEY: string;
    /** Only for AI_PROVIDER=openai-compatible. */
    OPENAI_API_KEY?: string;
  }
}
