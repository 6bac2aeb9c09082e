// The queue page's review-at-scale parts, beside review.js: the reviewed / open counts in the header, the search box
// (text, row code, value) with its results in the detail pane, and bulk actions on the current filter. review.js
// says when the queue changed (tally:queue-changed); this asks it to reload after a bulk action (tally:reload-queue).
import { el, api, SEVERITY, STATE, RULES, TABLE_TYPES, UNITS, fmt, fileName } from './common.js';
import { bulkFlow, progressOf } from './bulk.js';

const $ = (id) => document.getElementById(id);
const SEARCH_PAGE = 20;
const BY = { text: '文本', code: '科目编码', value: '数值' };

let statsTimer = 0;
let statsSeq = 0;

async function refreshStats() {
  const seq = ++statsSeq;
  const s = await api('GET', '/api/stats');
  if (seq !== statsSeq) return;
  const a = s.anomalies;
  const host = $('review-stats');
  host.dataset.open = String(a.open);
  host.dataset.reviewed = String(a.reviewed);
  host.dataset.total = String(a.total);
  host.replaceChildren(
    el('span', { class: 'counts' }, `已审核 ${a.reviewed} / ${a.total} · 待审核 ${a.open}`),
    progressOf(a.reviewed, a.total, '全部异常的审核进度'),
    el('a', { href: '/documents', class: 'doc-count', title: `无异常 ${s.documents.withoutAnomalies} 份，失败 ${s.documents.failed} 份` }, `文档 ${s.documents.total} 份`),
  );
}

function scheduleStats() {
  clearTimeout(statsTimer);
  statsTimer = setTimeout(() => void refreshStats().catch(() => undefined), 150);
}

// ---- search -------------------------------------------------------------------------------------------------

const search = { by: 'text', q: '', offset: 0 };

function setupSearch() {
  const form = $('search-form');
  const by = el('select', { id: 'search-by', name: 'by', 'aria-label': '搜索方式' }, ...Object.entries(BY).map(([k, v]) => el('option', { value: k }, v)));
  const q = el('input', { type: 'search', id: 'search-q', name: 'q', maxlength: '200', placeholder: '搜索：文字、科目编码或数值（如 1,234.56 或 1234.56万元）', 'aria-label': '搜索内容' });
  form.replaceChildren(by, q, el('button', { type: 'submit' }, '搜索'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const text = q.value.trim();
    if (!text) return;
    search.by = by.value;
    search.q = text;
    search.offset = 0;
    void runSearch();
  });
}

const placeOf = (h) =>
  [fileName(h.path), h.year ? `${h.year} 年` : '', h.department || '', h.tableTitle || TABLE_TYPES[h.tableType] || h.tableId].filter(Boolean).join(' · ');

async function runSearch() {
  const detail = $('detail');
  const params = new URLSearchParams({ by: search.by, q: search.q, limit: String(SEARCH_PAGE), offset: String(search.offset) });
  let r;
  try {
    r = await api('GET', `/api/search?${params}`);
  } catch (e) {
    detail.replaceChildren(el('section', { class: 'search-results', id: 'search-results' }, el('p', { class: 'error' }, e.message)));
    return;
  }
  const total = Math.max(r.anomalies.total, r.cells.total);
  const close = el('button', { type: 'button', id: 'search-close' }, '关闭搜索');
  close.addEventListener('click', () => document.dispatchEvent(new CustomEvent('tally:reload-queue')));
  const pager = el('div', { class: 'pager' });
  if (search.offset > 0) {
    const prev = el('button', { type: 'button' }, '上一页');
    prev.addEventListener('click', () => {
      search.offset = Math.max(0, search.offset - SEARCH_PAGE);
      void runSearch();
    });
    pager.append(prev);
  }
  pager.append(el('span', {}, total ? `第 ${search.offset + 1}–${Math.min(total, search.offset + SEARCH_PAGE)} 条` : ''));
  if (search.offset + SEARCH_PAGE < total) {
    const next = el('button', { type: 'button' }, '下一页');
    next.addEventListener('click', () => {
      search.offset += SEARCH_PAGE;
      void runSearch();
    });
    pager.append(next);
  }
  const what = r.value ? `${fmt(r.value.value)}${r.value.unit ? ` ${UNITS[r.value.unit]}` : ''}` : `「${r.q}」`;
  const section = el(
    'section',
    { class: 'search-results', id: 'search-results', dataset: { anomalies: String(r.anomalies.total), cells: String(r.cells.total) } },
    el('h2', {}, `按${BY[r.by]}搜索 ${what}`, ' ', close),
    el('p', { class: 'summary' }, `异常 ${r.anomalies.total} 条，${r.by === 'value' ? '单元格' : '表格行'} ${r.cells.total} 个。${r.value && r.value.unit ? '已按各表单位换算。' : ''}`),
  );
  if (r.anomalies.items.length) {
    section.append(
      el('h3', {}, '异常'),
      el(
        'ul',
        { class: 'hits anomaly-hits' },
        ...r.anomalies.items.map((h) =>
          el(
            'li',
            { class: `sev-${h.severity} state-${h.state}`, dataset: { sha: h.sha256, id: h.id } },
            el('span', { class: `badge sev-${h.severity}` }, SEVERITY[h.severity]),
            ` ${STATE[h.state]} · ${(RULES[h.rule] || h.rule).split('：')[0]} · `,
            el('a', { href: `/#${h.sha256}/${encodeURIComponent(h.id)}` }, h.message),
            el('small', { class: 'place' }, `${placeOf(h)}${h.matched !== 'message' ? ` · 匹配${h.matched === 'found' ? '发现值' : '应为值'} ${fmt(h.matched === 'found' ? h.found : h.expected)}` : ''}`),
          ),
        ),
      ),
    );
  }
  if (r.cells.items.length) {
    section.append(
      el('h3', {}, r.by === 'value' ? '单元格' : '表格行'),
      el(
        'ul',
        { class: 'hits cell-hits' },
        ...r.cells.items.map((h) =>
          el(
            'li',
            { dataset: { sha: h.sha256, row: h.rowId || '', column: h.columnKey || '' } },
            el('a', { href: `/document?sha=${h.sha256}#${encodeURIComponent(h.tableId)}` }, `${h.code ? `${h.code} ` : ''}${h.label}`),
            h.columnKey ? ` · ${h.columnLabel || h.columnKey}：${h.corrected ? `${fmt(h.value)}（已修正）` : h.raw}${h.unit ? ` ${UNITS[h.unit]}` : ''}` : '',
            h.matched === 'title' ? ' · 表名匹配' : '',
            el('small', { class: 'place' }, `${placeOf(h)}${h.page ? ` · 第 ${h.page} 页` : ''}`),
          ),
        ),
      ),
    );
  }
  if (total === 0) section.append(el('p', { class: 'empty' }, '没有找到。'));
  section.append(pager);
  detail.replaceChildren(section);
}

// ---- bulk actions on the queue's filter ----------------------------------------------------------------------

function renderBulk() {
  const host = $('bulk');
  if (!host) return;
  const sha = $('filter-sha256')?.value || '';
  const rule = $('filter-rule')?.value || '';
  const year = $('filter-year')?.value || '';
  const out = $('bulk-out') || el('div', { id: 'bulk-out' });
  const buttons = [];
  if (sha) {
    const b = el('button', { type: 'button', id: 'bulk-rounding' }, '确认本文档全部尾数误差说明');
    b.addEventListener('click', () => void bulkFlow(out, { action: 'accept_rounding', sha256: sha }, { scope: '当前文档', onChange: reload }));
    buttons.push(b);
  }
  if (rule && (sha || year)) {
    const scope = sha ? '当前文档' : `${year} 年`;
    const b = el('button', { type: 'button', id: 'bulk-dismiss-rule' }, `本${sha ? '文档' : '年度'}此规则全部标记误报`);
    const selection = { action: 'dismiss_rule', rule, ...(sha ? { sha256: sha } : { year: Number(year) }) };
    b.addEventListener('click', () => void bulkFlow(out, selection, { scope, needNote: true, onChange: reload }));
    buttons.push(b);
  }
  host.replaceChildren(
    el('span', { class: 'label' }, '批量操作'),
    ...(buttons.length ? buttons : [el('span', { class: 'hint' }, '选择文档（或规则加年度）后可批量处理；也可在「文档列表」中逐个文档确认尾数说明。')]),
    out,
  );
}

let lastFilter = '';
function onQueueChanged() {
  scheduleStats();
  // Keep a confirmation or its result on screen while the filter stays the same.
  const key = ['filter-sha256', 'filter-rule', 'filter-year'].map((id) => $(id)?.value || '').join('|');
  if (key !== lastFilter || !$('bulk-out')) {
    lastFilter = key;
    renderBulk();
  }
}

function reload() {
  document.dispatchEvent(new CustomEvent('tally:reload-queue'));
  scheduleStats();
}

setupSearch();
document.addEventListener('tally:queue-changed', onQueueChanged);
void refreshStats().catch(() => undefined);
