/**
 * Who may talk to the dashboard: the pure decision, separate from the HTTP
 * server so every rule can be tested without a socket.
 *
 * The page controls a run (pause, stop), so it is treated like the control
 * socket: only someone who was shown the token may use it. The rules, in the
 * order they are checked:
 * - the Host header must name the loopback address and our port: a web page
 *   whose DNS name was rebound to 127.0.0.1 sends its own name, and is refused;
 * - a token must come with the request, as `?token=` (the printed URL), the
 *   `tpe_token` cookie (set on the first page load, so the page's own requests
 *   need not carry it) or `Authorization: Bearer`; none is 401, a wrong one 403;
 * - a POST must come from our own origin when the browser says where it comes
 *   from, and be JSON: a cross-site form cannot send `application/json`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'tpe_token';

/** What the decision needs from a request, already read off its headers and URL. */
export interface RequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  contentType: string | undefined;
  queryToken: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
}

export interface AuthPolicy {
  token: string;
  port: number;
  /** Host names (without port) the server answers to: `127.0.0.1`, `localhost`. */
  hostnames: readonly string[];
}

export type AuthDecision =
  | { ok: true; via: 'query' | 'cookie' | 'bearer' }
  | { ok: false; status: 401 | 403 | 415; reason: string };

export function authorizeRequest(facts: RequestFacts, policy: AuthPolicy): AuthDecision {
  const host = facts.host?.toLowerCase();
  if (host === undefined || !policy.hostnames.some((h) => `${h.toLowerCase()}:${policy.port}` === host)) {
    return { ok: false, status: 403, reason: 'unexpected Host header' };
  }
  const offered: Array<['query' | 'cookie' | 'bearer', string]> = [];
  if (facts.queryToken !== undefined) offered.push(['query', facts.queryToken]);
  const cookie = cookieValue(facts.cookie, TOKEN_COOKIE);
  if (cookie !== undefined) offered.push(['cookie', cookie]);
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(facts.authorization ?? '')?.[1];
  if (bearer !== undefined) offered.push(['bearer', bearer]);
  if (offered.length === 0) return { ok: false, status: 401, reason: 'a token is required' };
  // Any valid credential will do: a stale cookie from an earlier dashboard on
  // this host must not lock out a request that carries the right token.
  const match = offered.find(([, value]) => tokensEqual(value, policy.token));
  if (match === undefined) return { ok: false, status: 403, reason: 'invalid token' };

  if (facts.method === 'POST') {
    if (facts.origin !== undefined && !policy.hostnames.some((h) => facts.origin?.toLowerCase() === `http://${h.toLowerCase()}:${policy.port}`)) {
      return { ok: false, status: 403, reason: 'cross-origin request' };
    }
    const type = facts.contentType?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return { ok: false, status: 415, reason: 'expected Content-Type application/json' };
  }
  return { ok: true, via: match[0] };
}

/**
 * Constant-time comparison that does not reveal the token's length either:
 * both sides are hashed to the same size first.
 */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The value of one cookie in a `Cookie` header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The `Set-Cookie` value that lets the page's own requests go without `?token=`. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
