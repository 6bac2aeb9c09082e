// The review queue and the anomaly beside its source. Plain ES module, no build step.
import { el, api, getSession, SEVERITY, STATE, RULES, TABLE_TYPES, UNITS, fmt, fileName, pageFigure } from './common.js';

const PAGE_SIZE = 50;
const ruleShort = (r) => (RULES[r] ? RULES[r].split('：')[0] : r);

/** Filters in the order shown; `facet` names the server's count list for it. */
const FILTERS = [
  { key: 'state', label: '状态', facet: null, name: (v) => STATE[v] || v },
  { key: 'severity', label: '严重程度', facet: 'severity', name: (v) => SEVERITY[v] || v },
  { key: 'sha256', label: '文档', facet: 'document', name: (v) => docName(v) },
  { key: 'year', label: '年度', facet: 'year', name: (v) => `${v} 年` },
  { key: 'department', label: '部门', facet: 'department', name: (v) => v },
  { key: 'table', label: '表格', facet: 'tableType', name: (v) => TABLE_TYPES[v] || v },
  { key: 'rule', label: '规则', facet: 'rule', name: ruleShort },
];

const state = {
  filters: { state: 'open' },
  offset: 0,
  page: null,
  /** Index in page.items of the anomaly shown, or of the one after it when it left the list. */
  pos: 0,
  current: null,
  currentGone: false,
  detail: null,
  undo: [],
  docs: new Map(),
  prefetch: new Map(),
  busy: false,
};

const $ = (id) => document.getElementById(id);
const docName = (sha) => {
  const d = state.docs.get(sha);
  return d ? fileName(d.path) : sha.slice(0, 10);
};
const keyOf = (item) => `${item.sha256}\u0000${item.id}`;

function queryString() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v !== undefined && v !== '') q.set(k, v);
  q.set('limit', String(PAGE_SIZE));
  q.set('offset', String(state.offset));
  return q.toString();
}

async function loadQueue() {
  state.page = await api('GET', `/api/queue?${queryString()}`);
  renderFilters();
  renderList();
}

function renderFilters() {
  const form = $('filters');
  form.replaceChildren();
  for (const f of FILTERS) {
    const select = el('select', { name: f.key, id: `filter-${f.key}` });
    const values = f.facet ? state.page.facets[f.facet] : Object.keys(STATE).map((v) => ({ value: v, count: null }));
    if (f.key !== 'state') select.append(el('option', { value: '' }, `全部${f.label}`));
    const chosen = state.filters[f.key];
    const listed = new Set(values.map((v) => v.value));
    if (chosen !== undefined && chosen !== '' && !listed.has(String(chosen))) values.unshift({ value: String(chosen), count: 0 });
    for (const v of values) {
      const text = v.count === null ? f.name(v.value) : `${f.name(v.value)}（${v.count}）`;
      select.append(el('option', { value: v.value, selected: String(chosen ?? '') === v.value }, text));
    }
    select.addEventListener('change', () => {
      state.filters[f.key] = select.value || undefined;
      state.offset = 0;
      void loadQueue().then(() => select0());
    });
    form.append(el('label', {}, el('span', {}, f.label), select));
  }
}

function renderList() {
  // scale.js refreshes the counts and the bulk actions of the current filter.
  document.dispatchEvent(new CustomEvent('tally:queue-changed'));
  const { items, total, offset } = state.page;
  $('queue-summary').textContent = `${STATE[state.filters.state] || '全部'}异常共 ${total} 条`;
  $('page-info').textContent = total === 0 ? '' : `${offset + 1}–${offset + items.length} / ${total}`;
  $('prev-page').disabled = offset === 0;
  $('next-page').disabled = offset + items.length >= total;
  const list = $('queue-list');
  list.replaceChildren(
    ...items.map((item, i) =>
      el(
        'li',
        {
          class: `item sev-${item.severity}${state.current && keyOf(state.current) === keyOf(item) ? ' selected' : ''}`,
          dataset: { sha: item.sha256, id: item.id },
        },
        el(
          'button',
          { type: 'button', onclick: () => void select(i) },
          el('span', { class: `badge sev-${item.severity}` }, SEVERITY[item.severity]),
          el('span', { class: 'rule' }, ruleShort(item.rule)),
          el('span', { class: 'table' }, item.tableTitle || TABLE_TYPES[item.tableType] || item.table),
          item.hasSuggestion ? el('span', { class: 'has-suggestion', title: '有建议值' }, '建议') : null,
          el('span', { class: 'msg' }, item.message.length > 90 ? `${item.message.slice(0, 90)}…` : item.message),
          el('span', { class: 'doc' }, [docName(item.sha256), item.year ? `${item.year} 年` : '', item.department || ''].filter(Boolean).join(' · ')),
        ),
      ),
    ),
  );
}

function getDetail(item) {
  const k = keyOf(item);
  let p = state.prefetch.get(k);
  if (!p) {
    p = api('GET', `/api/documents/${item.sha256}/anomalies/${encodeURIComponent(item.id)}`);
    p.catch(() => state.prefetch.delete(k));
    state.prefetch.set(k, p);
  }
  return p;
}

async function select(i) {
  const items = state.page.items;
  if (items.length === 0) {
    state.current = null;
    state.detail = null;
    $('detail').replaceChildren(el('p', { class: 'empty' }, '没有符合条件的异常。'));
    return;
  }
  state.pos = Math.max(0, Math.min(i, items.length - 1));
  state.current = items[state.pos];
  state.currentGone = false;
  await show(state.current);
  const next = items[state.pos + 1];
  if (next) getDetail(next).catch(() => undefined);
}

async function show(item, banner) {
  const detail = await getDetail(item);
  state.detail = detail;
  renderDetail(detail, banner);
  for (const li of $('queue-list').children) li.classList.toggle('selected', li.dataset.sha === item.sha256 && li.dataset.id === item.id);
}

const select0 = () => select(0);

function columnLabel(detail, key) {
  const c = detail.table && detail.table.columns.find((x) => x.key === key);
  return c ? c.label : key;
}

function renderDetail(d, banner) {
  const a = d.anomaly;
  const unit = d.table && d.table.unit ? UNITS[d.table.unit] : '';
  const article = el('article', { class: `anomaly sev-${a.severity}`, dataset: { id: a.id, sha: d.document.sha256, state: d.state } });
  if (d.state !== 'open' || banner) {
    article.append(el('p', { class: `state-banner state-${d.state}`, role: 'status' }, banner || `此异常${STATE[d.state]}。`));
  }
  article.append(
    el('p', { id: 'notice', class: 'notice', role: 'alert' }),
    el('h2', {}, el('span', { class: `badge sev-${a.severity}` }, SEVERITY[a.severity]), ' ', RULES[a.rule] || a.rule),
    el(
      'p',
      { class: 'where' },
      `${d.table ? d.table.title || TABLE_TYPES[d.table.type] : a.table}${unit ? `（单位：${unit}）` : ''} · ${fileName(d.document.path)}`,
      d.document.department ? ` · ${d.document.department}` : '',
      d.document.year ? ` · ${d.document.year} 年` : '',
      ' · ',
      el('a', { href: `/document?sha=${d.document.sha256}#${encodeURIComponent(a.table)}` }, '查看整个文档'),
    ),
    el('p', { class: 'message' }, a.message),
  );
  const dl = el('dl', { class: 'figures' });
  const fig = (label, value) => {
    if (value === undefined || value === null) return;
    dl.append(el('dt', {}, label), el('dd', {}, typeof value === 'number' ? fmt(value) : String(value)));
  };
  fig('发现值', a.found);
  fig('按等式应为', a.expected);
  fig('差额', a.difference);
  fig('尾数容差', a.tolerance);
  fig('等式', a.formula);
  article.append(dl);

  const s = d.suggestion;
  if (s) {
    const row = d.rows.find((r) => r.table === s.table && r.id === s.row);
    article.append(
      el(
        'p',
        { class: 'suggestion' },
        '建议：将「',
        row ? `${row.code ? `${row.code} ` : ''}${row.label}` : s.row,
        ' · ',
        columnLabel(d, s.column),
        '」由 ',
        el('b', { class: 'old' }, fmt(s.current)),
        ' 改为 ',
        el('b', { class: 'new' }, fmt(s.value)),
        `（${s.derivation}）`,
        s.confirmedBy.length ? `，另有 ${s.confirmedBy.length} 个等式印证` : '',
        '。',
      ),
    );
  }

  if (d.rows.length > 0 && d.table) {
    const keys = [];
    for (const r of d.rows) for (const k of Object.keys(r.cells)) if (!keys.includes(k)) keys.push(k);
    const ordered = d.table.columns.map((c) => c.key).filter((k) => keys.includes(k));
    const related = new Set(a.related.map((x) => `${x.table}\u0000${x.row}\u0000${x.column}`));
    const table = el(
      'table',
      { class: 'row-table' },
      el('thead', {}, el('tr', {}, el('th', {}, '科目'), ...ordered.map((k) => el('th', {}, columnLabel(d, k))))),
      el(
        'tbody',
        {},
        ...d.rows.map((r) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, `${r.code ? `${r.code} ` : ''}${r.label}`),
            ...ordered.map((k) => {
              const c = r.cells[k];
              if (!c) return el('td', {});
              const cls = ['cell'];
              if (a.row === r.id && a.column === k && a.table === r.table) cls.push('flagged');
              if (s && s.table === r.table && s.row === r.id && s.column === k) cls.push('suggested');
              if (related.has(`${r.table}\u0000${r.id}\u0000${k}`)) cls.push('related');
              if (c.corrected) cls.push('corrected');
              return el(
                'td',
                {
                  class: cls.join(' '),
                  title: c.corrected ? `原值 ${c.originalRaw ?? fmt(c.original)}` : undefined,
                  dataset: { table: r.table, row: r.id, column: k },
                  onclick: () => openEditor({ table: r.table, row: r.id, column: k }),
                },
                c.corrected ? fmt(c.value) : c.raw,
              );
            }),
          ),
        ),
      ),
    );
    article.append(el('div', { class: 'table-scroll' }, table));
  }

  article.append(
    el(
      'div',
      { class: 'actions' },
      el('button', { type: 'button', id: 'act-accept', disabled: !s || d.state !== 'open', onclick: () => void accept() }, '采纳建议 (a)'),
      el('button', { type: 'button', id: 'act-edit', onclick: () => openEditor() }, '修改数值 (e)'),
      el('button', { type: 'button', id: 'act-dismiss', disabled: d.state !== 'open', onclick: () => openDismiss() }, '原值无误，标记误报 (f)'),
      el('button', { type: 'button', id: 'act-prev', onclick: () => void move(-1) }, '上一条 (k)'),
      el('button', { type: 'button', id: 'act-next', onclick: () => void move(1) }, '跳过 / 下一条 (s, j)'),
      el('button', { type: 'button', id: 'act-undo', disabled: state.undo.length === 0, onclick: () => void undo() }, '撤销 (u)'),
    ),
    el('div', { id: 'editor' }),
  );

  article.append(renderSource(d));

  if (d.history.length > 0) {
    article.append(
      el('h3', {}, '修改记录'),
      el(
        'ul',
        { class: 'history' },
        ...d.history.map((c) =>
          el(
            'li',
            { class: c.undoneAt ? 'undone' : '' },
            `${c.at.replace('T', ' ').slice(0, 19)} ${c.reviewer}：`,
            c.kind === 'dismiss' ? '标记误报' : c.table === null ? '确认' : `${c.table}/${c.row}/${c.column} ${fmt(c.oldValue)} → ${fmt(c.newValue)}`,
            `（${c.reason}）`,
            c.undoneAt ? ' 已撤销' : '',
          ),
        ),
      ),
    );
  }
  $('detail').replaceChildren(article);
}

function renderSource(d) {
  const src = d.source;
  const box = el('section', { class: 'source' }, el('h3', {}, '原文'));
  if (src.page !== null && d.document.format === 'pdf') {
    const boxes = [];
    const ys = [];
    for (const r of d.rows) {
      if (r.bbox && r.page === src.page) {
        boxes.push({ kind: 'row', bbox: r.bbox });
        ys.push(r.bbox);
      }
      for (const [k, c] of Object.entries(r.cells)) {
        if (!c.bbox || c.page !== src.page) continue;
        const s = d.suggestion;
        if (s && s.row === r.id && s.column === k && s.table === r.table) boxes.push({ kind: 'suggested', bbox: c.bbox, title: '建议修改的单元格' });
      }
    }
    if (src.bbox) {
      boxes.push({ kind: 'cell', bbox: src.bbox, title: '标记的单元格' });
      ys.push(src.bbox);
    }
    const crop = ys.length ? { y0: Math.min(...ys.map((b) => b.y0)) - 60, y1: Math.max(...ys.map((b) => b.y1)) + 60 } : null;
    box.append(
      el('p', { class: 'hint' }, `第 ${src.page} 页`, ' · ', el('a', { href: `/document?sha=${d.document.sha256}#page-${src.page}` }, '查看整页')),
      pageFigure({ sha: d.document.sha256, page: src.page, dpi: 150, boxes, crop }),
    );
  } else if (src.lines) {
    box.append(
      el('p', { class: 'hint' }, `源文件第 ${src.lines.filter((l) => l.hit).map((l) => l.n).join('、')} 行`),
      el('div', { class: 'lines' }, ...src.lines.map((l) => el('div', { class: l.hit ? 'line hit' : 'line' }, el('span', { class: 'n' }, String(l.n)), el('span', { class: 't' }, l.text)))),
    );
  }
  if (src.grid) {
    const g = src.grid;
    box.append(
      el('p', { class: 'hint' }, `源表格 ${g.id} 第 ${g.row + 1} 行${g.sheet ? ` · 工作表 ${g.sheet}` : ''}${g.address ? ` · 单元格 ${g.address}` : ''}`),
      el('div', { class: 'table-scroll' }, el('table', { class: 'grid-row' }, el('tr', {}, ...g.cells.map((t, i) => el('td', { class: i === g.col ? 'flagged' : '' }, t))))),
    );
  }
  if (src.note) box.append(el('p', { class: 'error' }, src.note));
  if (box.children.length === 1) box.append(el('p', { class: 'hint' }, '此异常没有可显示的原文位置。'));
  return box;
}

function notice(text, kind = 'info') {
  const n = $('notice');
  if (!n) return;
  n.textContent = text;
  n.className = `notice ${kind}`;
}

function currentValue(d, ref) {
  const r = d.rows.find((x) => x.table === ref.table && x.id === ref.row);
  const c = r && r.cells[ref.column];
  return c ? c.value : null;
}

function defaultTarget(d) {
  if (d.suggestion) return { table: d.suggestion.table, row: d.suggestion.row, column: d.suggestion.column };
  const a = d.anomaly;
  if (a.row && a.column && d.rows.some((r) => r.table === a.table && r.id === a.row && r.cells[a.column])) return { table: a.table, row: a.row, column: a.column };
  const r = d.rows[0];
  const k = r && Object.keys(r.cells).find((x) => d.table.columns.find((c) => c.key === x && c.kind === 'amount'));
  return r && k ? { table: r.table, row: r.id, column: k } : null;
}

function openEditor(target) {
  const d = state.detail;
  if (!d) return;
  const t = target || defaultTarget(d);
  const box = $('editor');
  if (!t) {
    box.replaceChildren(el('p', { class: 'hint' }, '此异常没有可修改的单元格。'));
    return;
  }
  const row = d.rows.find((r) => r.table === t.table && r.id === t.row);
  const seen = currentValue(d, t);
  const input = el('input', { id: 'edit-value', type: 'text', inputmode: 'decimal', value: seen === null ? '' : String(seen), autocomplete: 'off' });
  const note = el('input', { id: 'edit-note', type: 'text', maxlength: '500', placeholder: '说明（可选）' });
  const form = el(
    'form',
    { class: 'edit-form' },
    el('label', {}, `修改「${row ? row.label : t.row} · ${columnLabel(d, t.column)}」为 `, input),
    note,
    el('button', { type: 'submit' }, '保存'),
    el('button', { type: 'button', onclick: () => box.replaceChildren() }, '取消'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = input.value.trim().replace(/,/g, '');
    const value = text === '' ? null : Number(text);
    if (value !== null && !Number.isFinite(value)) {
      notice('请输入数字，或留空表示清空该单元格。', 'error');
      return;
    }
    const body = { action: 'edit', sha256: d.document.sha256, anomalyId: d.anomaly.id, table: t.table, row: t.row, column: t.column, value, seen };
    if (note.value.trim()) body.note = note.value.trim();
    void act(body, false);
  });
  box.replaceChildren(form);
  input.focus();
  input.select();
}

function openDismiss() {
  const d = state.detail;
  if (!d || d.state !== 'open') return;
  const note = el('input', { id: 'dismiss-note', type: 'text', maxlength: '500', required: true, placeholder: '为什么原值是对的（必填）' });
  const form = el(
    'form',
    { class: 'dismiss-form' },
    el('label', {}, '原值无误，理由：', note),
    el('button', { type: 'submit' }, '标记误报'),
    el('button', { type: 'button', onclick: () => $('editor').replaceChildren() }, '取消'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!note.value.trim()) return;
    void act({ action: 'dismiss', sha256: d.document.sha256, anomalyId: d.anomaly.id, seen: d.state, note: note.value.trim() }, true);
  });
  $('editor').replaceChildren(form);
  note.focus();
}

async function accept() {
  const d = state.detail;
  if (!d || !d.suggestion || d.state !== 'open') return;
  await act({ action: 'accept', sha256: d.document.sha256, anomalyId: d.anomaly.id, seen: d.suggestion.current }, true);
}

/**
 * Write one correction. Accept and dismiss close the anomaly at once, so the next one is shown as soon as the
 * write is stored; the document's re-validation follows in the background, and its outcome (anomalies closed or
 * opened by the new figures) updates the queue and the anomaly shown. #detail[aria-busy] says one is pending.
 */
async function act(body, advance) {
  if (state.busy) return;
  state.busy = true;
  syncBusy();
  let c;
  try {
    performance.clearMarks('tally:action');
    performance.mark('tally:action');
    const res = await api('POST', '/api/corrections', body);
    if (res.status === 409) {
      state.prefetch.clear();
      const msg = `${res.body.error}${res.body.current !== undefined ? `（当前值：${STATE[res.body.current] || fmt(res.body.current)}）` : ''}`;
      await show(state.current);
      notice(msg, 'conflict');
      return;
    }
    c = res.body.correction;
    state.undo.push(c.id);
    if (advance) {
      const items = state.page.items;
      const i = items.findIndex((x) => keyOf(x) === keyOf(state.current));
      if (i >= 0) items.splice(i, 1);
      state.page.total -= 1;
      renderList();
      if (items.length > 0) await select(Math.min(state.pos, items.length - 1));
      else {
        await loadQueue();
        await select(0);
      }
      performance.clearMarks('tally:next-shown');
      performance.mark('tally:next-shown');
      performance.measure('tally:action-to-next', 'tally:action', 'tally:next-shown');
    }
  } catch (e) {
    notice(e.message, 'error');
    return;
  } finally {
    state.busy = false;
    syncBusy();
  }
  await afterRevalidation(body.sha256, c, advance ? null : c);
}

let pendingRevalidations = 0;

/** #detail[aria-busy]: a write or its re-validation is under way (tests and assistive tech wait on it). */
function syncBusy() {
  $('detail').setAttribute('aria-busy', state.busy || pendingRevalidations > 0 ? 'true' : 'false');
}
let refreshSeq = 0;

/** Wait for the document's re-validation to cover correction `c`, then refresh the queue and the anomaly shown. */
async function afterRevalidation(sha, c, edited) {
  pendingRevalidations += 1;
  syncBusy();
  const seq = ++refreshSeq;
  try {
    const rv = await api('GET', `/api/documents/${sha}/revalidation?after=${c.id}`);
    state.prefetch.clear();
    // A later action started its own refresh: let that one draw, this one would show older figures.
    if (seq !== refreshSeq) return;
    await loadQueue();
    await refreshCurrent(rv, edited);
  } catch (e) {
    notice(e.message, 'error');
  } finally {
    pendingRevalidations -= 1;
    syncBusy();
  }
}

/** After a re-validation: keep the anomaly shown, say what changed, and re-read its figures. */
async function refreshCurrent(rv, correction) {
  if (!state.current) return select(0);
  const items = state.page.items;
  const i = items.findIndex((x) => keyOf(x) === keyOf(state.current));
  if (i >= 0) {
    state.pos = i;
    state.currentGone = false;
  } else state.currentGone = true;
  renderList();
  const closedHere = rv.closed.includes(state.current.id) && rv.sha256 === state.current.sha256;
  let banner;
  if (closedHere) banner = '修正后重新校验：此异常已自动关闭。';
  else if (correction) banner = `已保存：${fmt(correction.oldValue)} → ${fmt(correction.newValue)}。`;
  await show(state.current, banner);
  const parts = [];
  if (rv.closed.length) parts.push(`关闭 ${rv.closed.length} 条`);
  if (rv.opened.length) parts.push(`新增 ${rv.opened.length} 条`);
  if (parts.length) notice(`重新校验完成：${parts.join('，')}。`, 'info');
}

async function move(step) {
  const items = state.page.items;
  if (items.length === 0) return;
  let i = state.currentGone && step > 0 ? state.pos : state.pos + step;
  if (i >= items.length) {
    if (state.page.offset + items.length < state.page.total) {
      state.offset += PAGE_SIZE;
      await loadQueue();
      i = 0;
    } else i = items.length - 1;
  } else if (i < 0) {
    if (state.offset > 0) {
      state.offset = Math.max(0, state.offset - PAGE_SIZE);
      await loadQueue();
      i = state.page.items.length - 1;
    } else i = 0;
  }
  await select(i);
}

async function undo() {
  if (state.busy || state.undo.length === 0) return;
  const id = state.undo.pop();
  state.busy = true;
  syncBusy();
  let c;
  try {
    const res = await api('POST', `/api/corrections/${id}/undo`);
    if (res.status === 409) {
      notice(res.body.error, 'conflict');
      return;
    }
    c = res.body.correction;
    if (c.anomalyId) {
      // Show the anomaly the undone correction was about; the refresh below re-reads its state.
      state.prefetch.clear();
      state.current = { sha256: c.sha256, id: c.anomalyId };
      state.currentGone = true;
    }
  } catch (e) {
    notice(e.message, 'error');
    return;
  } finally {
    state.busy = false;
    syncBusy();
  }
  await afterRevalidation(c.sha256, c, null);
  notice(`已撤销修改 #${c.id}。`, 'info');
}

function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const tag = ev.target && ev.target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') {
    if (ev.key === 'Escape') $('editor').replaceChildren();
    return;
  }
  const actions = {
    a: () => void accept(),
    e: () => openEditor(),
    f: () => openDismiss(),
    s: () => void move(1),
    j: () => void move(1),
    k: () => void move(-1),
    u: () => void undo(),
  };
  const f = actions[ev.key];
  if (f) {
    ev.preventDefault();
    f();
  }
}

/** A link from the document view, the list or a search: #<sha256>/<anomaly id>, or #<sha256> for a document's queue. */
function hashTarget() {
  const m = /^#([0-9a-f]{64})(?:\/(.*))?$/.exec(location.hash);
  return m ? { sha256: m[1], id: m[2] ? decodeURIComponent(m[2]) : null } : null;
}

async function openTarget(target) {
  state.filters.sha256 = target.sha256;
  state.offset = 0;
  state.prefetch.clear();
  await loadQueue();
  const i = target.id ? state.page.items.findIndex((x) => x.sha256 === target.sha256 && x.id === target.id) : 0;
  if (target.id && i < 0) {
    state.current = target;
    state.currentGone = true;
    await show(target);
  } else await select(Math.max(0, i));
}

async function start() {
  const hashed = hashTarget();
  const target = hashed && hashed.id ? hashed : null;
  if (hashed) state.filters.sha256 = hashed.sha256;
  // The three first requests do not depend on each other: ask for them together.
  const [session, docs, page] = await Promise.all([getSession(), api('GET', '/api/documents'), api('GET', `/api/queue?${queryString()}`)]);
  $('reviewer').textContent = session.reviewer;
  for (const d of docs.documents) state.docs.set(d.sha256, d);
  state.page = page;
  renderFilters();
  renderList();
  performance.mark('tally:queue-shown');
  $('prev-page').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    void loadQueue().then(select0);
  });
  $('next-page').addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    void loadQueue().then(select0);
  });
  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', () => {
    const t = hashTarget();
    if (t) void openTarget(t).catch((e) => notice(e.message, 'error'));
  });
  document.addEventListener('tally:reload-queue', () => {
    state.prefetch.clear();
    void loadQueue().then(() => select(Math.min(state.pos, Math.max(0, state.page.items.length - 1))));
  });
  const i = target ? state.page.items.findIndex((x) => x.sha256 === target.sha256 && x.id === target.id) : -1;
  if (target && i < 0) {
    state.current = target;
    state.currentGone = true;
    await show(target);
  } else await select(Math.max(0, i));
  performance.mark('tally:detail-shown');
}

start().catch((e) => {
  $('detail').replaceChildren(el('p', { class: 'error' }, `加载失败：${e.message}`));
});
