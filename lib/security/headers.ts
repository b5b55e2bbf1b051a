// Shared by next.config.ts (pages and static files) and route() (API answers). A plain module: next.config
// loads it outside React's server environment, where "server-only" would throw.

const csp = [
  "default-src 'self'",
  // Next's bootstrap is inline; no third-party script is ever loaded. 'unsafe-eval' is needed by the
  // in-browser HEIC converter (heic2any's libheif build evaluates generated code); it is only loaded when a
  // HEIC photo is chosen. See README "Security and limits".
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["Content-Security-Policy", csp],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "no-referrer"],
  ["X-Frame-Options", "DENY"],
  ["Permissions-Policy", "camera=(self), microphone=(), geolocation=()"],
];

/** Adds the security headers a response does not set itself (a served file keeps its stricter CSP). */
export function withSecurityHeaders(response: Response): Response {
  for (const [key, value] of SECURITY_HEADERS) if (!response.headers.has(key)) response.headers.set(key, value);
  return response;
}
