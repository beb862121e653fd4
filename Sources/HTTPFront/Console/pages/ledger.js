// `/ledger`: browse the hash-chained events (forward pages after a seq, filter by type and actor) and verify it.
import { api, query } from '../api.js';
import { append, h, replace, heading, field, select, table, statusArea, showError, showMessage, loading, shortHash, badge, roleNote } from '../ui.js';

export async function render(main, context) {
  append(main, ...heading('Ledger', 'Every command the control plane accepted, in order, each event chained to the '
    + 'previous one by its SHA-256 hash.'));
  const verifyStatus = statusArea('verify-status');
  const canVerify = context.can('verify_ledger');
  const verify = h('button', { type: 'button', class: 'primary', disabled: !canVerify, 'data-test': 'verify-ledger',
    onclick: async () => {
      showMessage(verifyStatus, 'Verifying every line…', 'info');
      try {
        const result = await api('/api/ledger/verify');
        if (result.intact) {
          showMessage(verifyStatus, `Intact: ${result.events} events, ${result.bytes} bytes, head seq ${result.head_seq} (${result.head_hash.slice(0, 16)}…).`);
        } else {
          showError(verifyStatus, new Error(`BROKEN at seq ${result.failure.seq} (line ${result.failure.line}): ${result.failure.reason} — ${result.failure.detail}`));
        }
        verifyStatus.dataset.intact = String(result.intact);
      } catch (error) {
        showError(verifyStatus, error);
      }
    } }, 'Verify the chain');
  append(main, h('div', { class: 'card' }, h('h2', {}, 'Verification'), verify, !canVerify ? roleNote('verify_ledger') : null,
    verifyStatus));

  const status = statusArea('ledger-status');
  const body = h('div', {});
  append(main, h('h2', {}, 'Events'), status);
  if (!context.can('read_events')) {
    append(main, roleNote('read_events'));
    return;
  }
  const type = h('input', { type: 'text', placeholder: 'e.g. mapping. or run.started', 'data-test': 'ledger-type' });
  const actor = h('input', { type: 'text', placeholder: 'user name', 'data-test': 'ledger-actor' });
  const after = h('input', { type: 'number', min: 0, value: 0, 'data-test': 'ledger-after' });
  const size = select(['25', '50', '100', '200'], { value: '25', 'data-test': 'ledger-size' });
  const backStack = [];
  let current = 0;
  async function load(from) {
    current = from;
    after.value = from;
    replace(body, loading());
    try {
      // Both filters run on the server over the whole ledger; `total` is how many events match in all of it.
      const who = actor.value.trim();
      const kind = type.value.trim();
      const data = await api(`/api/events${query({ after: from, page_size: size.value, type: kind, actor: who })}`);
      const items = data.items;
      const filtered = who || kind;
      replace(body,
        h('p', {}, `Events after seq ${data.after} · head seq `, h('strong', { 'data-test': 'ledger-head' }, String(data.head_seq)),
          ` · ${items.length} shown`, filtered ? [' · ', h('strong', { 'data-test': 'ledger-total' }, String(data.total)),
            ` match${kind ? ` type ${kind}` : ''}${who ? ` by ${who}` : ''} in the whole ledger`] : ''),
        table([
          { label: 'Seq', value: (e) => e.seq, class: 'num' },
          { label: 'Type', value: (e) => h('code', {}, e.type) },
          { label: 'Actor', value: (e) => (e.actor ? `${e.actor.user} (${e.actor.role})` : '—') },
          { label: 'At', value: (e) => e.at },
          { label: 'Command', value: (e) => e.command || '—', class: 'wrap' },
          { label: 'Hash', value: (e) => shortHash(e.hash) },
        ], items, { test: 'ledger-events', emptyText: 'No event matches on this page.' }),
        h('nav', { class: 'pager', 'aria-label': 'Ledger pages' },
          h('button', { type: 'button', disabled: !backStack.length, 'data-test': 'ledger-prev', onclick: () => load(backStack.pop()) }, '‹ Earlier'),
          h('span', { class: 'pager-info' }, `seq ${data.after + 1} to ${data.next_after}`),
          h('button', { type: 'button', disabled: data.next_after >= data.head_seq, 'data-test': 'ledger-next', onclick: () => {
            backStack.push(current);
            load(data.next_after);
          } }, 'Later ›')),
        badge(data.next_after >= data.head_seq ? 'end of ledger' : 'more'));
    } catch (error) {
      body.replaceChildren();
      showError(status, error);
    }
  }
  const apply = () => {
    backStack.length = 0;
    load(Number(after.value) || 0);
  };
  [type, actor, after].forEach((input) => input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') apply();
  }));
  size.addEventListener('change', apply);
  append(main, h('div', { class: 'toolbar' }, field('Type (or prefix ending in .)', type), field('Actor', actor),
    field('After seq', after), field('Page size', size), h('button', { type: 'button', onclick: apply, 'data-test': 'ledger-apply' }, 'Apply')),
  body);
  await load(0);
}
