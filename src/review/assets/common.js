// Shared helpers of the review pages. Everything from documents goes into the page as text (textContent,
// attribute values), never as HTML, so a hostile title or cell shows as the characters it is.

/** Build an element: el('td', { class: 'x', title: '…' }, child, 'text', …). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = String(v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

let session = null;

/** The reviewer and the CSRF token of this browser's session. */
export async function getSession() {
  if (!session) session = await api('GET', '/api/session');
  return session;
}

/** JSON request; resolves { status, body } for 2xx and 409 (conflicts are shown, not thrown). */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    const s = await getSession();
    if (s.csrf) headers['X-CSRF-Token'] = s.csrf;
  }
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401) {
    location.href = '/login';
    throw new Error('未登录');
  }
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (method === 'GET' && path === '/api/session') return data;
  if (!res.ok && res.status !== 409) throw new Error(data.error || `HTTP ${res.status}`);
  return method === 'GET' ? data : { status: res.status, body: data };
}

export const SEVERITY = { error: '错误', warning: '警告', info: '提示' };
export const STATE = { open: '待审核', resolved: '已解决', dismissed: '已标记误报' };

export const RULES = {
  row_identity: '行内等式：合计应等于各分项之和',
  column_sum: '列合计：合计行应等于各行之和',
  hierarchy_sum: '科目层级：上级科目应等于下级科目之和',
  cross_table: '表间一致：同一数字在两张表中应相同',
  narrative_mismatch: '文字与表格：说明文字中的数字应与表格一致',
  unit_suspect: '单位可疑：万元表中疑似以元填列',
  magnitude_outlier: '数量级异常：数值大小与同行同列明显不符',
  decimal_pattern: '小数位异常：小数位数多于本表其余金额',
  template_unfilled: '未填写的模板',
  empty_table: '空表：其他表显示本表应有数据',
  parse_error: '无法解析：应为数字的单元格不是数字',
  cross_year: '跨年度：本年年初应等于上年年末，主要数字变动不应过大',
  missing_table: '缺表：按文档类型应有的表格缺失',
  toc_mismatch: '目录不符：目录与正文表格不一致',
  placeholder_text: '模板文字：文中留有占位文字',
  metadata_mismatch: '信息不一致：年度或部门在封面、标题、表格、正文间不一致',
  structure_suspect: '结构可疑：表头、列或行与本类表格不符',
  check_skipped: '未能校验：所需表格缺失或无法读取',
  ocr_disagreement: '识别分歧：两个 OCR 引擎读出不同数字',
};

export const TABLE_TYPES = {
  income_expenditure_summary: '收入支出决算总表',
  income: '收入决算表',
  expenditure: '支出决算表',
  fiscal_summary: '财政拨款收入支出决算总表',
  general_budget_expenditure: '一般公共预算财政拨款支出决算表',
  basic_expenditure: '一般公共预算财政拨款基本支出决算表',
  government_fund: '政府性基金预算财政拨款收入支出决算表',
  state_capital: '国有资本经营预算财政拨款支出决算表',
  three_public: '“三公”经费支出决算表',
  budget_summary: '收支预算总表',
  budget_income: '收入预算表',
  budget_expenditure: '支出预算表',
  budget_fiscal_summary: '财政拨款收支预算总表',
  budget_general_expenditure: '一般公共预算支出表',
  budget_basic_expenditure: '一般公共预算基本支出表',
  budget_government_fund: '政府性基金预算支出表',
  budget_state_capital: '国有资本经营预算支出表',
  budget_three_public: '“三公”经费支出预算表',
  budget_procurement: '政府采购预算表',
  performance_overall: '部门整体支出绩效目标表',
  special_fund_summary: '专项资金绩效目标汇总表',
  special_fund_direction: '专项资金支出方向绩效目标表',
  self_evaluation_overall: '部门整体支出绩效自评表',
  self_evaluation_project: '项目支出绩效自评表',
  unknown: '其他表',
};

export const UNITS = { yuan: '元', wan_yuan: '万元', yi_yuan: '亿元' };

/** A figure as a reviewer reads it: numbers as given (no rounding), null as a dash. */
export function fmt(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return String(Math.round(v * 1e6) / 1e6);
  return String(v);
}

export function shortSha(sha) {
  return sha.slice(0, 10);
}

export function fileName(path) {
  const parts = String(path).split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * A page image with boxes drawn over it. `boxes` are in PDF points (origin top-left); `crop` (optional) is a
 * vertical band in points to show, the rest hidden. Positions are percentages of the page, set through the
 * CSSOM (allowed by the page's CSP, unlike style attributes in markup).
 */
export function pageFigure({ sha, page, dpi, boxes, crop, width }) {
  const holder = el('div', { class: crop ? 'page-crop' : 'page-full' });
  const inner = el('div', { class: 'page-inner' });
  const img = el('img', { alt: `第 ${page} 页`, src: `/api/documents/${sha}/pages/${page}?dpi=${dpi}`, class: 'page-img' });
  inner.append(img);
  holder.append(inner);
  holder.dataset.page = String(page);
  const ready = new Promise((resolve, reject) => {
    img.addEventListener('load', () => resolve(), { once: true });
    img.addEventListener('error', () => reject(new Error('页面图像加载失败')), { once: true });
  });
  ready
    .then(() => {
      const ptW = (img.naturalWidth * 72) / dpi;
      const ptH = (img.naturalHeight * 72) / dpi;
      for (const b of boxes) {
        const d = el('div', { class: `box ${b.kind}`, title: b.title || undefined });
        d.style.left = `${(b.bbox.x0 / ptW) * 100}%`;
        d.style.top = `${(b.bbox.y0 / ptH) * 100}%`;
        d.style.width = `${((b.bbox.x1 - b.bbox.x0) / ptW) * 100}%`;
        d.style.height = `${((b.bbox.y1 - b.bbox.y0) / ptH) * 100}%`;
        if (b.onclick) d.addEventListener('click', b.onclick);
        inner.append(d);
      }
      const w = width || holder.clientWidth || 640;
      inner.style.width = `${w}px`;
      if (crop) {
        const scale = w / ptW;
        const top = Math.max(0, crop.y0 * scale);
        const height = Math.max(80, (crop.y1 - crop.y0) * scale);
        holder.style.height = `${height}px`;
        inner.style.top = `${-top}px`;
      }
      holder.classList.add('ready');
    })
    .catch((e) => holder.append(el('p', { class: 'error' }, e.message)));
  return holder;
}
