// `/lifecycle`: the six steps and their working state, run one step, run from a step after seeing the dry-run
// plan, and snapshots (list, take, restore with a confirmation naming the snapshot and its seq).
import { api, query } from '../api.js';
import {
  append, h, replace, heading, field, select, table, pager, statusArea, showError, showMessage, loading, badge,
  confirmAction, roleNote, shortHash,
} from '../ui.js';

export async function render(main, context) {
  const canRun = context.can('run_lifecycle');
  append(main, ...heading('Lifecycle', 'Extract → schema → mapping → ETL → quality → gate. Each step keeps the '
    + 'artifacts of the latest run that completed it; a re-run from a step reuses the earlier steps\' output.'));
  const stepsStatus = statusArea('steps-status');
  const steps = h('div', {}, loading());
  const planStatus = statusArea('plan-status');
  const plan = h('div', { 'data-test': 'plan' });
  const snapStatus = statusArea('snapshot-status');
  const snapshots = h('div', {}, loading());
  let lifecycle = null;

  async function loadSteps() {
    try {
      lifecycle = await api('/api/lifecycle');
      replace(steps,
        h('p', {}, 'Active run: ', h('strong', { 'data-test': 'active-run' }, lifecycle.active_run || 'none'),
          ' · latest run: ', lifecycle.latest_run
            ? h('a', { href: `/runs?run=${encodeURIComponent(lifecycle.latest_run.id)}` }, lifecycle.latest_run.id) : 'none',
          ` · ledger seq ${lifecycle.head_seq}`),
        table([
          { label: '#', value: (s) => lifecycle.steps.indexOf(s) + 1, class: 'num' },
          { label: 'Step', value: (s) => h('strong', {}, s.step) },
          { label: 'Latest run status', value: (s) => badge(s.latest_status || 'not run') },
          { label: 'Working state', value: (s) => (s.working
            ? [h('code', { title: s.working.run_id }, `${s.working.run_id.slice(0, 8)}…`),
              ` · seq ${s.working.seq} · ${s.working.artifacts.length} artifacts`]
            : 'none') },
          { label: 'Owners', value: (s) => s.owners.join(', ') },
          { label: 'Action', value: (s) => h('button', {
            type: 'button', disabled: !canRun || Boolean(lifecycle.active_run), 'data-test': `run-step-${s.step}`,
            onclick: () => runStep(s.step),
          }, `Run ${s.step}`) },
        ], lifecycle.steps, { test: 'lifecycle-steps', caption: 'Steps' }));
    } catch (error) {
      steps.replaceChildren();
      showError(stepsStatus, error);
    }
  }

  async function runStep(step) {
    showMessage(stepsStatus, `Starting ${step}…`, 'info');
    try {
      const started = await api(`/api/lifecycle/steps/${step}/run`, { method: 'POST', body: {} });
      replace(stepsStatus, `Started run ${started.run_id} from ${step}. `,
        h('a', { href: `/runs?run=${encodeURIComponent(started.run_id)}` }, 'Follow it on Runs'));
      stepsStatus.className = 'status ok';
      await loadSteps();
    } catch (error) {
      showError(stepsStatus, error);
    }
  }

  const fromStep = select(['extract', 'schema', 'mapping', 'etl', 'quality', 'gate'], { value: 'etl', 'data-test': 'from-step' });
  async function preview() {
    replace(plan, loading('Planning (dry run: nothing changes)…'));
    planStatus.replaceChildren();
    planStatus.className = 'status';
    try {
      const result = await api(`/api/lifecycle/plan${query({ from_step: fromStep.value })}`);
      replace(plan, h('div', { class: 'card' },
        h('h3', {}, `Dry-run plan: re-run from ${fromStep.value}, continuing ${result.parent_run}`),
        h('ol', { class: 'plan', 'data-test': 'plan-steps' }, result.steps.map((step) => h('li', {},
          h('strong', {}, step.step), ' ', badge(step.action), step.artifacts.length ? ` · ${step.artifacts.length} artifacts` : '',
          step.reason ? h('span', { class: 'muted', 'data-test': 'plan-reason' }, ` — runs because ${step.reason}`) : '',
          step.problems.length ? h('span', { class: 'status error' }, ` ${step.problems.join('; ')}`) : ''))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', disabled: !canRun || !result.runnable, 'data-test': 'confirm-from-step',
            onclick: async () => {
              try {
                const started = await api('/api/runs/execute', { method: 'POST', body: {
                  from_step: fromStep.value, parent_run: result.parent_run,
                } });
                replace(plan);
                replace(planStatus, `Started run ${started.run_id}. `,
                  h('a', { href: `/runs?run=${encodeURIComponent(started.run_id)}` }, 'Follow it on Runs'));
                planStatus.className = 'status ok';
                loadSteps();
              } catch (error) {
                showError(planStatus, error);
              }
            } }, `Run from ${fromStep.value}`),
          h('button', { type: 'button', onclick: () => replace(plan) }, 'Cancel')),
        result.runnable ? null : h('p', { class: 'status error' }, 'This plan cannot run; see the problems above.')));
    } catch (error) {
      plan.replaceChildren();
      showError(planStatus, error);
    }
  }

  const label = h('input', { type: 'text', placeholder: 'e.g. before steward review', 'data-test': 'snapshot-label' });
  let snapPage = { page: 1, size: 10 };
  async function loadSnapshots() {
    try {
      const data = await api(`/api/snapshots${query({ page: snapPage.page, page_size: snapPage.size })}`);
      replace(snapshots, table([
        { label: 'Label', value: (x) => h('strong', {}, x.label) },
        { label: 'Id', value: (x) => h('code', {}, x.id) },
        { label: 'Seq', value: (x) => x.seq, class: 'num' },
        { label: 'Taken by', value: (x) => `${x.taken_by} · ${x.at}` },
        { label: 'State digest', value: (x) => shortHash(x.state_digest) },
        { label: 'Restored at seq', value: (x) => x.restored_at.join(', ') || '—' },
        { label: 'Action', value: (x) => h('button', {
          type: 'button', disabled: !context.can('restore_snapshot'), 'data-test': 'restore-snapshot', 'data-label': x.label,
          onclick: () => restore(x),
        }, 'Restore…') },
      ], data.items, { test: 'snapshots', emptyText: 'No snapshot yet: take one to record the working state.' }),
      data.total > data.page_size ? pager(data, (page, size) => {
        snapPage = { page, size };
        loadSnapshots();
      }, { test: 'snapshot-pager', label: 'snapshots' }) : null);
    } catch (error) {
      snapshots.replaceChildren();
      showError(snapStatus, error);
    }
  }
  async function take() {
    if (!label.value.trim()) {
      showError(snapStatus, new Error('Give the snapshot a label.'));
      label.focus();
      return;
    }
    try {
      const taken = await api('/api/snapshots', { method: 'POST', body: { label: label.value.trim() } });
      showMessage(snapStatus, `Took snapshot “${taken.label}” (${taken.id}) at seq ${taken.seq}.`);
      label.value = '';
      await loadSnapshots();
    } catch (error) {
      showError(snapStatus, error);
    }
  }
  async function restore(snapshot) {
    const ok = await confirmAction(`Restore snapshot “${snapshot.label}”?`,
      [h('p', {}, 'The working state (mapping contract and step artifacts) becomes equal to snapshot ',
        h('code', {}, snapshot.id), ` taken at seq ${snapshot.seq} by ${snapshot.taken_by}.`),
      h('p', {}, 'History is kept: the restore is a new ledger event.')], `Restore to seq ${snapshot.seq}`);
    if (!ok) return;
    try {
      const restored = await api(`/api/snapshots/${encodeURIComponent(snapshot.id)}/restore`, { method: 'POST', body: {} });
      showMessage(snapStatus, `Restored “${restored.label}” (seq ${restored.seq}); restored at seq ${restored.restored_at.at(-1)}.`);
      await Promise.all([loadSnapshots(), loadSteps()]);
    } catch (error) {
      showError(snapStatus, error);
    }
  }

  append(main, h('h2', {}, 'Steps'), stepsStatus, steps, !canRun ? roleNote('run_lifecycle') : null,
    h('h2', {}, 'Run from a step'),
    h('div', { class: 'toolbar' }, field('From step', fromStep),
      h('button', { type: 'button', 'data-test': 'preview-plan', onclick: preview }, 'Preview plan (dry run)')),
    planStatus, plan,
    h('h2', {}, 'Snapshots'),
    h('div', { class: 'toolbar' }, field('Label', label),
      h('button', { type: 'button', class: 'primary', disabled: !context.can('take_snapshot'), 'data-test': 'take-snapshot',
        onclick: take }, 'Take snapshot')),
    !context.can('take_snapshot') ? roleNote('take_snapshot') : null, snapStatus, snapshots);
  await Promise.all([loadSteps(), loadSnapshots()]);
  context.subscribe(() => loadSteps());
}
