import type { Session } from './auth.js';

/** Who a request is, once authenticated (set by the review app's middleware for every route after it). */
export interface Auth {
  readonly reviewer: string;
  /** How the request proved itself: a bearer token carries no ambient authority, so needs no CSRF token. */
  readonly via: 'session' | 'bearer';
  readonly session?: Session;
}

/** The review app's context variables, shared by the routes in server.ts and scale.ts. */
export type Env = { Variables: { auth: Auth } };
