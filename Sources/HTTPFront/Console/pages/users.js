// `/users`: the role model, the permission matrix, lifecycle ownership, the users, and registering a user.
import { api } from '../api.js';
import { append, h, replace, heading, field, select, table, statusArea, showError, showMessage, roleNote, badge } from '../ui.js';

export async function render(main, context) {
  append(main, ...heading('Users and roles', 'Who may do what. The same matrix governs the CLI and the API.'));
  const [model, users] = await Promise.all([api('/api/users/roles'), api('/api/users?page_size=500')]);
  const roles = model.roles.map((r) => r.role);
  const mine = new Set(context.me.user.roles);
  const usersBox = h('div', {});
  const drawUsers = (list) => replace(usersBox, table([
    { label: 'User', value: (u) => h('strong', {}, u.name) },
    { label: 'Roles', value: (u) => u.roles.join(', ') },
    { label: 'Status', value: (u) => badge(u.active ? 'active' : 'revoked') },
    { label: 'Registered at seq', value: (u) => u.registered_seq, class: 'num' },
  ], list.items, { test: 'users', caption: `${list.total} users` }));
  drawUsers(users);

  const name = h('input', { type: 'text', pattern: '[a-z0-9._\\-]+', required: true, 'data-test': 'new-user-name' });
  const role = select(roles, { value: 'viewer', 'data-test': 'new-user-role' });
  const status = statusArea('new-user-status');
  const canManage = context.can('manage_users');
  const form = h('form', { class: 'card' }, h('h2', {}, 'Register a user'),
    h('div', { class: 'toolbar' }, field('Name', name, 'lowercase letters, digits, . _ -'), field('Role', role),
      h('button', { type: 'submit', class: 'primary', disabled: !canManage }, 'Register')),
    !canManage ? roleNote('manage_users') : null, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await api('/api/users', { method: 'POST', body: { name: name.value.trim(), role: role.value } });
      replace(status, `Registered ${created.user.name} as ${created.user.roles.join(', ')}. Their bearer token, shown once: `,
        h('code', {}, created.token));
      status.className = 'status ok';
      name.value = '';
      drawUsers(await api('/api/users?page_size=500'));
    } catch (error) {
      showError(status, error);
    }
  });

  const matrix = table([
    { label: 'Permission', value: (p) => h('code', {}, p.permission) },
    ...roles.map((r) => ({ label: r.replace(/_/g, ' '), class: 'num',
      value: (p) => (p.roles.includes(r) ? h('span', { 'aria-label': 'allowed', title: `${r} may ${p.permission}` }, '✔') : h('span', { class: 'muted', 'aria-label': 'not allowed' }, '·')) })),
  ], model.permissions, { test: 'permission-matrix', caption: 'Permission matrix (✔ allowed)' });

  append(main, 
    h('p', {}, 'You are ', h('strong', {}, context.me.user.name), ' with ', [...mine].join(', '),
      `: ${context.me.permissions.length} permissions (${context.me.permissions.join(', ')}).`),
    h('div', { class: 'grid' },
      h('div', {}, h('h2', {}, 'Roles'), table([
        { label: 'Role', value: (r) => [h('strong', {}, r.role), mine.has(r.role) ? ' (you)' : ''] },
        { label: 'What it does', value: (r) => r.summary || '', class: 'wrap' },
      ], model.roles, { test: 'roles' })),
      h('div', {}, h('h2', {}, 'Lifecycle ownership'), table([
        { label: 'Activity', value: (o) => h('code', {}, o.activity) },
        { label: 'Permission', value: (o) => o.permission },
        { label: 'Owned by', value: (o) => o.roles.join(', '), class: 'wrap' },
      ], model.ownership, { test: 'ownership' }))),
    h('h2', {}, 'Permission matrix'), matrix,
    h('h2', {}, 'Users'), usersBox, form);
}
