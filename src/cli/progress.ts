import type { ItemOutcome } from '../runner/index.js';

export interface ProgressOptions {
  readonly stream: NodeJS.WritableStream & { isTTY?: boolean };
  readonly total: number;
  /** Plain-line interval when the stream is not a terminal (ms). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

const clock = (s: number): string => {
  if (!Number.isFinite(s)) return '--:--';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : String(m)}:${String(sec).padStart(2, '0')}`;
};

/**
 * Progress on stderr: a line redrawn in place on a terminal (at most every 100 ms), periodic plain lines
 * otherwise (logs, CI), so a redirected run still shows it is alive without flooding the log.
 */
export class Progress {
  private done = 0;
  private skipped = 0;
  private failed = 0;
  private pages = 0;
  private lastDraw = 0;
  private readonly started: number;
  private readonly now: () => number;
  private readonly tty: boolean;
  private readonly interval: number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.tty = options.stream.isTTY === true;
    this.interval = this.tty ? 100 : (options.intervalMs ?? 10_000);
    this.lastDraw = this.started;
  }

  add(o: ItemOutcome): void {
    this.done++;
    if (o.kind === 'skipped') this.skipped++;
    if (o.kind === 'failed') this.failed++;
    if (o.kind === 'processed') this.pages += o.pages ?? 0;
    const t = this.now();
    if (t - this.lastDraw >= this.interval || this.done === this.options.total) {
      this.lastDraw = t;
      this.draw(t);
    }
  }

  line(t = this.now()): string {
    const secs = Math.max((t - this.started) / 1000, 1e-3);
    const rate = this.done / secs;
    const eta = rate > 0 ? (this.options.total - this.done) / rate : Infinity;
    const parts = [
      `files ${this.done}/${this.options.total}`,
      `pages ${this.pages}`,
      `${rate.toFixed(1)} files/s`,
      ...(this.pages > 0 ? [`${(this.pages / secs).toFixed(1)} pages/s`] : []),
      ...(this.skipped ? [`skipped ${this.skipped}`] : []),
      ...(this.failed ? [`failed ${this.failed}`] : []),
      `elapsed ${clock(secs)}`,
      `ETA ${this.done === this.options.total ? '0:00' : clock(eta)}`,
    ];
    return parts.join(' · ');
  }

  private draw(t: number): void {
    if (this.tty) this.options.stream.write(`\r\x1b[K${this.line(t)}`);
    else this.options.stream.write(`${this.line(t)}\n`);
  }

  /** End the redrawn line so later output starts on a fresh one. */
  finish(): void {
    if (this.tty && this.done > 0) this.options.stream.write('\n');
  }
}
