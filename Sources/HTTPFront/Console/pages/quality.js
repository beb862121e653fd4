// `/quality`: the quality dashboard (trend charts drawn here as SVG), the KPI widgets with refresh, interval and
// weeks controls, and the issue explorer over the working state's issues and rejects.
import { api, query } from '../api.js';
import { append, h, s, replace, heading, tabs, field, select, statusArea, showError, loading, kpi, number, badge } from '../ui.js';
import { csvPage } from './runs.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const COLOURS = { critical: '#d5281b', high: '#ed8b00', medium: '#ffb81c', low: '#41b6e6' };

/** `2026-W48` for a date, ISO-8601 weeks in UTC (the API's labels). */
function isoWeek(date) {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((day - yearStart) / 86400000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export async function render(main, context) {
  append(main, ...heading('Quality', 'Data quality across runs: trends by ISO week, the KPI widgets, and every '
    + 'issue with the record keys that failed.'));
  const weeks = select([['4', '4 weeks'], ['8', '8 weeks'], ['12', '12 weeks'], ['26', '26 weeks'], ['52', '52 weeks']],
    { value: '12', 'data-test': 'weeks' });
  const set = tabs([['dashboard', 'Dashboard'], ['widgets', 'KPI Widgets'], ['explorer', 'Issue Explorer']],
    (name, panel) => {
      if (name === 'dashboard') dashboard(panel, weeks);
      else if (name === 'widgets') widgets(panel, weeks);
      else explorer(panel);
    }, { test: 'quality-tab' });
  append(main, h('div', { class: 'toolbar' }, field('Weeks shown', weeks)), set.element);
  weeks.addEventListener('change', () => {
    const current = set.element.querySelector('[aria-selected="true"]');
    set.choose(current ? current.dataset.tab : 'dashboard');
  });
  return context;
}

async function severityByWeek(labels) {
  const runs = await api('/api/runs?page_size=500');
  const latest = new Map();
  for (const run of runs.items) {
    if (run.status === 'running') continue;
    const week = isoWeek(new Date(run.started_at));
    if (labels.includes(week) && !latest.has(week)) latest.set(week, run.id);
  }
  const result = new Map();
  await Promise.all([...latest.entries()].map(async ([week, id]) => {
    const detail = await api(`/api/runs/${encodeURIComponent(id)}`);
    const quality = detail.steps.find((step) => step.step === 'quality');
    const etl = detail.steps.find((step) => step.step === 'etl');
    result.set(week, {
      severity: bothKinds(quality && quality.counts && quality.counts.by_severity),
      rejected: etl && etl.counts ? (etl.counts.rejected_records ?? etl.counts.rejected) : null,
      extracted: etl && etl.counts ? etl.counts.extracted : null,
    });
  }));
  return result;
}

// Issue counts by severity over both kinds: the API gives them per kind ({contract: {critical, …}, enterprise: …}).
function bothKinds(byKind) {
  const total = {};
  for (const kind of ['contract', 'enterprise']) {
    for (const [level, count] of Object.entries((byKind || {})[kind] || {})) total[level] = (total[level] || 0) + count;
  }
  return total;
}

function barChart(series, bySeverity) {
  const width = 640;
  const height = 260;
  const left = 44;
  const bottom = 36;
  const plotH = height - bottom - 16;
  const totals = series.map((w) => SEVERITIES.reduce((sum, k) => sum + (((bySeverity.get(w.week) || {}).severity || {})[k] || 0), 0));
  const max = Math.max(1, ...totals);
  const step = (width - left - 10) / series.length;
  const bars = series.map((w, i) => {
    let y = 16 + plotH;
    const counts = (bySeverity.get(w.week) || {}).severity || {};
    return s('g', {}, SEVERITIES.map((k) => {
      const value = counts[k] || 0;
      const barH = (value / max) * plotH;
      y -= barH;
      return value ? s('rect', { x: left + i * step + step * 0.15, y, width: step * 0.7, height: barH, fill: COLOURS[k] },
        s('title', {}, `${w.week}: ${value} ${k}`)) : null;
    }), s('text', { x: left + i * step + step / 2, y: height - 18, 'text-anchor': 'middle' }, w.week.slice(-3)));
  });
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-test': 'chart-severity',
    'aria-label': `Issues by severity over ${series.length} weeks; highest week ${max}` },
  s('line', { class: 'axis', x1: left, y1: 16 + plotH, x2: width - 10, y2: 16 + plotH }),
  s('line', { class: 'axis', x1: left, y1: 16, x2: left, y2: 16 + plotH }),
  s('text', { x: left - 6, y: 20, 'text-anchor': 'end' }, String(max)),
  s('text', { x: left - 6, y: 16 + plotH, 'text-anchor': 'end' }, '0'), bars,
  totals.every((t) => t === 0) ? s('text', { x: (width + left) / 2, y: 16 + plotH / 2, 'text-anchor': 'middle',
    class: 'chart-empty' }, bySeverity.size ? 'No quality issues in the latest run of any week shown'
    : 'No finished run in these weeks') : null);
}

function lineChart(series, byWeek) {
  const width = 640;
  const height = 260;
  const left = 44;
  const bottom = 36;
  const plotH = height - bottom - 16;
  const facts = series.map((w) => byWeek.get(w.week) || {});
  const rates = facts.map((f) => (f.extracted ? (100 * (f.rejected || 0)) / f.extracted : null));
  const max = Math.max(1, ...rates.filter((r) => r !== null));
  const step = (width - left - 10) / series.length;
  const points = rates.map((r, i) => (r === null ? null : [left + i * step + step / 2, 16 + plotH - (r / max) * plotH]));
  const path = points.filter(Boolean).map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-test': 'chart-rejects',
    'aria-label': `Crosswalk reject rate per week, highest ${max.toFixed(1)}%` },
  s('line', { class: 'axis', x1: left, y1: 16 + plotH, x2: width - 10, y2: 16 + plotH }),
  s('line', { class: 'axis', x1: left, y1: 16, x2: left, y2: 16 + plotH }),
  s('text', { x: left - 6, y: 20, 'text-anchor': 'end' }, `${max.toFixed(1)}%`),
  s('text', { x: left - 6, y: 16 + plotH, 'text-anchor': 'end' }, '0%'),
  path ? s('path', { d: path, fill: 'none', stroke: '#005eb8', 'stroke-width': 2.5 }) : null,
  points.map((p, i) => (p ? s('circle', { cx: p[0], cy: p[1], r: 4, fill: '#005eb8' },
    s('title', {}, `${series[i].week}: ${rates[i].toFixed(2)}% (${facts[i].rejected} of ${facts[i].extracted} records)`)) : null)),
  series.map((w, i) => s('text', { x: left + i * step + step / 2, y: height - 18, 'text-anchor': 'middle' }, w.week.slice(-3))));
}

async function dashboard(panel, weeks) {
  const status = statusArea('quality-status');
  append(panel, status, loading());
  try {
    const kpis = await api(`/api/quality/kpis${query({ weeks: weeks.value })}`);
    const bySeverity = await severityByWeek(kpis.series.map((w) => w.week));
    const runsInWindow = kpis.series.reduce((sum, w) => sum + w.runs, 0);
    panel.replaceChildren(status,
      h('p', {}, `${kpis.weeks} ISO weeks, ${kpis.series[0].week} to ${kpis.series.at(-1).week}: `,
        h('strong', { 'data-test': 'runs-in-window' }, String(runsInWindow)), ' runs.'),
      h('div', { class: 'grid' },
        h('div', { class: 'card' }, h('h2', {}, 'Issues by severity (latest run each week)'),
          h('div', { class: 'legend' }, SEVERITIES.map((k) => h('span', {}, h('span', { class: `swatch sw-${k}` }), k))),
          barChart(kpis.series, bySeverity)),
        h('div', { class: 'card' }, h('h2', {}, 'Crosswalk reject rate'),
          h('div', { class: 'legend' }, h('span', {}, h('span', { class: 'swatch sw-rate' }), 'rejected records per extracted record, % (latest run each week)')),
          lineChart(kpis.series, bySeverity))));
  } catch (error) {
    panel.replaceChildren(status);
    showError(status, error);
  }
}

function widgets(panel, weeks) {
  const status = statusArea('widgets-status');
  const interval = select([['0', 'Off'], ['10', 'Every 10 s'], ['30', 'Every 30 s'], ['60', 'Every minute']],
    { value: '30', 'data-test': 'refresh-interval' });
  const stamp = h('span', { class: 'live', 'data-test': 'widgets-updated' }, 'not loaded yet');
  const grid = h('div', { class: 'kpis', 'data-test': 'widgets' }, loading());
  let timer = null;
  // The tab is rebuilt in the same panel (another tab, or Weeks changed): the timer stops with it.
  panel.onLeave = () => clearInterval(timer);
  async function refresh() {
    if (!panel.isConnected) {
      clearInterval(timer);
      return;
    }
    try {
      const kpis = await api(`/api/quality/kpis${query({ weeks: weeks.value })}`);
      const w = kpis.widgets;
      const severity = bothKinds(w.issues.by_severity);
      const latest = w.latest_run;
      const window = kpis.series.reduce((acc, x) => ({ runs: acc.runs + x.runs, passed: acc.passed + x.passed }), { runs: 0, passed: 0 });
      replace(grid,
        kpi('Latest run', latest ? latest.status : 'none', { test: 'widget-latest', detail: latest ? `gate ${latest.gate_verdict ?? '—'}` : '' }),
        kpi('Mapping approved', `${w.mapping.approved} / ${w.mapping.total}`, { test: 'widget-mapping',
          detail: `${w.mapping.proposed} proposed · ${w.mapping.rejected} rejected` }),
        kpi('Enterprise issues', number(w.issues.enterprise), { test: 'widget-enterprise' }),
        kpi('Contract issues', number(w.issues.contract), { test: 'widget-contract' }),
        SEVERITIES.map((k) => kpi(`${k[0].toUpperCase()}${k.slice(1)} issues`, number(severity[k] ?? 0),
          { tone: (k === 'critical' || k === 'high') && severity[k] ? 'bad' : '' })),
        kpi(`Runs in ${kpis.weeks} weeks`, window.runs, { test: 'widget-runs', detail: `${window.passed} passed` }),
        kpi('Snapshots', w.snapshots, { test: 'widget-snapshots' }));
      stamp.textContent = `Refreshed at ${new Date().toLocaleTimeString('en-GB')} over ${kpis.weeks} weeks`;
      status.replaceChildren();
      status.className = 'status';
    } catch (error) {
      showError(status, error);
    }
  }
  function schedule() {
    clearInterval(timer);
    const seconds = Number(interval.value);
    timer = seconds ? setInterval(refresh, seconds * 1000) : null;
  }
  interval.addEventListener('change', schedule);
  append(panel, h('div', { class: 'toolbar' },
    h('button', { type: 'button', 'data-test': 'refresh-widgets', onclick: refresh }, 'Refresh now'),
    field('Refresh interval', interval), stamp), status, grid);
  refresh();
  schedule();
}

function explorer(panel) {
  const kind = select([['enterprise', 'Enterprise issues'], ['contract', 'Contract issues'], ['rejects', 'Crosswalk rejects']],
    { value: 'enterprise', 'data-test': 'issue-kind' });
  const severity = select([['', 'Any'], ...SEVERITIES], { value: '', 'data-test': 'issue-severity' });
  const rule = h('input', { type: 'text', placeholder: 'rule id', 'data-test': 'issue-rule' });
  const tableName = h('input', { type: 'text', placeholder: 'target table', 'data-test': 'issue-table' });
  const body = h('div', { 'data-test': 'explorer' });
  const load = () => {
    // Crosswalk rejects have no severity, and their table is the legacy (source) one: the filters say so.
    const rejects = kind.value === 'rejects';
    severity.disabled = rejects;
    if (rejects) severity.value = '';
    tableName.placeholder = rejects ? 'legacy (source) table' : 'target table';
    if (rejects) {
      csvPage(body, '/api/rejects/crosswalk', { rule: rule.value.trim(), source_table: tableName.value.trim() },
        'explorer-rows');
    } else {
      csvPage(body, '/api/quality/issues', { kind: kind.value, severity: severity.value, rule_id: rule.value.trim(),
        table: tableName.value.trim() }, 'explorer-rows');
    }
  };
  [kind, severity].forEach((control) => control.addEventListener('change', load));
  [rule, tableName].forEach((control) => control.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') load();
  }));
  append(panel, h('div', { class: 'toolbar' }, field('Kind', kind), field('Severity', severity), field('Rule', rule),
    field('Table', tableName), h('button', { type: 'button', onclick: load, 'data-test': 'issue-apply' }, 'Apply')),
  h('p', { class: 'muted' }, 'Each row names the failing record by its keys (the CSV columns as the quality step wrote them). ',
    badge('critical'), ' and ', badge('high'), ' issues block the gate.'), body);
  load();
}
