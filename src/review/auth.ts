import { randomBytes, timingSafeEqual } from 'node:crypto';

/** What a logged-in browser holds: who reviews, and the token every write must echo in a header. */
export interface Session {
  readonly id: string;
  readonly reviewer: string;
  readonly csrf: string;
  readonly createdAt: number;
}

export const SESSION_COOKIE = 'tally_review';
export const CSRF_HEADER = 'x-csrf-token';

/** Constant-time comparison of two secrets (different lengths compare unequal, still without an early exit on content). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

const secret = (): string => randomBytes(32).toString('base64url');

/**
 * Sessions live in the server's memory: a restart logs everyone out, which is the right default for a tool a
 * reviewer starts for a sitting. Bounded so a client looping on /login cannot grow it without limit.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly maxSessions = 1000,
    /** 12 h: a working day; after that the reviewer logs in again. */
    private readonly ttlMs = 12 * 3600_000,
  ) {}

  create(reviewer: string): Session {
    if (this.sessions.size >= this.maxSessions) {
      // Map iteration is insertion order: the first key is the oldest session.
      const oldest = this.sessions.keys().next();
      if (!oldest.done) this.sessions.delete(oldest.value);
    }
    const session: Session = { id: secret(), reviewer, csrf: secret(), createdAt: Date.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session | undefined {
    if (id === undefined || id.length > 100) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (Date.now() - s.createdAt > this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }
}

/** Loopback addresses the server may bind without a token. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Failed logins per client address. The first `free` failures cost nothing (typos); each one after that
 * closes the door for twice as long as the last (1 s, 2 s, 4 s … at most `maxDelayMs`), answered 429 with
 * Retry-After. A success clears the address. Bounded like the sessions: the oldest address is forgotten first.
 */
export class LoginThrottle {
  private readonly clients = new Map<string, { failures: number; until: number }>();

  constructor(
    private readonly free = 5,
    private readonly baseDelayMs = 1000,
    private readonly maxDelayMs = 15 * 60_000,
    private readonly maxClients = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds this address must still wait before its next try (0: it may try now). */
  waitMs(client: string): number {
    const c = this.clients.get(client);
    return c ? Math.max(0, c.until - this.now()) : 0;
  }

  failed(client: string): void {
    const c = this.clients.get(client) ?? { failures: 0, until: 0 };
    c.failures += 1;
    const over = c.failures - this.free;
    if (over > 0) c.until = this.now() + Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(over - 1, 30));
    this.clients.delete(client);
    if (this.clients.size >= this.maxClients) {
      const oldest = this.clients.keys().next();
      if (!oldest.done) this.clients.delete(oldest.value);
    }
    this.clients.set(client, c);
  }

  succeeded(client: string): void {
    this.clients.delete(client);
  }
}

/**
 * Whether a state-changing request comes from a page of this server. Browsers say so in Sec-Fetch-Site, a
 * header no page script can set; it is authoritative when present (it is also right behind a proxy that
 * rewrites the scheme or host, and when the Origin is the opaque "null" a no-referrer page sends with a
 * form). Without it (older browsers), the Origin must name this server; a request with neither is refused.
 */
export function sameOriginRequest(req: { url: string; header(name: string): string | undefined }): boolean {
  const site = req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = req.header('origin');
  if (origin === undefined || origin === 'null') return false;
  return origin === new URL(req.url).origin;
}
