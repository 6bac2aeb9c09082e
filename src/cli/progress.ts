import cliProgress from 'cli-progress';
import type { ItemOutcome } from '../runner/index.js';

export interface ProgressOptions {
  readonly stream: NodeJS.WritableStream & { isTTY?: boolean };
  readonly total: number;
  /** Plain-line interval when the stream is not a terminal (ms, default 10 s). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/** A page of a file finished (RunOptions.onProgress). */
export interface PageEvent {
  readonly path: string;
  readonly page: number;
  readonly pages: number;
  /** read: the text layer; ocr: recognition of the pages that need it (a second pass over a scan). */
  readonly stage?: 'read' | 'ocr';
}

/** A file in flight: pages read, and pages recognised where it is being OCR'd. */
interface FileProgress {
  read: number;
  readPages: number;
  ocr: number;
  ocrPages: number;
}

const clock = (s: number): string => {
  if (!Number.isFinite(s)) return '--:--';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : String(m)}:${String(sec).padStart(2, '0')}`;
};

/** Bar resolution: one file is this many steps, so pages within a file move the bar. */
const STEPS = 1000;

/**
 * Progress on stderr. On a terminal, a cli-progress bar redrawn in place; otherwise (logs, CI) a plain line
 * every `intervalMs` and at the end, so a redirected run shows it is alive without flooding the log.
 * Work done counts finished files plus the finished share of the files in flight (page events from the
 * readers and OCR), so the bar moves, and the ETA holds, during a long OCR file too.
 */
export class Progress {
  private done = 0;
  private skipped = 0;
  private failed = 0;
  private pages = 0;
  private lastDraw: number;
  private finished = false;
  private readonly inFlight = new Map<string, FileProgress>();
  private readonly started: number;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.lastDraw = this.started;
    this.interval = options.intervalMs ?? 10_000;
    if (options.stream.isTTY === true && options.total > 0) {
      this.bar = new cliProgress.SingleBar({
        stream: options.stream,
        format: '{bar} {percentage}% · {status}',
        barsize: 24,
        hideCursor: true,
        fps: 10,
        etaBuffer: 50,
        barCompleteChar: '\u2588',
        barIncompleteChar: '\u2591',
      });
      this.bar.start(options.total * STEPS, 0, { status: this.line() });
    } else if (options.total > 0 && options.now === undefined) {
      // Alive lines even while one long file gives no event (a page that takes minutes).
      this.timer = setInterval(() => this.tick(true), this.interval);
      this.timer.unref();
    }
  }

  add(o: ItemOutcome): void {
    this.done++;
    this.inFlight.delete(o.path);
    if (o.kind === 'skipped') this.skipped++;
    if (o.kind === 'failed') this.failed++;
    if (o.kind === 'processed') this.pages += o.pages ?? 0;
    this.tick(this.done === this.options.total);
  }

  /** A page finished inside a file still in flight. */
  page(e: PageEvent): void {
    if (e.pages <= 0) return;
    const f = this.inFlight.get(e.path) ?? { read: 0, readPages: e.pages, ocr: 0, ocrPages: 0 };
    const page = Math.min(e.page, e.pages);
    if (e.stage === 'ocr') [f.ocr, f.ocrPages] = [Math.max(f.ocr, page), e.pages];
    else [f.read, f.readPages] = [Math.max(f.read, page), e.pages];
    this.inFlight.set(e.path, f);
    this.tick(false);
  }

  /** Files' worth of work done: finished files plus the finished share of the files in flight. */
  private work(): number {
    let w = this.done;
    // Recognising a page costs far more than reading it: once OCR starts, it is most of the file's work.
    for (const f of this.inFlight.values())
      w += f.ocrPages > 0 ? 0.1 * (f.read / f.readPages) + 0.9 * (f.ocr / f.ocrPages) : f.read / f.readPages;
    return Math.min(w, this.options.total);
  }

  line(t = this.now()): string {
    const secs = Math.max((t - this.started) / 1000, 1e-3);
    const work = this.work();
    // Pages count once each, whichever pass is further along (the count never goes back).
    const pagesNow =
      this.pages + [...this.inFlight.values()].reduce((n, f) => n + Math.max(f.read, f.ocr), 0);
    const eta =
      this.done === this.options.total
        ? 0
        : work > 0
          ? (secs * (this.options.total - work)) / work
          : Infinity;
    const parts = [
      `files ${this.done}/${this.options.total}`,
      `pages ${pagesNow}`,
      `${(this.done / secs).toFixed(1)} files/s`,
      ...(pagesNow > 0 ? [`${(pagesNow / secs).toFixed(1)} pages/s`] : []),
      ...(this.skipped ? [`skipped ${this.skipped}`] : []),
      ...(this.failed ? [`failed ${this.failed}`] : []),
      `elapsed ${clock(secs)}`,
      `ETA ${clock(eta)}`,
    ];
    return parts.join(' · ');
  }

  private tick(force: boolean): void {
    const t = this.now();
    if (this.bar) {
      this.bar.update(Math.round(this.work() * STEPS), { status: this.line(t) });
      return;
    }
    if (force || t - this.lastDraw >= this.interval) {
      this.lastDraw = t;
      this.options.stream.write(`${this.line(t)}\n`);
    }
  }

  /** A message on a line of its own: above the bar on a terminal (cleared, written, redrawn). */
  interrupt(text: string): void {
    if (this.bar && !this.finished) {
      this.options.stream.write('\r\x1b[K' + text);
      this.tick(false);
    } else this.options.stream.write(text);
  }

  /** Stop the bar (leaving its last state on screen) or the timer, so later output starts on a fresh line. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearInterval(this.timer);
    this.bar?.stop();
  }
}
