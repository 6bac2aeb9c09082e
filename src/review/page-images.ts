import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NotFoundError, type Store } from '../store/index.js';
import { RenderPool } from './render-pool.js';

/** Resolutions the page offers; a request names one of these, never a free number (each is a cached file). */
export const PAGE_DPIS = [72, 100, 150] as const;
export type PageDpi = (typeof PAGE_DPIS)[number];

/**
 * Source page images for the review page, rendered on demand and cached as PNG under the store's folder:
 * `<store dir>/pages/<sha256>/<page>@<dpi>.png`. The caller has validated sha256 (64 hex) and page (a positive
 * integer) so the cache path is built from nothing a request can steer; the PDF is found through the paths the
 * store recorded, and only bytes whose sha256 matches the document are rendered.
 */
export class PageImages {
  private readonly inFlight = new Map<string, Promise<Uint8Array>>();
  readonly root: string;

  constructor(
    private readonly store: Store,
    /** Renders off the main thread (worker threads), so an uncached page never stalls the API. */
    private readonly renderer: RenderPool = new RenderPool(),
  ) {
    this.root = join(dirname(store.location), 'pages');
  }

  /** Stop the render workers. */
  close(): Promise<void> {
    return this.renderer.close();
  }

  async png(sha256: string, page: number, dpi: PageDpi): Promise<Uint8Array> {
    if (!/^[0-9a-f]{64}$/.test(sha256) || !Number.isInteger(page) || page < 1) throw new NotFoundError('no such page');
    const doc = this.store.getDocument(sha256);
    if (!doc || doc.format !== 'pdf' || doc.pages === null || page > doc.pages) {
      throw new NotFoundError(`document ${sha256.slice(0, 12)} has no page image ${page}`);
    }
    const file = join(this.root, sha256, `${page}@${dpi}.png`);
    const pending = this.inFlight.get(file);
    if (pending) return pending;
    const job = this.load(file, sha256, page, dpi).finally(() => this.inFlight.delete(file));
    this.inFlight.set(file, job);
    return job;
  }

  private async load(file: string, sha256: string, page: number, dpi: PageDpi): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const bytes = await this.sourceBytes(sha256);
    const png = await this.renderer.render(bytes, page, dpi);
    await mkdir(dirname(file), { recursive: true });
    // Write then rename, so a concurrent reader never sees half a PNG.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, png);
    await rename(tmp, file);
    return png;
  }

  /** The document's bytes from the first recorded path that still holds them. */
  async sourceBytes(sha256: string): Promise<Uint8Array> {
    for (const p of this.store.getPaths(sha256)) {
      try {
        const bytes = await readFile(p.path);
        if (createHash('sha256').update(bytes).digest('hex') === sha256) return new Uint8Array(bytes);
      } catch {
        // Moved or deleted since it was ingested: try the next path.
      }
    }
    throw new NotFoundError(`the source file of document ${sha256.slice(0, 12)} is no longer at any recorded path`);
  }
}
