// `/runs`: trigger a full lifecycle, follow its progress, the run history with parent links, and one run's detail:
// gate checks, crosswalk rejects and issues (paginated), artifacts with their hashes, sign-offs.
import { api, query } from '../api.js';
import {
  append, breakable, h, replace, heading, field, select, table, pager, statusArea, showError, showMessage, loading, badge, roleNote,
  shortHash, number,
} from '../ui.js';

const STEPS = ['extract', 'schema', 'mapping', 'etl', 'quality', 'gate'];

async function profiles() {
  try {
    const doc = await api('/openapi.json');
    const body = doc.paths['/api/runs/execute'].post.requestBody.content['application/json'].schema;
    const resolved = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    const values = resolved.properties.release_profile.enum;
    if (Array.isArray(values) && values.length) return values;
  } catch {
    // The document is only a convenience here; fall back to the bundled profiles.
  }
  return ['pre_production', 'cutover_ready'];
}

export async function render(main, context) {
  const canRun = context.can('run_lifecycle');
  append(main, ...heading('Runs', 'Start a full lifecycle run, follow it live, and review each run\'s gate, '
    + 'rejects, issues and artifacts.'));
  const rows = h('input', { type: 'number', min: 1, value: 200, 'data-test': 'run-rows' });
  const seed = h('input', { type: 'number', min: 0, value: 42, 'data-test': 'run-seed' });
  const minPatients = h('input', { type: 'number', min: 0, value: 200, 'data-test': 'run-min-patients' });
  const profile = select(await profiles(), { value: 'pre_production', 'data-test': 'run-profile' });
  const triggerStatus = statusArea('trigger-status');
  const progress = h('div', { 'data-test': 'progress' });
  const history = h('div', {}, loading());
  const historyStatus = statusArea('history-status');
  const detail = h('div', { 'data-test': 'run-detail' });
  let historyPage = { page: 1, size: 10 };
  let following = null;

  async function trigger(event) {
    event.preventDefault();
    showMessage(triggerStatus, 'Starting a run…', 'info');
    try {
      const started = await api('/api/runs/execute', { method: 'POST', body: {
        rows: Number(rows.value), seed: Number(seed.value), min_patients: Number(minPatients.value),
        release_profile: profile.value,
      } });
      showMessage(triggerStatus, `Run ${started.run_id} started.`);
      follow(started.run_id);
      loadHistory();
    } catch (error) {
      showError(triggerStatus, error);
    }
  }

  async function follow(id) {
    following = id;
    for (;;) {
      if (following !== id) return;
      let run;
      try {
        run = await api(`/api/runs/${encodeURIComponent(id)}`);
      } catch (error) {
        showError(triggerStatus, error);
        return;
      }
      const done = run.steps.filter((s) => s.status === 'completed' || s.status === 'reused').length;
      const running = run.status === 'running' || run.status === 'starting';
      const bar = h('span', {});
      bar.style.width = `${Math.round((100 * done) / STEPS.length)}%`;
      replace(progress, h('div', { class: 'card' },
        h('h3', {}, 'Run ', h('code', {}, run.id), ' ', badge(run.status)),
        h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': STEPS.length,
          'aria-valuenow': done, 'aria-label': 'steps done' }, bar),
        h('p', {}, STEPS.map((name) => {
          const step = run.steps.find((s) => s.step === name);
          return h('span', {}, `${name} `, badge(step ? step.status : 'pending'), ' ');
        })),
        running ? h('p', { class: 'live' }, 'Live: updating every second') : h('p', { 'data-test': 'progress-gate' },
          'Gate: ', badge(run.gate ? run.gate.verdict : 'none'), ' ',
          h('a', { href: `/runs?run=${encodeURIComponent(run.id)}` }, 'Open the run detail'))));
      if (!running) {
        loadHistory();
        showDetail(run.id);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async function loadHistory() {
    try {
      const data = await api(`/api/runs${query({ page: historyPage.page, page_size: historyPage.size })}`);
      replace(history, table([
        { label: 'Run', value: (r) => h('button', { type: 'button', class: 'link mono', 'data-test': 'open-run', 'data-run': r.id,
          title: r.id, 'aria-label': `Run ${r.id}`, onclick: () => showDetail(r.id) }, `${r.id.slice(0, 8)}…`) },
        { label: 'Status', value: (r) => badge(r.status) },
        { label: 'Gate', value: (r) => badge(r.gate_verdict || '—') },
        { label: 'Profile', value: (r) => r.release_profile || '—' },
        { label: 'Parent', value: (r) => (r.parent_run ? h('button', { type: 'button', class: 'link mono', title: r.parent_run,
          'aria-label': `Parent run ${r.parent_run}`, onclick: () => showDetail(r.parent_run) }, `${r.parent_run.slice(0, 8)}…`) : '—') },
        { label: 'Operator', value: (r) => r.operator },
        { label: 'Started', value: (r) => r.started_at },
      ], data.items, { test: 'run-history', emptyText: 'No run yet: start one above.' }),
      pager(data, (page, size) => {
        historyPage = { page, size };
        loadHistory();
      }, { test: 'history-pager', label: 'runs' }));
      if (data.active_run && !following) follow(data.active_run);
    } catch (error) {
      history.replaceChildren();
      showError(historyStatus, error);
    }
  }

  async function showDetail(id) {
    replace(detail, loading());
    history.querySelectorAll('tr').forEach((row) => row.classList.toggle('selected',
      Boolean(row.querySelector(`[data-run="${CSS.escape(id)}"]`))));
    const params = new URLSearchParams(location.search);
    params.set('run', id);
    window.history.replaceState(null, '', `/runs?${params}`);
    try {
      const run = await api(`/api/runs/${encodeURIComponent(id)}`);
      const rejects = h('div', {});
      const issues = h('div', {});
      const gate = run.gate;
      const report = gate && gate.report;
      const checks = report && Array.isArray(report.checks) ? report.checks : [];
      replace(detail, h('div', { class: 'card' },
        h('h2', {}, 'Run ', h('code', { 'data-test': 'detail-id' }, run.id), ' ', badge(run.status)),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Operator'), h('dd', {}, run.operator),
          h('dt', {}, 'Started / completed'), h('dd', {}, `${run.started_at || '—'} / ${run.completed_at || '—'}`),
          h('dt', {}, 'Parent run'), h('dd', {}, run.parent_run
            ? h('button', { type: 'button', class: 'link', onclick: () => showDetail(run.parent_run) }, run.parent_run) : '—'),
          h('dt', {}, 'Parameters'), h('dd', {}, h('code', {}, JSON.stringify(run.parameters || {}))),
          h('dt', {}, 'Gate'), h('dd', { 'data-test': 'detail-gate' }, gate ? [badge(gate.verdict), ` profile ${gate.profile ?? '—'}`,
            gate.failed_checks.length ? ` · failed: ${gate.failed_checks.join(', ')}` : ''] : 'no gate result'),
          h('dt', {}, 'Sign-offs'), h('dd', { 'data-test': 'detail-signoffs' }, (run.sign_offs || []).length
            ? (run.sign_offs || []).map((x) => h('div', {}, `${x.user} (${x.role}, seq ${x.seq}) `,
              x.valid === false ? h('span', { class: 'badge badge-fail', title: 'the evidence it saw has changed' },
                `VOID — ${(x.changed_since || []).join(', ')} changed since; sign again`) : badge('valid')))
            : 'none')),
        h('h3', {}, 'Steps'),
        table([
          { label: 'Step', value: (s) => s.step },
          { label: 'Status', value: (s) => badge(s.status) },
          { label: 'Duration', value: (s) => (s.duration_ms === null || s.duration_ms === undefined ? '—' : `${number(s.duration_ms)} ms`), class: 'num' },
          { label: 'Reused from', value: (s) => s.reused_from || '—' },
          { label: 'Counts', value: (s) => Object.entries(s.counts || {}).filter(([, v]) => typeof v !== 'object')
            .map(([k, v]) => `${k} ${v}`).join(' · ') || '—', class: 'wrap' },
          { label: 'Error', value: (s) => s.error || '—', class: 'wrap' },
        ], run.steps, { test: 'detail-steps' }),
        h('h3', {}, 'Gate checks'),
        table([
          { label: 'Check', value: (c) => c.id || c.name || c.check || '—' },
          { label: 'Result', value: (c) => badge(c.status || c.result || (c.passed === true ? 'PASS' : c.passed === false ? 'FAIL' : '—')) },
          { label: 'Description', class: 'wrap', value: (c) => c.description || c.detail || c.message || '—' },
          { label: 'Actual', value: (c) => gateValue(c.actual), class: 'wrap' },
          { label: 'Threshold', value: (c) => (c.threshold === undefined ? '—'
            : `${(c.comparison || '').replace(/_/g, ' ')} ${gateValue(c.threshold)}`), class: 'wrap' },
          { label: 'Reason', value: (c) => c.reason || '—', class: 'wrap' },
        ], checks, { test: 'gate-checks', emptyText: 'No gate report for this run.' }),
        h('h3', {}, `Crosswalk rejects (${run.rejects && run.rejects.count !== null ? run.rejects.count : '—'})`), rejects,
        h('h3', {}, 'Quality issues'), issues,
        h('h3', {}, 'Artifacts'),
        table([
          { label: 'Path', value: (a) => h('code', {}, a.path), class: 'id' },
          { label: 'SHA-256', value: (a) => shortHash(a.sha256) },
          { label: 'Bytes', value: (a) => number(a.bytes), class: 'num' },
          { label: 'Rows', value: (a) => number(a.rows), class: 'num' },
        ], run.artifacts, { test: 'artifacts', emptyText: 'No artifacts recorded.' }),
        context.can('sign_off_gate') && run.gate ? signOff(run) : null));
      csvPage(rejects, `/api/runs/${encodeURIComponent(run.id)}/rejects`, {}, 'rejects');
      issuePicker(issues, run.id);
    } catch (error) {
      const area = statusArea();
      replace(detail, area);
      showError(area, error);
    }
  }

  // A gate value as the report's text form writes it (GateValue.text): sign-offs as "role: user", approval
  // counts as "a of t", required roles listed.
  function gateValue(value) {
    if (value === undefined || value === null) return '—';
    if (Array.isArray(value)) {
      if (!value.length) return 'none';
      if (value.every((v) => typeof v === 'string')) return value.join(' + ');
      return value.map((v) => (v && typeof v === 'object' ? `${v.role}: ${v.user}` : String(v))).join(', ');
    }
    if (typeof value === 'object') {
      if ('approved' in value && 'total' in value) return `${number(value.approved)} of ${number(value.total)}`;
      return JSON.stringify(value);
    }
    return String(value);
  }

  function signOff(run) {
    const note = h('input', { type: 'text', 'data-test': 'signoff-note' });
    const status = statusArea();
    return h('div', {}, h('h3', {}, 'Sign off the gate'), h('div', { class: 'toolbar' }, field('Note', note),
      h('button', { type: 'button', class: 'primary', onclick: async () => {
        try {
          const body = note.value.trim() ? { note: note.value.trim() } : {};
          const done = await api(`/api/runs/${encodeURIComponent(run.id)}/signoff`, { method: 'POST', body });
          showMessage(status, `Signed off by ${done.user} as ${done.role}.`);
        } catch (error) {
          showError(status, error);
        }
      } }, 'Sign off')), status);
  }

  function issuePicker(container, id) {
    const kind = select([['enterprise', 'Enterprise'], ['contract', 'Contract']], { value: 'enterprise', 'data-test': 'detail-issue-kind' });
    const severity = select([['', 'Any'], 'critical', 'high', 'medium', 'low'], { value: '' });
    const body = h('div', {});
    const load = () => csvPage(body, `/api/runs/${encodeURIComponent(id)}/issues`, { kind: kind.value, severity: severity.value }, 'issues');
    kind.addEventListener('change', load);
    severity.addEventListener('change', load);
    replace(container, h('div', { class: 'toolbar' }, field('Kind', kind), field('Severity', severity)), body);
    load();
  }

  append(main, 
    h('form', { class: 'card', 'data-test': 'trigger', onsubmit: trigger },
      h('h2', {}, 'Trigger a full lifecycle'),
      h('div', { class: 'form-grid' }, field('Patient rows', rows), field('Seed', seed), field('Min patients', minPatients),
        field('Release profile', profile)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', disabled: !canRun, 'data-test': 'trigger-run' },
        'Start run')),
      !canRun ? roleNote('run_lifecycle') : null, triggerStatus, progress),
    h('h2', {}, 'History'), historyStatus, history, detail);
  await loadHistory();
  const wanted = new URLSearchParams(location.search).get('run');
  if (wanted) showDetail(wanted);
}

/** A paginated CSV report from the API (rejects, issues) as a table. */
export async function csvPage(container, path, params, test, state = { page: 1, size: 10 }) {
  replace(container, loading());
  try {
    const data = await api(`${path}${query({ ...params, page: state.page, page_size: state.size })}`);
    // A column holding one value on the whole page (the run id) is said once above the table, not on every row.
    const constant = data.columns.filter((name) => name === 'run_id' && data.items.length
      && data.items.every((row) => row[name] === data.items[0][name]));
    const columns = data.columns.filter((name) => !constant.includes(name))
      .map((name) => ({ label: breakable(name), value: (row) => breakable(row[name] ?? ''), class: 'csv' }));
    replace(container, h('p', {}, h('strong', { 'data-test': `${test}-total` }, String(data.total)), ` rows in ${data.source}`,
      constant.map((name) => [' · ', `${name} `, h('code', {}, data.items[0][name])])),
    h('div', { class: 'csv-table' }, table(columns, data.items, { test, emptyText: 'No rows.' })),
      data.total > data.page_size || state.page > 1 ? pager(data, (page, size) => csvPage(container, path, params, test, { page, size }),
        { test: `${test}-pager` }) : null);
  } catch (error) {
    const area = statusArea();
    replace(container, area);
    if (error.status === 404) showMessage(area, error.message, 'info');
    else showError(area, error);
  }
}
