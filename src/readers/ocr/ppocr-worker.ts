import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { InternalError } from '../../model/index.js';
import type { GreyImage } from '../render/index.js';
import { ppocrHere } from './ppocr.js';
import type { PpocrReply, PpocrRequest } from './ppocr-pool.js';

/**
 * A PP-OCR worker thread (see ppocr-pool.ts): each request runs the same in-thread function the main thread
 * would (ppocr.ts `ppocrHere`), on this thread's own onnxruntime sessions, loaded on the first request.
 */
if (!parentPort) throw new Error('ppocr-worker.ts runs as a worker thread');
const port = parentPort;

async function answer(request: PpocrRequest): Promise<PpocrReply> {
  try {
    const input = request.input;
    const one = input as GreyImage;
    const many = input as readonly GreyImage[];
    const output =
      request.op === 'region'
        ? await ppocrHere.region(one)
        : request.op === 'line'
          ? await ppocrHere.line(one)
          : request.op === 'cells'
            ? await ppocrHere.cells(many)
            : request.op === 'crops'
              ? await ppocrHere.crops(many)
              : await ppocrHere.orientation(one);
    return { id: request.id, ok: true, output };
  } catch (e) {
    return {
      id: request.id,
      ok: false,
      message: e instanceof Error ? e.message : String(e),
      internal: e instanceof InternalError,
    };
  }
}

// A full collection after each job: the thread allocates large typed arrays (the page copy, the detection
// input, the probability map and its labels, some 80 MB a page at 300 dpi) and little else, so V8 seldom
// collected them on its own; one lane peaked at 1616 MB on six 300 dpi table pages without this, 1396 MB with.
// The flag only adds `gc` to contexts made after it; the collection takes milliseconds, a job seconds.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

port.on('message', (request: PpocrRequest) => {
  void answer(request).then((reply) => {
    port.postMessage(reply);
    collect();
  });
});
