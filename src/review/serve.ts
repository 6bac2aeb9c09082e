import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { BadInputError } from '../model/index.js';
import type { Store } from '../store/index.js';
import { isLoopback } from './auth.js';
import { createReviewApp, type ReviewApp } from './server.js';
import type { UploadOptions } from './uploads.js';

export interface ReviewServerOptions {
  readonly store: Store;
  /** Default 127.0.0.1. Anything but loopback needs a token. */
  readonly host?: string;
  /** 0 picks a free port. Default 0. */
  readonly port?: number;
  readonly token?: string;
  readonly reviewer?: string;
  /**
   * Behind a reverse proxy: the throttle keys on X-Forwarded-For's last address (see createReviewApp), and the
   * Host check is left to the token, which is then required (the proxy exposes the server).
   */
  readonly trustProxy?: boolean;
  /** Uploads and re-extraction (runner, size limits); the server owns the runner given here and closes it. */
  readonly uploads?: UploadOptions;
}

export interface RunningReviewServer {
  readonly url: string;
  readonly review: ReviewApp;
  close(): Promise<void>;
}

/** Start the review server; resolves once it listens. */
export async function startReviewServer(options: ReviewServerOptions): Promise<RunningReviewServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && (options.token === undefined || options.token === '')) {
    throw new BadInputError(`review: refusing to listen on ${host} without a token (set --token or TALLY_REVIEW_TOKEN)`);
  }
  if (options.trustProxy === true && (options.token === undefined || options.token === '')) {
    throw new BadInputError('review: --trust-proxy needs a token (a proxy exposes the server; set --token or TALLY_REVIEW_TOKEN)');
  }
  if (options.token !== undefined && options.token.length < 16) {
    throw new BadInputError('review: the token must be at least 16 characters');
  }
  // On loopback the Host header must name this server, so a DNS-rebound page cannot talk to it. Beyond loopback
  // a token is required, which a rebound page does not have, and the names clients use are not known here.
  const allowedHosts = new Set<string>();
  const review = createReviewApp({
    store: options.store,
    ...(isLoopback(host) && options.trustProxy !== true ? { allowedHosts } : {}),
    ...(options.trustProxy === true ? { trustProxy: true } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.reviewer !== undefined ? { reviewer: options.reviewer } : {}),
    ...(options.uploads !== undefined ? { uploads: options.uploads } : {}),
  });
  // Uploads a stopped server left queued or processing go on in the background.
  await review.uploads.resume();
  // Read the queue once before the first browser does: the scan is then cached until the store changes.
  options.store.queryAnomalies({ limit: 1 });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: review.app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  // Node cuts a request not fully received in 5 minutes; a 200 MB upload on a slow link needs longer.
  if ('requestTimeout' in server) server.requestTimeout = 60 * 60_000;
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  for (const h of [shown, '127.0.0.1', 'localhost', '[::1]']) allowedHosts.add(`${h}:${port}`);
  return {
    url: `http://${shown}:${port}/`,
    review,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // Keep-alive connections from a browser would hold close() open; the page has nothing in flight to keep.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await review.uploads.close();
      await review.pages.close();
    },
  };
}
