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
