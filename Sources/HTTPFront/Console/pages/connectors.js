// `/connectors`: connector types from the API's registry, the chosen type's settings form, test connection and
// preview rows. Servers without the connector routes answer 404; the page says so instead of failing.
import { api } from '../api.js';
import { append, h, roleNote, replace, heading, field, select, table, statusArea, showError, showMessage, loading, empty, badge } from '../ui.js';

function list(data) {
  if (Array.isArray(data)) return data;
  return (data && (data.items || data.types || data.connectors)) || [];
}

function rowsOf(result) {
  const rows = result.rows || result.items || [];
  let columns = result.columns || [];
  if (!columns.length && rows.length) columns = Array.isArray(rows[0]) ? rows[0].map((_, i) => `column ${i + 1}`) : Object.keys(rows[0]);
  return { columns: columns.map((c) => (typeof c === 'string' ? c : c.name)), rows };
}

export async function render(main, context) {
  const canUse = context.can('run_lifecycle');
  append(main, ...heading('Connectors', 'Where the legacy extract comes from. Choose a connector type, fill in its '
    + 'settings, test the connection and preview rows (read-only: connectors never write to a source).'));
  const status = statusArea('connectors-status');
  const body = h('div', {}, loading());
  append(main, status, body);
  let types;
  try {
    types = list(await api('/api/connectors/types'));
  } catch (error) {
    body.replaceChildren();
    if (error.status === 404) {
      showMessage(status, 'Connectors are not available in this server (GET /api/connectors/types answered 404).', 'info');
      status.dataset.unavailable = 'true';
      return;
    }
    showError(status, error);
    return;
  }
  if (!types.length) {
    replace(body, empty('The server lists no connector types.'));
    return;
  }
  const chooser = select(types.map((t) => [t.name, `${t.label || t.name}${t.experimental ? ' (experimental)' : ''}`]),
    { value: types[0].name, 'data-test': 'connector-type' });
  const form = h('form', { class: 'card', 'data-test': 'connector-form' });
  const result = h('div', { 'data-test': 'connector-result' });
  const actionStatus = statusArea('connector-action-status');

  function values(inputs) {
    const settings = {};
    for (const [name, input] of Object.entries(inputs)) if (input.value !== '') settings[name] = input.value;
    return settings;
  }

  let drawn = 0;
  function draw() {
    // A new type starts clean: the last type's status and preview rows are not this one's.
    const generation = ++drawn;
    replace(result);
    actionStatus.replaceChildren();
    actionStatus.className = 'status';
    const type = types.find((t) => t.name === chooser.value);
    const inputs = {};
    const fields = (type.settings || []).map((setting) => {
      const input = h('input', {
        type: setting.secret ? 'password' : setting.kind === 'integer' ? 'number' : 'text', name: setting.name,
        required: Boolean(setting.required), value: setting.default ?? '', autocomplete: 'off', 'data-setting': setting.name,
        min: setting.minimum, max: setting.maximum,
        placeholder: setting.kind === 'folder' || setting.kind === 'file' ? 'relative to the data root' : null,
      });
      inputs[setting.name] = input;
      return field(`${setting.label || setting.name}${setting.required ? ' *' : ''}`, input,
        [setting.secret ? 'secret: never stored' : null, setting.help || setting.description || null].filter(Boolean).join(' · ') || null);
    });
    const tableList = h('datalist', { id: `tables-${type.name}` });
    const tableInput = h('input', { type: 'text', name: 'table', 'data-test': 'preview-table', placeholder: 'source table',
      list: tableList.id });
    const limit = h('input', { type: 'number', min: 1, max: 500, value: 10, 'data-test': 'preview-limit' });
    // The source's tables (when the server can list them) become the preview's table choices.
    async function discover() {
      try {
        const found = await api('/api/connectors/discover?page_size=500', { method: 'POST',
          body: { connector: type.name, settings: values(inputs) } });
        if (generation !== drawn) return; // Another type is shown now.
        const tables = list(found);
        replace(tableList, tables.map((t) => h('option', { value: t.name }, `${t.rows ?? '?'} rows`)));
        replace(result, table([
          { label: 'Table', value: (t) => h('code', {}, t.name) },
          { label: 'Rows', value: (t) => t.rows, class: 'num' },
          { label: 'Columns', value: (t) => (t.columns || []).length, class: 'num' },
          { label: 'Primary key', value: (t) => (t.columns || []).filter((c) => c.primary_key).map((c) => c.name).join(', ') || '—' },
        ], tables, { test: 'connector-tables', caption: `${tables.length} source tables` }));
        if (!tableInput.value && tables.length) tableInput.value = tables[0].name;
      } catch {
        // Discovery is optional: the preview still takes a typed table name.
      }
    }
    async function run(kind) {
      if (!form.reportValidity()) return;
      showMessage(actionStatus, kind === 'check' ? 'Testing the connection…' : 'Reading preview rows…', 'info');
      replace(result);
      try {
        const body = { connector: type.name, settings: values(inputs) };
        if (kind === 'preview') Object.assign(body, { table: tableInput.value.trim(), limit: Number(limit.value) });
        const answer = await api(`/api/connectors/${kind}`, { method: 'POST', body });
        if (generation !== drawn) return; // The type changed while this was under way.
        if (kind === 'check') {
          const ok = answer.ok ?? answer.success ?? answer.status === 'ok';
          showMessage(actionStatus, `${ok === false ? 'Connection failed' : 'Connection OK'}${answer.message ? `: ${answer.message}` : ''}`,
            ok === false ? 'error' : 'ok');
          if (ok !== false) {
            if (typeof answer.tables === 'number') actionStatus.append(` · ${answer.tables} tables found.`);
            discover();
          }
        } else {
          const { columns, rows } = rowsOf(answer);
          showMessage(actionStatus, `${rows.length} preview rows.`);
          replace(result, table(columns.map((c, i) => ({ label: c, value: (r) => String((Array.isArray(r) ? r[i] : r[c]) ?? '') })),
            rows, { test: 'preview-rows', emptyText: 'The table has no rows.' }));
        }
      } catch (error) {
        if (generation !== drawn) return;
        if (error.status === 404 && error.code === 'not_found') {
          showMessage(actionStatus, `Not available in this server (POST /api/connectors/${kind} answered 404).`, 'info');
        } else {
          showError(actionStatus, error);
        }
      }
    }
    replace(form, h('h2', {}, type.label || type.name, ' ', type.experimental ? badge('experimental') : null,
      type.available === false ? [' ', badge('unavailable')] : null),
      type.summary ? h('p', { class: 'lead' }, type.summary) : null,
      fields.length ? h('div', { class: 'form-grid' }, fields) : h('p', {}, 'This connector takes no settings.'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', 'data-test': 'connector-check', disabled: !canUse,
        onclick: () => run('check') }, 'Test connection')),
      h('h3', {}, 'Preview rows'),
      h('div', { class: 'toolbar' }, field('Table', tableInput), field('Rows', limit),
        h('button', { type: 'button', 'data-test': 'connector-preview', disabled: !canUse, onclick: () => run('preview') }, 'Preview'), tableList),
      canUse ? null : roleNote('run_lifecycle'), actionStatus, result);
  }
  form.addEventListener('submit', (event) => event.preventDefault());
  chooser.addEventListener('change', draw);
  replace(body, h('p', {}, h('strong', { 'data-test': 'connector-count' }, String(types.length)), ' connector types: ',
    types.map((t) => t.name).join(', ')), h('div', { class: 'toolbar' }, field('Connector type', chooser)), form);
  draw();
}
