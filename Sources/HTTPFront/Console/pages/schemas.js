// `/schemas`: source and target tabs, a table filter and field drill-down.
import { api } from '../api.js';
import { append, h, replace, heading, tabs, field, table, loading, showError, statusArea, badge, empty } from '../ui.js';

export async function render(main) {
  append(main, ...heading('Schemas', 'The legacy PAS source and the EPR target, table by table. Choose a table, '
    + 'then a field to see its type, keys, code set and the mapping rows that use it.'));
  const counts = await api('/api/schemas');
  const sides = counts.items.map((item) => [item.side, `${item.side === 'source' ? 'Source (PAS)' : 'Target (EPR)'} · ${item.tables}`]);
  const set = tabs(sides, (side, panel) => renderSide(side, panel), { test: 'schema-tab' });
  append(main, set.element);
}

async function renderSide(side, panel) {
  const status = statusArea('schema-status');
  append(panel, status, loading());
  let data;
  try {
    data = await api(`/api/schemas/${side}?page_size=500`);
  } catch (error) {
    panel.replaceChildren(status);
    showError(status, error);
    return;
  }
  const filter = h('input', { type: 'search', placeholder: 'e.g. patient', 'data-test': 'schema-filter' });
  const count = h('span', { 'data-test': 'schema-table-count' }, String(data.total));
  const list = h('div', { class: 'list-buttons', 'data-test': 'schema-tables', role: 'group', 'aria-label': `${side} tables` });
  const detail = h('div', { 'data-test': 'schema-detail' }, empty('Choose a table to see its fields.'));
  let chosen = null;
  function drawList() {
    const term = filter.value.trim().toLowerCase();
    const shown = data.items.filter((table) => table.name.toLowerCase().includes(term));
    // The count says how many the filter shows, of how many.
    count.textContent = term ? `${shown.length} of ${data.total}` : String(data.total);
    replace(list, shown.length ? shown.map((table) => h('button', {
      type: 'button', 'aria-pressed': String(chosen === table.name), 'data-table': table.name,
      onclick: () => {
        chosen = table.name;
        drawList();
        showTable(table.name);
      },
    }, h('span', {}, table.name), h('span', { class: 'muted' }, `${table.fields}`))) : empty('No table matches.'));
  }
  async function showTable(name) {
    replace(detail, loading());
    try {
      const fields = await api(`/api/schemas/${side}/${encodeURIComponent(name)}?page_size=500`);
      const drill = h('div', { 'data-test': 'field-detail' });
      replace(detail, h('div', { class: 'card' },
        h('h2', {}, `${side} · ${name}`), fields.summary ? h('p', { class: 'lead' }, fields.summary) : null,
        table([
          { label: 'Field', value: (f) => h('button', { type: 'button', class: 'link', 'data-field': f.name,
            onclick: () => drillDown(name, f.name, drill) }, f.name) },
          { label: 'Type', value: (f) => h('code', {}, f.type) },
          { label: 'Nullable', value: (f) => (f.nullable ? 'yes' : 'no') },
          { label: 'Key', value: (f) => [f.primary_key ? badge('PK') : null,
            f.references ? ` → ${f.references.table}.${f.references.column}` : null] },
          { label: 'Code set', value: (f) => f.code_set || '—' },
        ], fields.items, { caption: `${fields.total} fields`, test: 'schema-fields' }), drill));
    } catch (error) {
      replace(detail, status);
      showError(status, error);
    }
  }
  async function drillDown(tableName, name, drill) {
    replace(drill, loading());
    try {
      const info = await api(`/api/schemas/${side}/${encodeURIComponent(tableName)}/fields/${encodeURIComponent(name)}`);
      const f = info.field;
      replace(drill, h('div', { class: 'card' }, h('h3', {}, `Field ${tableName}.${f.name}`),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Type'), h('dd', {}, f.type), h('dt', {}, 'Nullable'), h('dd', {}, f.nullable ? 'yes' : 'no'),
          h('dt', {}, 'Primary key'), h('dd', {}, f.primary_key ? 'yes' : 'no'),
          h('dt', {}, 'References'), h('dd', {}, f.references ? `${f.references.table}.${f.references.column}` : '—'),
          h('dt', {}, 'Code set'), h('dd', {}, f.code_set || '—'),
          h('dt', {}, 'Referenced by'), h('dd', {}, info.referenced_by.map((r) => r.id).join(', ') || '—')),
        h('h3', {}, 'Mapping rows using this field'),
        table([
          { label: 'Row', value: (r) => h('code', {}, r.id) },
          { label: 'Source', value: (r) => `${r.source_table}.${r.source_field}` },
          { label: 'Transform', value: (r) => r.transform, class: 'wrap' },
          { label: 'Status', value: (r) => badge(r.status) },
        ], info.mappings, { emptyText: 'No mapping row uses this field.' })));
      drill.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      const area = statusArea();
      replace(drill, area);
      showError(area, error);
    }
  }
  filter.addEventListener('input', drawList);
  panel.replaceChildren(status,
    h('div', { class: 'toolbar' }, field('Filter tables', filter),
      h('p', {}, h('strong', {}, 'Tables: '), count, ` in the ${side} catalog`)),
    h('div', { class: 'split' }, list, detail));
  drawList();
}
