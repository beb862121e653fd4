// `/`: live KPIs from the API, refreshed when the ledger moves (event stream, or polling).
import { api } from '../api.js';
import { append, h, replace, kpi, heading, number, badge, loading, showError, statusArea, table } from '../ui.js';

export async function render(main, context) {
  const tiles = h('div', { class: 'kpis', 'data-test': 'dashboard-kpis' });
  const profiles = h('div', {});
  const updated = h('p', { class: 'live', 'data-test': 'live' }, 'Live: refreshes when the ledger moves');
  const status = statusArea('dashboard-status');
  append(main, ...heading('Dashboard', 'The migration at a glance: runs, gate, data quality, mapping approval and '
    + 'the ledger, read from the control-plane API.'), updated, status, tiles,
  h('h2', {}, 'Gate status per release profile'), profiles);
  replace(tiles, loading());

  async function refresh() {
    try {
      const [kpis, runs, head] = await Promise.all([
        api('/api/quality/kpis?weeks=12'), api('/api/runs?page_size=200'), api('/api/ledger/head'),
      ]);
      const verify = context.can('verify_ledger') ? await api('/api/ledger/verify') : null;
      const widgets = kpis.widgets;
      const latest = widgets.latest_run;
      // Every figure is of one run: the latest finished one (the one the gate judged), never a mix of runs.
      const finished = runs.items.find((run) => run.status !== 'running');
      const detail = finished ? await api(`/api/runs/${encodeURIComponent(finished.id)}`) : { steps: [] };
      const counts = (name) => (detail.steps.find((step) => step.step === name) || {}).counts || {};
      // by_severity is per kind ({contract: {critical, …}, enterprise: {…}}): open issues are the sum of both.
      const bySeverity = widgets.issues.by_severity || {};
      const severity = (level) => ['contract', 'enterprise']
        .reduce((sum, kind) => sum + ((bySeverity[kind] || {})[level] ?? 0), 0);
      const openCriticalHigh = severity('critical') + severity('high');
      // The reject rate the gate judges: source records rejected over source records extracted.
      const rejects = counts('etl').rejected_records ?? counts('etl').rejected;
      const extracted = counts('etl').extracted;
      const patients = counts('quality').patients_loaded;
      const rateBp = counts('etl').reject_rate_bp;
      const rejectRate = rateBp !== undefined ? `${(rateBp / 100).toFixed(2)}%`
        : extracted ? `${((100 * (rejects ?? 0)) / extracted).toFixed(2)}%` : null;
      const mapping = widgets.mapping;
      replace(tiles,
        kpi('Last run', latest ? latest.status : 'none', {
          test: 'kpi-last-run', tone: latest && latest.status === 'passed' ? 'good' : latest ? 'bad' : '',
          detail: latest ? `${latest.id} · gate ${latest.gate_verdict ?? '—'}` : 'No run yet: start one on Runs',
        }),
        kpi('Patients migrated', number(patients), { test: 'kpi-patients', detail: finished ? `run ${finished.id.slice(0, 8)}, quality step` : 'no finished run' }),
        kpi('Reject rate', rejectRate, {
          test: 'kpi-reject-rate', detail: `${number(rejects)} rejected of ${number(extracted)} extracted records`,
          tone: rejects ? 'warn' : 'good',
        }),
        kpi('Open critical / high issues', widgets.issues.enterprise === null && widgets.issues.contract === null ? '—'
          : `${severity('critical')} / ${severity('high')}`, {
          test: 'kpi-critical-high', tone: openCriticalHigh ? 'bad' : 'good',
          detail: `${number(widgets.issues.enterprise)} enterprise · ${number(widgets.issues.contract)} contract`,
        }),
        kpi('Mapping approval', `${(mapping.approved_bp / 100).toFixed(1)}%`, {
          test: 'kpi-mapping', tone: mapping.approved === mapping.total ? 'good' : 'warn',
          detail: `${mapping.approved} of ${mapping.total} rows approved · ${mapping.proposed} proposed`,
        }),
        kpi('Ledger head', `seq ${head.seq}`, { test: 'kpi-ledger-head', detail: head.hash.slice(0, 16) + '…' }),
        kpi('Ledger verification', verify ? (verify.intact ? 'intact' : 'BROKEN') : 'not permitted', {
          test: 'kpi-ledger-verify', tone: verify ? (verify.intact ? 'good' : 'bad') : '',
          detail: verify ? `${number(verify.events)} events checked` : 'needs the auditor or admin role',
        }),
        kpi('Runs', widgets.runs.total, {
          test: 'kpi-runs', detail: `${widgets.runs.passed} passed · ${widgets.runs.gate_failed} gate failed · `
            + `${widgets.runs.failed} failed`,
        }));
      const byProfile = new Map();
      for (const run of runs.items) {
        if (run.release_profile && run.gate_verdict && !byProfile.has(run.release_profile)) {
          byProfile.set(run.release_profile, run);
        }
      }
      replace(profiles, table([
        { label: 'Profile', value: (row) => row[0] },
        { label: 'Gate', value: (row) => badge(row[1].gate_verdict) },
        { label: 'Run', value: (row) => h('a', { href: `/runs?run=${encodeURIComponent(row[1].id)}`, title: row[1].id,
          'aria-label': `Run ${row[1].id}` }, `${row[1].id.slice(0, 8)}…`) },
        { label: 'Started (UTC)', value: (row) => row[1].started_at.slice(0, 16).replace('T', ' ') },
      ], [...byProfile.entries()], { emptyText: 'No gate result yet.', test: 'gate-profiles', caption: 'Latest gate result per profile' }));
      updated.textContent = `Live: updated at ${new Date().toLocaleTimeString('en-GB')} (ledger seq ${head.seq})`;
      status.replaceChildren();
      status.className = 'status';
    } catch (error) {
      showError(status, error);
    }
  }
  await refresh();
  let pending = null;
  context.subscribe(() => {
    clearTimeout(pending);
    pending = setTimeout(refresh, 500);
  });
}
