// The console shell: navigation, sign-in (a bearer token kept in sessionStorage), who you are, and the page.
import { api, token, APIError } from './api.js';
import { h, replace, field, statusArea, showError, loading } from './ui.js';

const PAGES = [
  ['/', 'Dashboard', 'dashboard'], ['/schemas', 'Schemas', 'schemas'], ['/erd', 'ERD', 'erd'],
  ['/mappings', 'Mappings', 'mappings'], ['/lifecycle', 'Lifecycle', 'lifecycle'], ['/runs', 'Runs', 'runs'],
  ['/quality', 'Quality', 'quality'], ['/connectors', 'Connectors', 'connectors'], ['/users', 'Users', 'users'],
  ['/ledger', 'Ledger', 'ledger'],
];

const main = document.getElementById('main');
const path = location.pathname.replace(/\/+$/, '') || '/';
const page = PAGES.find(([href]) => href === path) || PAGES[0];

function renderNav() {
  const nav = document.getElementById('nav');
  replace(nav, h('ul', {}, PAGES.map(([href, label]) => h('li', {},
    h('a', { href, 'aria-current': href === page[0] ? 'page' : null, 'data-test': `nav-${label.toLowerCase()}` },
      label)))));
  const menu = document.getElementById('menu');
  menu.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    menu.setAttribute('aria-expanded', String(open));
  });
}

function renderSignIn(message) {
  document.title = `Sign in · ${page[1]} · Data migration console`;
  replace(document.getElementById('who'));
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true,
    spellcheck: 'false', 'data-test': 'token-input' });
  const status = statusArea('signin-status');
  if (message) showError(status, message);
  const form = h('form', { class: 'card signin', 'data-test': 'signin' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Paste your bearer token. The admin token is in ROOT/events/admin.token; ',
      h('code', {}, 'dm users add NAME --role ROLE'), ' prints one for each new user. It is kept only in this ',
      'browser tab (sessionStorage).'),
    field('Bearer token', input),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-test': 'signin-submit' },
      'Sign in')),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    token.set(input.value.trim());
    replace(status, loading('Checking the token…'));
    try {
      await start();
    } catch (error) {
      token.clear();
      showError(status, error);
    }
  });
  replace(main, form);
  input.focus();
}

function renderWho(me) {
  const roles = me.user.roles.join(', ');
  replace(document.getElementById('who'),
    h('span', { 'data-test': 'who' }, h('strong', { 'data-test': 'who-name' }, me.user.name), ' · ',
      h('span', { 'data-test': 'who-role' }, roles)),
    h('button', { type: 'button', class: 'link', 'data-test': 'signout', onclick: () => {
      token.clear();
      location.reload();
    } }, 'Sign out'));
}

/** Live ledger events: the SSE stream when the server has one, else polling `/api/events?after=SEQ`. */
function subscriber(me) {
  const listeners = new Set();
  let started = false;
  const emit = (events) => listeners.forEach((listener) => listener(events));
  async function poll(after) {
    const canReadEvents = me.permissions.includes('read_events');
    let seq = after;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      try {
        if (canReadEvents) {
          const data = await api(`/api/events?after=${seq}&page_size=200`);
          if (data.items.length) emit(data.items);
          seq = data.next_after;
        } else {
          const head = await api('/api/ledger/head');
          if (head.seq !== seq) emit([{ seq: head.seq, type: 'head' }]);
          seq = head.seq;
        }
      } catch {
        // A missed poll is retried on the next tick; the page keeps its last data.
      }
    }
  }
  async function stream(after) {
    const response = await fetch(`/api/events/stream?after=${after}`, {
      headers: { Authorization: `Bearer ${token.get()}`, Accept: 'text/event-stream' },
    });
    if (!response.ok || !response.body) throw new APIError(response.status, 'no_stream', 'no event stream');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim()).join('\n');
        if (!data) continue;
        try {
          const event = JSON.parse(data);
          if (event && typeof event.seq === 'number') after = event.seq;
          emit([event]);
        } catch {
          // A keep-alive or non-JSON line carries no event.
        }
      }
    }
  }
  async function run() {
    const head = await api('/api/ledger/head');
    try {
      if (!me.permissions.includes('read_events')) throw new Error('no read_events');
      await stream(head.seq);
    } catch {
      await poll(head.seq);
    }
  }
  return (listener) => {
    listeners.add(listener);
    if (!started) {
      started = true;
      run().catch(() => {});
    }
    return () => listeners.delete(listener);
  };
}

async function start() {
  const me = await api('/api/users/me');
  renderWho(me);
  document.title = `${page[1]} · Data migration console`;
  const context = {
    me,
    can: (permission) => me.permissions.includes(permission),
    subscribe: subscriber(me),
  };
  replace(main, loading());
  const module = await import(`./pages/${page[2]}.js`);
  main.replaceChildren();
  await module.render(main, context);
  main.dataset.ready = 'true';
}

renderNav();
if (!token.get()) {
  renderSignIn();
} else {
  start().catch((error) => {
    if (error instanceof APIError && error.status === 401) {
      token.clear();
      renderSignIn(error);
    } else {
      replace(main, h('div', { class: 'status error', role: 'alert' }, `The page could not load: ${error.message}`));
    }
  });
}
