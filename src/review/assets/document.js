// One document: every table with its anomalies inline, and (for PDFs) every page with each extracted cell outlined.
import { el, api, getSession, SEVERITY, STATE, RULES, TABLE_TYPES, UNITS, fmt, fileName, pageFigure } from './common.js';
import { bulkFlow, progressOf } from './bulk.js';

const bulkHost = el('div', { class: 'bulk-host' });
const STATUS = { queued: '排队中，尚未提取', processing: '正在提取', failed: '提取失败' };

const $ = (id) => document.getElementById(id);
const key = (t, r, c) => `${t}\u0000${r}\u0000${c}`;
const reviewLink = (sha, id) => `/#${sha}/${encodeURIComponent(id)}`;

async function start() {
  const session = await getSession();
  $('reviewer').textContent = session.reviewer;
  const sha = new URLSearchParams(location.search).get('sha') || '';
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error('地址中缺少文档编号');
  const data = await api('GET', `/api/documents/${sha}`);
  const doc = data.document;
  document.title = `${fileName(doc.path)} · tally 审核`;

  // Open anomalies mark the cell they are anchored on and, more lightly, the cells their identity involves.
  const flags = new Map();
  for (const a of data.anomalies) {
    if (a.state !== 'open') continue;
    if (a.row && a.column) flags.set(key(a.table, a.row, a.column), { kind: `flagged sev-${a.severity}`, a });
    for (const r of a.related) {
      const k = key(r.table, r.row, r.column);
      if (!flags.has(k)) flags.set(k, { kind: 'related', a });
    }
  }

  const main = $('document');
  const open = data.anomalies.filter((a) => a.state === 'open');
  const where = [doc.department, doc.year ? `${doc.year} 年` : null, doc.format ? doc.format.toUpperCase() : null, doc.pages ? `${doc.pages} 页` : null, `sha256 ${doc.sha256.slice(0, 12)}…`]
    .filter(Boolean)
    .join(' · ');
  if (doc.status && doc.status !== 'done') {
    // Not extracted: what the store knows, and why it failed.
    main.replaceChildren(
      el('h2', {}, fileName(doc.path) || doc.sha256.slice(0, 12)),
      el('p', { class: 'where' }, where),
      el('p', { class: `state-banner doc-status status-${doc.status}`, role: 'status' }, STATUS[doc.status] || doc.status, doc.error ? `：${doc.error}` : '。', doc.attempts ? `（已尝试 ${doc.attempts} 次）` : ''),
      el('p', {}, el('a', { href: '/documents' }, '返回文档列表')),
    );
    performance.mark('tally:document-shown');
    return;
  }
  const reviewed = data.anomalies.length - open.length;
  main.replaceChildren(
    el('h2', {}, fileName(doc.path)),
    el('p', { class: 'where' }, where, doc.departmentId ? [' · ', el('a', { href: `/department?id=${doc.departmentId}` }, '部门各年度')] : null),
    el(
      'p',
      { class: 'summary', id: 'doc-summary' },
      data.anomalies.length === 0 ? '本文档没有异常：所有校验均通过。' : `待审核异常 ${open.length} 条，已审核 ${reviewed} 条，共 ${data.anomalies.length} 条。`,
      data.anomalies.length ? [' ', progressOf(reviewed, data.anomalies.length)] : null,
      open.length ? [' ', el('a', { href: `/#${doc.sha256}/` }, '在队列中审核')] : null,
    ),
  );
  // 尾数误差 notes, as the store counts them (isRoundingNote).
  const rounding = open.filter((a) => a.rounding);
  let b = null;
  if (rounding.length) {
    b = el('button', { type: 'button', id: 'doc-bulk-rounding' }, `确认本文档全部尾数误差说明（${rounding.length}）`);
    b.addEventListener('click', () => void bulkFlow(bulkHost, { action: 'accept_rounding', sha256: doc.sha256 }, { scope: fileName(doc.path), onChange: () => start() }));
  }
  // The same panel across re-renders, so the result of a batch and its undo stay on screen.
  main.append(el('div', { class: 'bulk' }, b, bulkHost));

  const toc = el('nav', { class: 'toc' }, ...data.tables.map((t) => el('a', { href: `#${t.id}` }, t.title || TABLE_TYPES[t.type])));
  main.append(toc);

  for (const t of data.tables) {
    const section = el('section', { class: 'doc-table', id: t.id });
    section.append(
      el('h3', {}, t.title || TABLE_TYPES[t.type], el('small', {}, ` ${TABLE_TYPES[t.type] || t.type}${t.unit ? ` · ${UNITS[t.unit]}` : ''}${t.pages.length ? ` · 第 ${t.pages.join('、')} 页` : ''}${t.template ? ' · 未填模板' : ''}`)),
    );
    const cols = t.columns;
    const table = el(
      'table',
      { class: 'full-table' },
      el('thead', {}, el('tr', {}, el('th', {}, '科目'), ...cols.map((c) => el('th', {}, c.label)))),
      el(
        'tbody',
        {},
        ...t.rows.map((r) =>
          el(
            'tr',
            { class: `role-${r.role}` },
            el('th', { scope: 'row' }, `${r.code ? `${r.code} ` : ''}${r.label}`),
            ...cols.map((c) => {
              const cell = r.cells[c.key];
              if (!cell) return el('td', {});
              const f = flags.get(key(t.id, r.id, c.key));
              const cls = ['cell', f ? f.kind : '', cell.corrected ? 'corrected' : ''].filter(Boolean).join(' ');
              const text = cell.corrected ? fmt(cell.value) : cell.raw;
              return el('td', { class: cls, title: f ? f.a.message : undefined, dataset: { row: r.id, column: c.key } }, f ? el('a', { href: reviewLink(doc.sha256, f.a.id) }, text) : text);
            }),
          ),
        ),
      ),
    );
    section.append(el('div', { class: 'table-scroll' }, table));
    const mine = data.anomalies.filter((a) => a.table === t.id);
    if (mine.length) {
      section.append(
        el(
          'ul',
          { class: 'inline-anomalies' },
          ...mine.map((a) =>
            el(
              'li',
              { class: `sev-${a.severity} state-${a.state}`, dataset: { id: a.id } },
              el('span', { class: `badge sev-${a.severity}` }, SEVERITY[a.severity]),
              ` ${STATE[a.state]} · ${(RULES[a.rule] || a.rule).split('：')[0]}：`,
              el('a', { href: reviewLink(doc.sha256, a.id) }, a.message),
            ),
          ),
        ),
      );
    }
    main.append(section);
  }

  if (doc.format === 'pdf' && doc.pages) {
    const pages = el('section', { class: 'pages' }, el('h3', {}, '页面图像（已勾出每个提取的单元格）'));
    for (let p = 1; p <= doc.pages; p++) {
      const boxes = [];
      for (const t of data.tables) {
        for (const r of t.rows) {
          for (const [k, cell] of Object.entries(r.cells)) {
            if (cell.page !== p || !cell.bbox) continue;
            const f = flags.get(key(t.id, r.id, k));
            boxes.push({
              kind: f ? (f.kind === 'related' ? 'related' : 'cell') : 'extracted',
              bbox: cell.bbox,
              title: `${t.title} · ${r.label} · ${k}：${cell.raw}`,
            });
          }
        }
      }
      pages.append(el('div', { class: 'page-block', id: `page-${p}` }, el('h4', {}, `第 ${p} 页`), pageFigure({ sha: doc.sha256, page: p, dpi: 100, boxes, width: 800 })));
    }
    main.append(pages);
  }
  performance.mark('tally:document-shown');
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

start().catch((e) => {
  $('document').replaceChildren(el('p', { class: 'error' }, `加载失败：${e.message}`));
});
