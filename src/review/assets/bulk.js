// Review at scale, shared by the queue, the document list and the document page: review counts with a bar, and the
// confirmation of a bulk action (dry run → count → confirm → one batch → undo). Text only, never HTML.
import { el, api, RULES } from './common.js';

/** "已审核 3 / 10" with a <progress> bar (no inline styles: the page's CSP forbids them). */
export function progressOf(reviewed, total, label) {
  const pct = total === 0 ? 100 : Math.round((reviewed / total) * 100);
  return el(
    'span',
    { class: 'progress', title: total === 0 ? '没有异常' : `已审核 ${reviewed} / ${total}（${pct}%）` },
    el('progress', { value: total === 0 ? 1 : reviewed, max: total === 0 ? 1 : total, 'aria-label': label || '审核进度' }),
    el('span', { class: 'pct' }, `${pct}%`),
  );
}

/** Open anomalies by severity as small badges (errors first); nothing when none is open. */
export function openBadges(counts) {
  const out = [];
  const names = { error: '错误', warning: '警告', info: '提示' };
  for (const s of ['error', 'warning', 'info']) {
    const n = counts.openBySeverity[s];
    if (n > 0) out.push(el('span', { class: `badge sev-${s}`, title: `待审核${names[s]} ${n} 条` }, `${names[s]} ${n}`));
  }
  return out;
}

const ACTION_TEXT = {
  accept_rounding: '确认尾数误差说明（原值无误）',
  dismiss_rule: '按规则标记误报',
};

/**
 * Ask the server how many anomalies `selection` would close, show the count and the first few for confirmation,
 * then write them as one batch with that count (the server refuses with 409 when the count changed meanwhile),
 * and offer to undo the whole batch. `onChange` runs after the batch and after its undo.
 */
export async function bulkFlow(host, selection, { scope, needNote = false, onChange = () => undefined } = {}) {
  host.replaceChildren(el('p', { class: 'hint' }, '正在统计……'));
  const preview = await api('POST', '/api/bulk/preview', { selection });
  const p = preview.body;
  if (preview.status !== 200) {
    host.replaceChildren(el('p', { class: 'error' }, p.error || '无法统计'));
    return;
  }
  if (p.count === 0) {
    host.replaceChildren(el('p', { class: 'hint bulk-none' }, '没有符合条件的待审核异常。'));
    return;
  }
  const what = selection.action === 'dismiss_rule' ? `${ACTION_TEXT.dismiss_rule}（${(RULES[selection.rule] || selection.rule).split('：')[0]}）` : ACTION_TEXT.accept_rounding;
  const note = needNote ? el('input', { type: 'text', id: 'bulk-note', maxlength: '500', placeholder: '理由（必填），例如：模板合计行按惯例不含此项', required: true }) : null;
  const yes = el('button', { type: 'button', id: 'bulk-confirm-yes', class: 'primary' }, `确认处理 ${p.count} 条`);
  const no = el('button', { type: 'button', id: 'bulk-confirm-no' }, '取消');
  const panel = el(
    'div',
    { class: 'bulk-confirm', role: 'group', 'aria-label': '批量操作确认', dataset: { count: String(p.count) } },
    el('p', {}, `将${what}：共 `, el('b', { class: 'bulk-count' }, String(p.count)), ` 条，涉及 ${p.documents} 份文档${scope ? `（${scope}）` : ''}。每条都会记入修改记录，可整批撤销。`),
    el('ul', { class: 'bulk-sample' }, ...p.sample.slice(0, 5).map((t) => el('li', {}, t.message.length > 80 ? `${t.message.slice(0, 80)}…` : t.message))),
    p.count > 5 ? el('p', { class: 'hint' }, `……另有 ${p.count - 5} 条`) : null,
    note,
    el('div', { class: 'actions' }, yes, no),
  );
  host.replaceChildren(panel);
  no.addEventListener('click', () => host.replaceChildren());
  yes.addEventListener('click', async () => {
    if (note && note.value.trim() === '') {
      note.focus();
      return;
    }
    yes.disabled = true;
    try {
      const res = await api('POST', '/api/bulk', { selection, expected: p.count, ...(note ? { note: note.value.trim() } : {}) });
      if (res.status === 409) {
        host.replaceChildren(el('p', { class: 'notice conflict' }, res.body.error));
        return;
      }
      const b = res.body.batch;
      const undo = el('button', { type: 'button', id: 'bulk-undo' }, '撤销本批');
      host.replaceChildren(el('p', { class: 'notice bulk-done', role: 'status' }, `已完成批量操作 #${b.id}：${b.count} 条。`, undo));
      undo.addEventListener('click', async () => {
        undo.disabled = true;
        const u = await api('POST', `/api/bulk/${b.id}/undo`);
        host.replaceChildren(el('p', { class: u.status === 200 ? 'notice bulk-undone' : 'notice conflict', role: 'status' }, u.status === 200 ? `已撤销批量操作 #${b.id}（${b.count} 条）。` : u.body.error));
        await onChange();
      });
      await onChange(b);
    } catch (e) {
      host.replaceChildren(el('p', { class: 'error' }, e.message));
    }
  });
}
