import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractionResult } from '../model/index.js';
import { extractFile } from '../pipeline/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { sampleResult } from '../../test/store/fixtures.js';
import { LoginThrottle } from './auth.js';
import { createReviewApp, headerText, isPrivateAddress, type ReviewApp } from './server.js';

const ORIGIN = 'http://127.0.0.1:8080';
const HOSTILE = '<img src=x onerror=alert(1)>';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-review-'));
  store = openSqliteStore(join(dir, '.tally', 'tally.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function app(opts: { token?: string; reviewer?: string } = { reviewer: '审核员甲' }): ReviewApp {
  return createReviewApp({ store, allowedHosts: new Set(['127.0.0.1:8080']), ...opts });
}

const call = (r: ReviewApp, path: string, init: RequestInit = {}) => r.app.request(`${ORIGIN}${path}`, init);

function cookieOf(res: Response): string {
  const m = /tally_review=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error('no session cookie');
  return `tally_review=${m[1]}`;
}

/** A browser session: the cookie the page sets and the CSRF token the page reads. */
async function session(r: ReviewApp): Promise<{ cookie: string; csrf: string }> {
  const page = await call(r, '/');
  expect(page.status).toBe(200);
  const cookie = cookieOf(page);
  const s = (await (await call(r, '/api/session', { headers: { cookie } })).json()) as { csrf: string };
  return { cookie, csrf: s.csrf };
}

const post = (r: ReviewApp, path: string, body: unknown, headers: Record<string, string>) =>
  call(r, path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers } });

function saveSample(seed = 'a'): ExtractionResult {
  const r = sampleResult({ seed });
  store.saveResult(r);
  return r;
}

/** A one-page PDF on disk and a stored result pointing at it, so page images can be rendered. */
async function savePdf(): Promise<{ sha: string; file: string }> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([300, 200]);
  page.drawText('2159999  10.59  85715.09', { x: 20, y: 150, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const bytes = await pdf.save();
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, bytes);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const r = sampleResult({ seed: 'pdf' });
  r.source = { path: file, sha256: sha, format: 'pdf', mediaType: 'application/pdf', bytes: bytes.length, pages: 1 };
  store.registerDocument({ sha256: sha, path: file, bytes: bytes.length });
  store.saveResult(r);
  return { sha, file };
}

describe('review server: authentication', () => {
  it('on loopback without a token, opens a session for the named reviewer with an HttpOnly, SameSite=Strict cookie', async () => {
    const r = app();
    expect((await call(r, '/api/queue')).status).toBe(401);
    const page = await call(r, '/');
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(page.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    const res = await call(r, '/api/session', { headers: { cookie: cookieOf(page) } });
    expect(await res.json()).toMatchObject({ reviewer: '审核员甲' });
  });

  it('without a reviewer name, sends the browser to the login form instead', async () => {
    const r = app({});
    const res = await call(r, '/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
  });

  it('with a token, every request needs it: login form or bearer header', async () => {
    const token = 'correct-horse-battery-staple';
    const r = app({ token, reviewer: '乙' });
    expect((await call(r, '/')).status).toBe(303);
    expect((await call(r, '/api/queue')).status).toBe(401);
    expect((await call(r, '/assets/review.js')).status).toBe(303);
    expect((await call(r, '/api/queue', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await call(r, '/api/queue', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const form = (t: string) =>
      call(r, '/login', { method: 'POST', body: new URLSearchParams({ reviewer: '丙', token: t }), headers: { origin: ORIGIN } });
    const bad = await form('nope');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
    const ok = await form(token);
    expect(ok.status).toBe(303);
    const who = await call(r, '/api/session', { headers: { cookie: cookieOf(ok) } });
    expect(await who.json()).toMatchObject({ reviewer: '丙' });
  });

  it('accepts the login form a browser posts from a no-referrer page (Origin: null, Sec-Fetch-Site: same-origin), and nothing cross-site', async () => {
    const token = 'correct-horse-battery-staple';
    const r = app({ token });
    const login = (headers: Record<string, string>) =>
      call(r, '/login', { method: 'POST', body: new URLSearchParams({ reviewer: '丙', token }), headers });
    // What Chromium sends for the form under Referrer-Policy: no-referrer.
    const browser = await login({ origin: 'null', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/');
    expect(cookieOf(browser)).toMatch(/^tally_review=/);
    // Another site's page (even one claiming this Origin, or a sandboxed frame's null) is refused.
    expect((await login({ origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await login({ origin: ORIGIN, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await login({ origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // Without Sec-Fetch-Site (older browsers), the Origin must name this server; "null" or none is refused.
    expect((await login({ origin: 'null' })).status).toBe(403);
    expect((await login({})).status).toBe(403);
    expect((await login({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await login({ origin: ORIGIN })).status).toBe(303);
    // Writes with a session follow the same rule.
    const cookie = cookieOf(browser);
    const s = (await (await call(r, '/api/session', { headers: { cookie } })).json()) as { csrf: string };
    const write = (headers: Record<string, string>) =>
      call(r, '/api/corrections', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': s.csrf, ...headers } });
    expect((await write({ origin: ORIGIN, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await write({ 'sec-fetch-site': 'same-origin' })).status).toBe(400); // past the checks: the body is invalid
  });

  it('throttles failed logins per client: after 5 failures, 429 with Retry-After and doubling waits, even for the right token', async () => {
    let now = 1_000_000;
    const token = 'correct-horse-battery-staple';
    const r = createReviewApp({ store, token, allowedHosts: new Set(['127.0.0.1:8080']), loginThrottle: new LoginThrottle(5, 1000, 60_000, 100, () => now) });
    const form = (t: string) =>
      call(r, '/login', { method: 'POST', body: new URLSearchParams({ reviewer: '丙', token: t }), headers: { origin: ORIGIN } });
    for (let i = 0; i < 5; i++) expect((await form(`wrong-${i}`)).status).toBe(401);
    expect((await form('wrong-5')).status).toBe(401); // the 6th failure closes the door for 1 s
    const blocked = await form(token);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    expect(await blocked.text()).toContain('登录失败次数过多');
    // Bearer guesses are guesses too.
    expect((await call(r, '/api/queue', { headers: { authorization: `Bearer ${token}` } })).status).toBe(429);
    now += 1000;
    expect((await form('wrong-6')).status).toBe(401); // allowed again, fails: next wait 2 s
    now += 1000;
    expect((await form(token)).status).toBe(429);
    expect((await form(token)).headers.get('retry-after')).toBe('1');
    now += 1000;
    expect((await form(token)).status).toBe(303); // success clears the address
    for (let i = 0; i < 5; i++) expect((await form(`again-${i}`)).status).toBe(401);
  });

  it('behind a proxy (trustProxy), throttles each X-Forwarded-For client apart; without it, they share one door', async () => {
    const token = 'correct-horse-battery-staple';
    const setup = (trustProxy: boolean) => {
      const r = createReviewApp({ store, token, allowedHosts: new Set(['127.0.0.1:8080']), trustProxy, loginThrottle: new LoginThrottle(2, 1000, 60_000, 100, () => 0) });
      return (t: string, client: string) =>
        call(r, '/login', { method: 'POST', body: new URLSearchParams({ reviewer: '丙', token: t }), headers: { origin: ORIGIN, 'x-forwarded-for': `198.51.100.7, ${client}` } });
    };
    const proxied = setup(true);
    for (let i = 0; i < 3; i++) expect((await proxied(`wrong-${i}`, '203.0.113.9')).status).toBe(401);
    expect((await proxied(token, '203.0.113.9')).status).toBe(429);
    // Another client behind the same proxy is not locked out by the first one's guesses.
    expect((await proxied(token, '203.0.113.10')).status).toBe(303);
    // The header is not believed without the option: every client is the proxy.
    const direct = setup(false);
    for (let i = 0; i < 3; i++) expect((await direct(`wrong-${i}`, '203.0.113.9')).status).toBe(401);
    expect((await direct(token, '203.0.113.10')).status).toBe(429);
  });

  it('reads a reviewer name a script sends in a header as UTF-8 bytes or percent-encoded', () => {
    expect(headerText(Buffer.from('张三', 'utf8').toString('latin1'))).toBe('张三');
    expect(headerText(encodeURIComponent('李 四'))).toBe('李 四');
    expect(headerText('alice')).toBe('alice');
    expect(headerText('%E5%BC')).toBe('%E5%BC');
  });

  it('tells a private or loopback peer (a proxy) from a public one', () => {
    expect(['10.0.0.2', '172.20.1.1', '192.168.1.5', '::ffff:10.1.2.3', 'fd12:3456::1'].map(isPrivateAddress)).toEqual([true, true, true, true, true]);
    expect(['8.8.8.8', '172.32.0.1', '2001:db8::1'].map(isPrivateAddress)).toEqual([false, false, false]);
  });

  it('refuses a Host header it does not serve (DNS rebinding)', async () => {
    const r = app();
    const res = await r.app.request('http://attacker.example:8080/', { headers: { host: 'attacker.example:8080' } });
    expect(res.status).toBe(421);
  });
});

describe('review server: writes', () => {
  it('needs the session CSRF token and a same-origin Origin on every write, and attributes the correction', async () => {
    const doc = saveSample();
    const r = app();
    const { cookie, csrf } = await session(r);
    const body = { action: 'accept', sha256: doc.source.sha256, anomalyId: 'column_sum:t0:total:total', seen: 30 };
    expect((await post(r, '/api/corrections', body, { cookie })).status).toBe(403);
    expect((await post(r, '/api/corrections', body, { cookie, 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await post(r, '/api/corrections', body, { cookie, 'x-csrf-token': csrf, origin: 'http://evil.example' })).status).toBe(403);
    const noOrigin = await call(r, '/api/corrections', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    });
    expect(noOrigin.status).toBe(403);
    expect(store.listCorrections()).toHaveLength(0);

    const ok = await post(r, '/api/corrections', body, { cookie, 'x-csrf-token': csrf });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { correction: unknown }).correction).toMatchObject({ reviewer: '审核员甲', oldValue: 30, newValue: 31, kind: 'accept' });
  });

  it('tells the second reviewer of the same cell about the first one (409 with the current value)', async () => {
    const doc = saveSample();
    const r = app({ token: 'a-token-long-enough-0001' });
    const login = async (reviewer: string) => {
      const res = await call(r, '/login', {
        method: 'POST',
        body: new URLSearchParams({ reviewer, token: 'a-token-long-enough-0001' }),
        headers: { origin: ORIGIN },
      });
      const cookie = cookieOf(res);
      const s = (await (await call(r, '/api/session', { headers: { cookie } })).json()) as { csrf: string };
      return { cookie, 'x-csrf-token': s.csrf };
    };
    const a = await login('甲');
    const b = await login('乙');
    const edit = (value: number) => ({ action: 'edit', sha256: doc.source.sha256, table: 't0', row: 'c201', column: 'total', value, seen: 10 });
    expect((await post(r, '/api/corrections', edit(11), a)).status).toBe(201);
    const second = await post(r, '/api/corrections', edit(12), b);
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ current: 11, seen: 10 });
    const cell = [...store.iterateCells({ sha256: doc.source.sha256 })].find((c) => c.rowId === 'c201' && c.columnKey === 'total');
    expect(cell?.value).toBe(11);
    expect(store.listCorrections().map((c) => c.reviewer)).toEqual(['甲']);
  });

  it('validates bodies and limits their size', async () => {
    const doc = saveSample();
    const r = app();
    const h = await session(r);
    const headers = { cookie: h.cookie, 'x-csrf-token': h.csrf };
    const extraField = { action: 'accept', sha256: doc.source.sha256, anomalyId: 'x', seen: 1, reviewer: 'someone else' };
    expect((await post(r, '/api/corrections', extraField, headers)).status).toBe(400);
    expect((await post(r, '/api/corrections', { action: 'dismiss', sha256: doc.source.sha256, anomalyId: 'x', seen: 'open', note: '' }, headers)).status).toBe(400);
    const huge = { action: 'edit', sha256: doc.source.sha256, table: 't0', row: 'c201', column: 'total', value: 1, seen: 10, note: 'x'.repeat(100_000) };
    expect((await post(r, '/api/corrections', huge, headers)).status).toBe(413);
    expect(store.listCorrections()).toHaveLength(0);
  });

  it('undoes a correction and re-validates the document', async () => {
    const doc = saveSample();
    const r = app();
    const h = await session(r);
    const headers = { cookie: h.cookie, 'x-csrf-token': h.csrf };
    const res = await post(r, '/api/corrections', { action: 'dismiss', sha256: doc.source.sha256, anomalyId: 'column_sum:t0:total:total', seen: 'open', note: '合计按原表' }, headers);
    const { correction } = (await res.json()) as { correction: { id: number; reason: string } };
    expect(correction.reason).toContain('合计按原表');
    await r.revalidator.settled(doc.source.sha256);
    expect(store.listAnomalies(doc.source.sha256).find((a) => a.anomaly.id === 'column_sum:t0:total:total')?.state).toBe('dismissed');
    expect((await post(r, `/api/corrections/${correction.id}/undo`, {}, headers)).status).toBe(200);
    const rv = (await (await call(r, `/api/documents/${doc.source.sha256}/revalidation`, { headers: { cookie: h.cookie } })).json()) as { upTo: number };
    expect(rv.upTo).toBe(correction.id);
    expect(store.listAnomalies(doc.source.sha256).find((a) => a.anomaly.id === 'column_sum:t0:total:total')?.state).toBe('open');
  });
});

describe('review server: safety', () => {
  it('sends a CSP without inline script, and the other security headers', async () => {
    const res = await call(app(), '/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/assets/review.js"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('escapes what it writes into HTML itself (the login form echoes the reviewer name)', async () => {
    const r = app({ token: 'a-token-long-enough-0002' });
    const res = await call(r, '/login', { method: 'POST', body: new URLSearchParams({ reviewer: HOSTILE, token: 'wrong' }), headers: { origin: ORIGIN } });
    const html = await res.text();
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('returns document text as JSON data, never as markup', async () => {
    const doc = sampleResult({ seed: 'hostile' });
    doc.tables[0]!.title = HOSTILE;
    doc.tables[0]!.rows[1]!.label = HOSTILE;
    store.saveResult(doc);
    const r = app();
    const { cookie } = await session(r);
    const res = await call(r, `/api/documents/${doc.source.sha256}`, { headers: { cookie } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { tables: { title: string }[] };
    expect(body.tables[0]!.title).toBe(HOSTILE);
  });

  it('addresses page images by sha256 and page number only: traversal attempts never reach the file system', async () => {
    const { sha, file } = await savePdf();
    const r = app();
    const { cookie } = await session(r);
    const get = (path: string) => call(r, path, { headers: { cookie } });
    for (const path of [
      `/api/documents/..%2F..%2F..%2Fetc%2Fpasswd/pages/1`,
      `/api/documents/${sha}/pages/..%2F..%2Ftally.db`,
      `/api/documents/${sha}/pages/1?dpi=..%2F..%2Fx`,
      `/api/documents/${sha}/pages/1?dpi=300`,
      `/api/documents/${sha}/pages/2`,
      `/api/documents/${'0'.repeat(64)}/pages/1`,
      `/assets/..%2Fserver.ts`,
      `/assets/../../package.json`,
    ]) {
      const res = await get(path);
      expect([303, 404]).toContain(res.status);
    }
    // Nothing was rendered or written for those requests.
    expect(existsSync(join(dir, '.tally', 'pages'))).toBe(false);

    const png = await get(`/api/documents/${sha}/pages/1?dpi=72`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect(readdirSync(join(dir, '.tally', 'pages', sha))).toEqual(['1@72.png']);
    // Served from the cache once rendered, even when the source has moved away.
    unlinkSync(file);
    expect((await get(`/api/documents/${sha}/pages/1?dpi=72`)).status).toBe(200);
    expect((await get(`/api/documents/${sha}/pages/1?dpi=100`)).status).toBe(404);
  });
});

describe('review server: seed 004 (its nine tables, from samples/)', () => {
  it('accepting both 基本支出 suggestions closes both row anomalies and then the column total by re-validation', async () => {
    const seed = join(import.meta.dirname, '..', '..', 'samples', '004-final-accounts-2023-tables.txt');
    const result = await extractFile(seed);
    const sha = result.source.sha256;
    store.registerDocument({ sha256: sha, path: seed, bytes: result.source.bytes });
    store.saveResult(result);
    const r = app();
    const h = await session(r);
    const headers = { cookie: h.cookie, 'x-csrf-token': h.csrf };
    const detail = (await (await call(r, `/api/documents/${sha}/anomalies/${encodeURIComponent('row_identity:t2:c2159999:total')}`, { headers: { cookie: h.cookie } })).json()) as {
      suggestion: { value: number; current: number };
      source: { lines: { text: string; hit: boolean }[] };
    };
    expect(detail.suggestion).toMatchObject({ value: 8.57, current: 85715.09 });
    // The text source shows the source line itself.
    expect(detail.source.lines.find((l) => l.hit)?.text).toContain('85715.09');

    let last = 0;
    for (const [id, seen] of [
      ['row_identity:t2:c2159999:total', 85715.09],
      ['row_identity:t2:c2011499:total', 2346.4],
    ] as const) {
      const res = await post(r, '/api/corrections', { action: 'accept', sha256: sha, anomalyId: id, seen }, headers);
      expect(res.status).toBe(201);
      last = ((await res.json()) as { correction: { id: number } }).correction.id;
    }
    const rv = await r.revalidator.settled(sha, last);
    expect(rv?.closed).toContain('column_sum:t2:total:basic');
    const state = (id: string) => store.listAnomalies(sha).find((a) => a.anomaly.id === id)?.state;
    expect(state('row_identity:t2:c2159999:total')).toBe('resolved');
    expect(state('column_sum:t2:total:basic')).toBe('resolved');
    // Export reads the store: the corrected value is what it finds.
    const cell = [...store.iterateCells({ sha256: sha })].find((c) => c.tableId === 't2' && c.rowId === 'c2159999' && c.columnKey === 'basic');
    expect(cell).toMatchObject({ value: 8.57, originalValue: 85715.09, corrected: true });
  });
});
