/**
 * Worker thread of the page renderer (render-pool.ts): renders one PDF page to PNG per message, so pdfjs and
 * the canvas never hold the review server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { BadInputError } from '../model/index.js';
import { encodePng, renderPdfPage } from '../readers/render/index.js';

export interface RenderRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly page: number;
  readonly dpi: number;
}

export type RenderReply =
  | { readonly id: number; readonly png: Uint8Array }
  | { readonly id: number; readonly error: string; readonly badInput: boolean };

const port = parentPort;
if (port) {
  port.on('message', (m: RenderRequest) => {
    renderPdfPage(m.bytes, m.page, { dpi: m.dpi, grey: false }).then(
      (image) => {
        const png = encodePng(image);
        port.postMessage({ id: m.id, png } satisfies RenderReply, [png.buffer as ArrayBuffer]);
      },
      (e: unknown) => {
        const error = e instanceof Error ? e.message : String(e);
        port.postMessage({ id: m.id, error, badInput: e instanceof BadInputError } satisfies RenderReply);
      },
    );
  });
}
