// 提醒 #/reminders (everyone): the person's reminders (TrackerService.ListNotices) — due soon,
// overdue, consultations lapsed — unread first, each with its cases; 标为已读 one by one or all
// (MarkNoticesRead). New reminders arrive live through the shell's reminders stream (tabs.js).

import {h, replace, empty} from '../dom.js';
import * as api from '../api.js';
import {showError, busy} from '../forms.js';
import {showMessage} from '../ui.js';
import {noticeKindLabel} from '../labels.js';
import {chineseDate, chinaTime} from '../dates.js';
import {caseLink} from '../caseparts.js';

const SHOWN_CASES = 10;

export async function render(root, params, ctx) {
  const markAll = h('button', {type: 'button', id: 'notices-read-all'}, '全部标为已读');
  const summary = h('p', {class: 'count', id: 'notices-summary', 'aria-live': 'polite'});
  const list = h('div', {id: 'notices'});
  const more = h('div');
  root.append(h('h1', null, '提醒'), h('div', {class: 'toolbar'}, markAll, summary), list, more);

  const byId = new Map();
  let unread = 0;
  let token = '';

  function sorted() {
    // Unread first; within each, newest first (ids increase with delivery).
    return [...byId.values()].sort((a, b) => (a.read === b.read ? Number(b.id) - Number(a.id) : a.read ? 1 : -1));
  }

  function draw() {
    const notices = sorted();
    summary.textContent = `共 ${notices.length}${token ? '+' : ''} 条，未读 ${unread} 条`;
    markAll.disabled = unread === 0;
    replace(list, notices.length === 0 ? empty('暂无提醒。')
      : h('ul', {class: 'notices'}, notices.map(item)));
    replace(more, token ? h('button', {type: 'button', id: 'notices-more', on: {click: () => load(true)}}, '加载更多') : null);
  }

  function item(n) {
    const cases = n.case_numbers || [];
    const shown = cases.slice(0, SHOWN_CASES);
    const extra = cases.slice(SHOWN_CASES);
    const caseList = h('ul', {class: 'notice-cases'}, shown.map((c) => h('li', null, caseLink(c))));
    if (extra.length) {
      const toggle = h('button', {type: 'button', class: 'link-button', 'aria-expanded': 'false'}, `另有${extra.length}件`);
      toggle.addEventListener('click', () => {
        toggle.remove();
        for (const c of extra) caseList.appendChild(h('li', null, caseLink(c)));
      });
      caseList.appendChild(h('li', null, toggle));
    }
    const readButton = n.read ? null : h('button', {type: 'button', id: `notice-read-${n.id}`}, '标为已读');
    if (readButton) {
      readButton.addEventListener('click', async () => {
        const restore = busy(readButton, '正在标记…');
        try {
          await api.rpc('TrackerService', 'MarkNoticesRead', {ids: [n.id]});
          n.read = true;
          unread = Math.max(0, unread - 1);
          ctx.refreshUnread();
          draw();
          document.getElementById('notices-read-all')?.focus();
        } catch (err) {
          showError(err);
          restore();
        }
      });
    }
    const level = n.kind === 'overdue' ? 'overdue' : 'soon';
    return h('li', {class: ['notice-item', n.read ? 'is-read' : 'is-unread', `notice-${level}`], id: `notice-${n.id}`},
      h('div', {class: 'notice-head'},
        h('span', {class: `urgency urgency-${level}`}, noticeKindLabel(n.kind)),
        n.read ? h('span', {class: 'read-mark'}, '已读') : h('span', {class: 'unread-mark'}, '未读'),
        h('strong', {class: 'notice-title'}, n.title || ''),
        n.moved ? h('span', {class: 'hint'}, '（案件已转至本部门）') : null),
      h('p', {class: 'notice-meta'},
        `部门：${n.department_name || '待分办'}；答复期限：${chineseDate(n.due_date)}；共${n.count}件；提醒时间：${chinaTime(n.at)}`),
      caseList,
      readButton);
  }

  async function load(moreOf) {
    try {
      const r = await api.rpc('TrackerService', 'ListNotices', {page_size: 50, page_token: moreOf ? token : ''});
      if (!moreOf) byId.clear();
      for (const n of r.notices || []) byId.set(n.id, n);
      unread = Number(r.unread) || 0;
      token = r.next_page_token || '';
      draw();
    } catch (err) {
      replace(list, h('p', {class: 'load-error', role: 'alert'}, api.describeError(err)));
    }
  }

  markAll.addEventListener('click', async () => {
    const restore = busy(markAll, '正在标记…');
    try {
      const r = await api.rpc('TrackerService', 'MarkNoticesRead', {all: true});
      for (const n of byId.values()) n.read = true;
      unread = 0;
      ctx.refreshUnread();
      showMessage(`已将 ${r.marked || 0} 条提醒标为已读`, 'success');
    } catch (err) {
      showError(err);
    } finally {
      restore();
      draw();
    }
  });

  await load(false);
  // A reminder into which later cases were merged comes again with the same id. When reminders
  // may have been missed (the browser's reminders stream was reopened), the list is read again.
  return ctx.onNotice((n) => {
    const before = byId.get(n.id);
    if (!n.read && (!before || before.read)) unread++;
    byId.set(n.id, n);
    draw();
  }, () => load(false));
}
