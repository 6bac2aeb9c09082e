/**
 * The child process behind the isolated extractor (isolated.ts): takes one document at a time from the parent
 * over IPC, runs the pipeline on it, and sends back the result, progress events, or the error as its kind and
 * message. It lives for many documents, so what is expensive to load (pdf.js, tesseract's models) is loaded
 * once per child. argv[2], when given, names a module whose `extract` replaces the pipeline (tests only).
 */
import { pathToFileURL } from 'node:url';
import { isTallyError } from '../model/index.js';
import type { ExtractionResult } from '../model/index.js';
import type { ExtractProgress } from '../pipeline/index.js';
import type { ChildExtractOptions, ChildMessage, ParentMessage } from './isolated-protocol.js';

/** What the child runs: `extractFile`, or a test module's `extract` of the same shape. */
type ChildExtract = (
  path: string,
  options: ChildExtractOptions & { signal: AbortSignal; onProgress: (e: ExtractProgress) => void },
) => Promise<ExtractionResult>;

async function loadExtract(): Promise<ChildExtract> {
  const custom = process.argv[2];
  if (custom) {
    const mod = (await import(pathToFileURL(custom).href)) as { extract: ChildExtract };
    return mod.extract;
  }
  const { extractFile } = await import('../pipeline/index.js');
  return extractFile;
}

const send = (m: ChildMessage): void => {
  process.send?.(m);
};

// Ctrl-C reaches the whole process group: the parent decides (it sends abort), so the child never dies of it.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
// The parent went away (killed, or closed the pool): nothing left to do.
process.on('disconnect', () => process.exit(0));

const extractReady = loadExtract();
const running = new Map<number, AbortController>();

process.on('message', (m: ParentMessage) => {
  if (m.type === 'abort') {
    running.get(m.id)?.abort(new Error('aborted'));
    return;
  }
  const controller = new AbortController();
  running.set(m.id, controller);
  void (async () => {
    try {
      const extract = await extractReady;
      const result = await extract(m.path, {
        ...m.options,
        signal: controller.signal,
        onProgress: (e) => send({ type: 'progress', id: m.id, ...e }),
      });
      send({ type: 'done', id: m.id, result });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      send({ type: 'error', id: m.id, kind: isTallyError(e) ? e.kind : 'internal', message });
    } finally {
      running.delete(m.id);
    }
  })();
});

// Ready once the pipeline is loaded (a failure to load is reported with the first document instead).
void extractReady.then(
  () => send({ type: 'ready' }),
  () => send({ type: 'ready' }),
);
