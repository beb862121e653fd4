// `/mappings`: the contract rows (server-side pagination and filters) and the edit/approve workbench with inline
// edit, selection, bulk edit and bulk status. Every command carries expected_seq, so a stale page is refused (409)
// and the API's message is shown next to the action.
import { api, query } from '../api.js';
import {
  append, h, replace, heading, tabs, field, select, table, pager, statusArea, showError, showMessage, loading, badge,
  roleNote,
} from '../ui.js';

// A row's status, with who rejected it and why when it is rejected.
function statusCell(row) {
  if (row.status !== 'rejected') return badge(row.status);
  return h('span', { 'data-test': 'rejection' }, badge('rejected'),
    ` by ${row.rejected_by || '—'}${row.rejection_reason ? `: ${row.rejection_reason}` : ''}`);
}

const STATUSES = [['', 'Any status'], ['proposed', 'proposed'], ['approved', 'approved'], ['rejected', 'rejected']];

export async function render(main, context) {
  append(main, ...heading('Mappings', 'The mapping contract: how each EPR column is filled from the legacy PAS. '
    + 'Engineers edit rows; a steward who did not make the last edit approves them (four eyes).'));
  const targets = await api('/api/schemas/target?page_size=500');
  const tableNames = targets.items.map((t) => t.name);
  const set = tabs([['rows', 'Contract rows'], ['workbench', 'Edit / approve']],
    (name, panel) => (name === 'rows' ? contractRows(panel, tableNames) : workbench(panel, tableNames, context)),
    { test: 'mapping-tab' });
  append(main, set.element);
}

function filters(tableNames, state, onChange, prefix) {
  const status = select(STATUSES, { value: state.status, 'data-test': `${prefix}-status` });
  const tableFilter = select([['', 'Any table'], ...tableNames], { value: state.table, 'data-test': `${prefix}-table` });
  const critical = select([['', 'Any'], ['true', 'NHS-critical only'], ['false', 'Not critical']],
    { value: state.critical, 'data-test': `${prefix}-critical` });
  const text = h('input', { type: 'search', value: state.q, placeholder: 'id, source or transform', 'data-test': `${prefix}-q` });
  const apply = () => {
    Object.assign(state, { status: status.value, table: tableFilter.value, critical: critical.value, q: text.value.trim(), page: 1 });
    onChange();
  };
  [status, tableFilter, critical].forEach((control) => control.addEventListener('change', apply));
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') apply();
  });
  return h('div', { class: 'toolbar' }, field('Status', status), field('Target table', tableFilter),
    field('Critical', critical), field('Search', text),
    h('button', { type: 'button', onclick: apply }, 'Apply filters'));
}

function listPath(state) {
  return `/api/mappings${query({ page: state.page, page_size: state.size, status: state.status, table: state.table,
    critical: state.critical, q: state.q })}`;
}

function contractRows(panel, tableNames) {
  const state = { page: 1, size: 25, status: '', table: '', critical: '', q: '' };
  const status = statusArea('rows-status');
  const body = h('div', {});
  const total = h('p', {});
  async function load() {
    replace(body, loading());
    try {
      const data = await api(listPath(state));
      replace(total, h('strong', { 'data-test': 'mapping-total' }, String(data.total)), ' rows match');
      replace(body, table([
        { label: 'Row', value: (r) => h('code', {}, r.id), class: 'id' },
        { label: 'Source', value: (r) => `${r.source_table}.${r.source_field}` },
        { label: 'Transform', value: (r) => r.transform, class: 'wrap' },
        { label: 'Code set', value: (r) => r.code_set || '—' },
        { label: 'Critical', value: (r) => (r.critical ? 'yes' : 'no') },
        { label: 'Status', value: (r) => statusCell(r), class: 'wrap' },
        { label: 'Version', value: (r) => r.version, class: 'num' },
        { label: 'Edited / decided by', value: (r) => `${r.edited_by || '—'} / ${r.approved_by || r.rejected_by || '—'}` },
      ], data.items, { test: 'mapping-rows', emptyText: 'No row matches these filters.' }),
      pager(data, (page, size) => {
        Object.assign(state, { page, size });
        load();
      }, { test: 'rows-pager' }));
    } catch (error) {
      body.replaceChildren();
      showError(status, error);
    }
  }
  append(panel, filters(tableNames, state, load, 'rows'), status, total, body);
  load();
}

function workbench(panel, tableNames, context) {
  const canEdit = context.can('edit_mapping');
  const canApprove = context.can('approve_mapping');
  const state = { page: 1, size: 10, status: '', table: '', critical: '', q: '' };
  const selection = new Set();
  let page = null;
  let editing = null;
  const status = statusArea('workbench-status');
  const body = h('div', {});
  const selected = h('span', { 'data-test': 'selected-count' }, '0 selected');
  const bulkField = select([['transform', 'transform'], ['notes', 'notes'], ['code_set', 'code_set'],
    ['critical', 'critical (yes/no)'], ['required', 'required (yes/no)']], { 'data-test': 'bulk-field' });
  const bulkValue = h('input', { type: 'text', 'data-test': 'bulk-value' });
  const reason = h('input', { type: 'text', placeholder: 'why (for a rejection)', 'data-test': 'status-reason' });

  const headSeq = () => page && page.head_seq;

  async function command(action, run) {
    showMessage(status, `${action}…`, 'info');
    try {
      const message = await run();
      await load(false);
      showMessage(status, message, 'ok');
    } catch (error) {
      showError(status, error);
      if (error.status === 409) status.append(' — reload the rows (Apply filters) and decide again.');
    }
  }

  function changeValue(name, raw) {
    if (name === 'critical' || name === 'required') return /^(y|yes|true|1)$/i.test(raw.trim());
    if (name === 'code_set' && raw.trim() === '') return null;
    return raw;
  }

  function bulkEdit() {
    const ids = [...selection];
    command(`Editing ${ids.length} rows`, async () => {
      const result = await api('/api/mappings/bulk/edit', { method: 'POST', body: {
        ids, changes: { [bulkField.value]: changeValue(bulkField.value, bulkValue.value) }, expected_seq: headSeq(),
      } });
      selection.clear();
      return `Edited ${result.changed} rows (ledger seq ${result.head_seq}); they are proposed again.`;
    });
  }

  function bulkStatus(target) {
    const ids = [...selection];
    command(`Setting ${ids.length} rows to ${target}`, async () => {
      const body = { ids, status: target, expected_seq: headSeq() };
      // The reason belongs to a rejection only; once sent it is cleared, so it never rides on a later approval.
      if (target === 'rejected' && reason.value.trim()) body.reason = reason.value.trim();
      const result = await api('/api/mappings/bulk/status', { method: 'POST', body });
      if (target === 'rejected') reason.value = '';
      selection.clear();
      return `${target === 'approved' ? 'Approved' : 'Rejected'} ${result.changed} rows (ledger seq ${result.head_seq}).`;
    });
  }

  function setStatus(row, target) {
    command(`${target === 'approved' ? 'Approving' : 'Rejecting'} ${row.id}`, async () => {
      const body = { status: target, expected_seq: headSeq() };
      if (target === 'rejected' && reason.value.trim()) body.reason = reason.value.trim();
      const result = await api(`/api/mappings/${encodeURIComponent(row.id)}/status`, { method: 'POST', body });
      if (target === 'rejected') {
        reason.value = '';
        return `${result.id} is rejected${body.reason ? `: ${body.reason}` : ''}.`;
      }
      return `${result.id} is approved by ${result.approved_by || '—'}.`;
    });
  }

  function save(row, inputs) {
    const changes = {};
    for (const [name, input] of Object.entries(inputs)) {
      if (input.value !== (row[name] ?? '')) changes[name] = changeValue(name, input.value);
    }
    if (!Object.keys(changes).length) {
      editing = null;
      draw();
      return;
    }
    command(`Saving ${row.id}`, async () => {
      const result = await api(`/api/mappings/${encodeURIComponent(row.id)}`, {
        method: 'PATCH', body: { changes, expected_seq: headSeq() },
      });
      editing = null;
      return `Saved ${result.id}: version ${result.version}, now ${result.status} (needs a steward's approval).`;
    });
  }

  function draw() {
    const allOnPage = page.items.length > 0 && page.items.every((r) => selection.has(r.id));
    const selectAll = h('input', { type: 'checkbox', checked: allOnPage, 'aria-label': 'Select every row on this page',
      'data-test': 'select-all' });
    selectAll.addEventListener('change', () => {
      page.items.forEach((r) => (selectAll.checked ? selection.add(r.id) : selection.delete(r.id)));
      draw();
    });
    selected.textContent = `${selection.size} selected`;
    const columns = [
      { label: selectAll, value: (r) => {
        const box = h('input', { type: 'checkbox', checked: selection.has(r.id), 'aria-label': `Select ${r.id}`,
          'data-test': 'select-row' });
        box.addEventListener('change', () => {
          if (box.checked) selection.add(r.id);
          else selection.delete(r.id);
          selected.textContent = `${selection.size} selected`;
        });
        return box;
      } },
      { label: 'Row', value: (r) => h('code', {}, r.id), class: 'id' },
      { label: 'Source', value: (r) => `${r.source_table}.${r.source_field}` },
      { label: 'Transform', class: 'wrap', value: (r) => (editing && editing.id === r.id ? editing.inputs.transform : r.transform) },
      { label: 'Notes', class: 'wrap', value: (r) => (editing && editing.id === r.id ? editing.inputs.notes : r.notes || '—') },
      { label: 'Status', value: (r) => [statusCell(r), h('div', { class: 'muted' }, `v${r.version} · ${r.edited_by || '—'}`)] },
      { label: 'Actions', value: (r) => {
        if (editing && editing.id === r.id) {
          return h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'primary', 'data-test': 'save-row', onclick: () => save(r, editing.inputs) }, 'Save'),
            h('button', { type: 'button', onclick: () => { editing = null; draw(); } }, 'Cancel'));
        }
        return h('div', { class: 'actions' },
          h('button', { type: 'button', disabled: !canEdit, 'data-test': 'edit-row', title: canEdit ? null : 'needs edit_mapping',
            onclick: () => {
              const input = (name) => h('input', { type: 'text', value: r[name] ?? '', 'aria-label': `${name} of ${r.id}`,
                'data-test': `edit-${name}` });
              editing = { id: r.id, inputs: { transform: input('transform'), notes: input('notes') } };
              draw();
              editing.inputs.transform.focus();
            } }, 'Edit'),
          h('button', { type: 'button', disabled: !canApprove || r.status === 'approved', 'data-test': 'approve-row',
            title: canApprove ? null : 'needs approve_mapping', onclick: () => setStatus(r, 'approved') }, 'Approve'),
          h('button', { type: 'button', disabled: !canApprove || r.status === 'rejected', 'data-test': 'reject-row',
            title: canApprove ? null : 'needs approve_mapping', onclick: () => setStatus(r, 'rejected') }, 'Reject'));
      } },
    ];
    replace(body,
      h('p', {}, h('strong', { 'data-test': 'workbench-total' }, String(page.total)), ` rows match · ledger seq ${page.head_seq}`),
      table(columns, page.items, { test: 'workbench-rows', emptyText: 'No row matches these filters.',
        rowAttrs: (r) => ({ 'data-id': r.id, class: selection.has(r.id) ? 'selected' : null }) }),
      pager(page, (number, size) => {
        Object.assign(state, { page: number, size });
        editing = null;
        load();
      }, { test: 'workbench-pager', sizes: [10, 25, 50, 100, 200] }));
  }

  async function load(clearStatus = true) {
    if (clearStatus) {
      status.replaceChildren();
      status.className = 'status';
    }
    try {
      page = await api(listPath(state));
      draw();
    } catch (error) {
      showError(status, error);
    }
  }

  append(panel, filters(tableNames, state, load, 'wb'),
    h('div', { class: 'card' }, h('h2', {}, 'Bulk actions on the selection'), selected,
      h('div', { class: 'toolbar' }, field('Field', bulkField), field('New value', bulkValue),
        h('button', { type: 'button', disabled: !canEdit, 'data-test': 'bulk-edit', onclick: () => {
          if (!selection.size) return showError(status, new Error('Select rows first.'));
          return bulkEdit();
        } }, 'Edit selected')),
      h('div', { class: 'toolbar' }, field('Reason', reason),
        h('button', { type: 'button', disabled: !canApprove, 'data-test': 'bulk-approve', onclick: () => {
          if (!selection.size) return showError(status, new Error('Select rows first.'));
          return bulkStatus('approved');
        } }, 'Approve selected'),
        h('button', { type: 'button', disabled: !canApprove, 'data-test': 'bulk-reject', onclick: () => {
          if (!selection.size) return showError(status, new Error('Select rows first.'));
          return bulkStatus('rejected');
        } }, 'Reject selected')),
      !canEdit ? roleNote('edit_mapping') : null, !canApprove ? roleNote('approve_mapping') : null),
    status, body);
  replace(body, loading());
  load();
}
