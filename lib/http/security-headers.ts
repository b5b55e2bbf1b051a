// Shared by next.config.ts (pages and static files) and route() (API answers). A plain module: next.config
// loads it outside React's server environment, where "server-only" would throw.

const csp = [
  "default-src 'self'",
  // Next's bootstrap is inline; no third-party script is ever loaded. 'wasm-unsafe-eval' lets the in-browser
  // HEIC converter (libheif, WebAssembly) compile; nothing evaluates generated JavaScript.
  "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
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
