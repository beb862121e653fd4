// `/erd`: the target tables and their relationships as an SVG graph laid out here (layers by reference depth),
// with a table filter, density controls, a relationship list, and neighbour highlighting on click.
import { api, query } from '../api.js';
import { append, h, s, replace, heading, field, select, table, statusArea, showError, loading } from '../ui.js';

// Layers run top to bottom (referenced tables above the tables that reference them); a layer wider than
// `perRow` wraps onto more rows.
const DENSITY = {
  compact: { width: 140, height: 26, gapX: 14, gapY: 30, perRow: 8 },
  normal: { width: 172, height: 34, gapX: 22, gapY: 46, perRow: 6 },
  spacious: { width: 196, height: 46, gapX: 40, gapY: 64, perRow: 5 },
};

const CARDINALITY = { many_to_one: 'N : 1 (required)', many_to_zero_or_one: 'N : 0..1 (optional)' };

/** Layers: a table sits one layer right of the deepest table it references (cycles are broken by a visit set). */
function layers(tables, relationships) {
  const references = new Map(tables.map((t) => [t.name, new Set()]));
  for (const r of relationships) {
    if (r.from_table !== r.to_table && references.has(r.from_table)) references.get(r.from_table).add(r.to_table);
  }
  const depth = new Map();
  function visit(name, seen) {
    if (depth.has(name)) return depth.get(name);
    if (seen.has(name)) return 0;
    seen.add(name);
    let d = 0;
    for (const target of references.get(name) || []) d = Math.max(d, visit(target, seen) + 1);
    seen.delete(name);
    depth.set(name, d);
    return d;
  }
  tables.forEach((t) => visit(t.name, new Set()));
  return depth;
}

export async function render(main) {
  const [title, lead] = heading('Entity-relationship diagram', 'Target (EPR) tables, referenced tables above the tables '
    + 'that reference them; an arrow points to the referenced table (dashed: optional). Click or press Enter on a table '
    + 'to highlight its neighbours.');
  append(main, title, lead);
  const status = statusArea('erd-status');
  append(main, status);
  const side = select([['target', 'Target (EPR)'], ['source', 'Source (PAS)']], { value: 'target', 'data-test': 'erd-side' });
  const search = h('input', { type: 'search', placeholder: 'table name', 'data-test': 'erd-search' });
  const density = select([['compact', 'Compact'], ['normal', 'Normal'], ['spacious', 'Spacious']],
    { value: 'normal', 'data-test': 'erd-density' });
  const fit = h('input', { type: 'checkbox', checked: window.innerWidth > 700, 'data-test': 'erd-fit' });
  const summary = h('p', { 'data-test': 'erd-summary' });
  const canvas = h('div', { class: 'erd-canvas', 'data-test': 'erd-canvas' }, loading());
  const list = h('div', { class: 'erd-list' });
  append(main, h('div', { class: 'toolbar' }, field('Schema', side), field('Find table', search),
    field('Density', density), h('div', { class: 'field check' }, h('label', {}, fit, ' Fit to width')),
    h('button', { type: 'button', onclick: () => { selected = null; draw(); } }, 'Clear highlight')), summary,
  canvas, h('h2', {}, 'Relationships'), list);

  let data = null;
  let selected = null;

  async function load() {
    replace(canvas, loading());
    try {
      data = await api(`/api/erd${query({ side: side.value })}`);
      selected = null;
      draw();
    } catch (error) {
      showError(status, error);
    }
  }

  function draw() {
    const term = search.value.trim().toLowerCase();
    const matches = (name) => !term || name.toLowerCase().includes(term);
    const d = DENSITY[density.value];
    const depth = layers(data.tables, data.relationships);
    const byLayer = new Map();
    for (const t of [...data.tables].sort((a, b) => a.name.localeCompare(b.name))) {
      const layer = depth.get(t.name) || 0;
      if (!byLayer.has(layer)) byLayer.set(layer, []);
      byLayer.get(layer).push(t.name);
    }
    // Order each layer by the mean row of its neighbours in earlier layers (barycentre), to cut edge crossings.
    const layerKeys = [...byLayer.keys()].sort((a, b) => a - b);
    const rank = new Map();
    for (const layer of layerKeys) {
      const names = byLayer.get(layer);
      const centre = (name) => {
        const rows = data.relationships.filter((r) => r.from_table === name && rank.has(r.to_table))
          .map((r) => rank.get(r.to_table));
        return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.MAX_SAFE_INTEGER;
      };
      names.sort((a, b) => centre(a) - centre(b) || a.localeCompare(b));
      names.forEach((name, index) => rank.set(name, index));
    }
    const position = new Map();
    let row = 0;
    let widest = 1;
    for (const layer of layerKeys) {
      const names = byLayer.get(layer);
      for (let i = 0; i < names.length; i += 1) {
        const inRow = Math.min(d.perRow, names.length - Math.floor(i / d.perRow) * d.perRow);
        widest = Math.max(widest, inRow);
        const col = i % d.perRow;
        // Centre a short row under the widest one.
        const offset = ((d.perRow - inRow) * (d.width + d.gapX)) / 2;
        position.set(names[i], {
          x: 16 + offset + col * (d.width + d.gapX), y: 16 + (row + Math.floor(i / d.perRow)) * (d.height + d.gapY),
        });
      }
      row += Math.ceil(names.length / d.perRow);
    }
    const width = 32 + d.perRow * (d.width + d.gapX) - d.gapX;
    const height = 32 + row * (d.height + d.gapY) - d.gapY;
    const neighbours = new Set();
    if (selected) {
      for (const r of data.relationships) {
        if (r.from_table === selected) neighbours.add(r.to_table);
        if (r.to_table === selected) neighbours.add(r.from_table);
      }
    }
    const edges = data.relationships.map((r) => {
      const a = position.get(r.from_table);
      const b = position.get(r.to_table);
      if (!a || !b) return null;
      const hotSelf = selected && r.from_table === selected;
      // A self-reference is dimmed like any other edge that is not the selection's or the search's.
      const dimSelf = (selected && !hotSelf) || (term && !matches(r.from_table));
      if (r.from_table === r.to_table) {
        const y = a.y + d.height / 2;
        return s('path', {
          d: `M${a.x + d.width},${y - 6} C${a.x + d.width + 26},${y - 22} ${a.x + d.width + 26},${y + 22} ${a.x + d.width},${y + 6}`,
          'marker-end': 'url(#arrow)',
          class: `erd-edge${r.cardinality === 'many_to_zero_or_one' ? ' optional' : ''}${hotSelf ? ' hot' : ''}${dimSelf ? ' dim' : ''}`,
        }, s('title', {}, `${r.id} (${CARDINALITY[r.cardinality] || r.cardinality})`));
      }
      const up = b.y < a.y;
      const x1 = a.x + d.width / 2;
      const x2 = b.x + d.width / 2;
      const y1 = up ? a.y : a.y + d.height;
      const y2 = up ? b.y + d.height : b.y;
      const bend = Math.max(20, Math.abs(y2 - y1) / 2);
      const path = `M${x1},${y1} C${x1},${up ? y1 - bend : y1 + bend} ${x2},${up ? y2 + bend : y2 - bend} ${x2},${y2}`;
      const hot = selected && (r.from_table === selected || r.to_table === selected);
      const dim = (selected && !hot) || (term && !matches(r.from_table) && !matches(r.to_table));
      return s('path', {
        d: path, 'marker-end': 'url(#arrow)',
        class: `erd-edge${r.cardinality === 'many_to_zero_or_one' ? ' optional' : ''}${hot ? ' hot' : ''}${dim ? ' dim' : ''}`,
      }, s('title', {}, `${r.id} (${CARDINALITY[r.cardinality] || r.cardinality})`));
    });
    // Highlighted edges last, so they are drawn over the others.
    edges.sort((x, y) => Number(Boolean(x && x.classList.contains('hot'))) - Number(Boolean(y && y.classList.contains('hot'))));
    const nodes = data.tables.map((t) => {
      const p = position.get(t.name);
      const state = t.name === selected ? ' active' : neighbours.has(t.name) ? ' neighbour'
        : (selected || (term && !matches(t.name))) ? ' dim' : '';
      const limit = density.value === 'compact' ? 21 : 27;
      const label = t.name.length > limit ? `${t.name.slice(0, limit - 1)}…` : t.name;
      const node = s('g', {
        class: `erd-node${state}`, transform: `translate(${p.x},${p.y})`, tabindex: '0', role: 'button',
        'aria-pressed': String(t.name === selected), 'aria-label': `${t.name}, ${t.fields.length} fields`,
        'data-table': t.name,
      }, s('title', {}, `${t.name}: ${t.fields.length} fields, key ${t.primary_key.join(', ') || '—'}`),
      s('rect', { width: d.width, height: d.height, rx: 4 }),
      s('text', { x: 8, y: density.value === 'spacious' ? 17 : d.height / 2 + 4 }, label),
      density.value === 'spacious' ? s('text', { x: 8, y: 34 }, `${t.fields.length} fields`) : null);
      const choose = () => {
        selected = selected === t.name ? null : t.name;
        draw();
        const again = canvas.querySelector(`[data-table="${CSS.escape(t.name)}"]`);
        if (again) again.focus();
      };
      node.addEventListener('click', choose);
      node.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          choose();
        }
      });
      return node;
    });
    const graph = s('svg', {
      width, height, class: fit.checked ? 'fit' : null, viewBox: `0 0 ${width} ${height}`, role: 'group', 'data-test': 'erd-svg',
      'aria-label': `${data.tables.length} tables and ${data.relationships.length} relationships`,
    }, s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#768692' }))),
    s('g', {}, edges), s('g', {}, nodes));
    replace(canvas, graph);
    const shownTables = data.tables.filter((t) => matches(t.name)).length;
    // A search brings its first match into view (the canvas scrolls; the page does not jump).
    if (term && !selected) {
      const first = data.tables.map((t) => t.name).sort().find(matches);
      const node = first && canvas.querySelector(`[data-table="${CSS.escape(first)}"]`);
      if (node) node.scrollIntoView({ block: 'nearest', inline: 'center' });
    }
    replace(summary, h('strong', { 'data-test': 'erd-table-count' }, String(data.tables.length)), ' tables, ',
      h('strong', { 'data-test': 'erd-relationship-count' }, String(data.relationships.length)), ' relationships',
      term ? ` · ${shownTables} match “${search.value.trim()}”` : '',
      selected ? ` · ${selected}: ${neighbours.size} neighbour${neighbours.size === 1 ? '' : 's'} highlighted` : '');
    const rows = data.relationships.filter((r) => (selected ? r.from_table === selected || r.to_table === selected
      : matches(r.from_table) || matches(r.to_table)));
    replace(list, table([
      { label: '#', value: (r) => data.relationships.indexOf(r) + 1, class: 'num' },
      { label: 'Relationship id', value: (r) => h('code', {}, r.id), class: 'wrap' },
      { label: 'From', value: (r) => `${r.from_table}.${r.from_field}` },
      { label: 'To', value: (r) => `${r.to_table}.${r.to_field}` },
      { label: 'Cardinality', value: (r) => CARDINALITY[r.cardinality] || r.cardinality },
    ], rows, { emptyText: 'No relationship matches.', test: 'erd-relationships', caption: `${rows.length} shown` }));
    list.firstChild.classList.add('tall');
  }

  // The heading says which schema is drawn.
  const describe = () => {
    lead.textContent = side.value === 'source'
      ? 'Source (PAS) tables as the recorded source model has them; an arrow points to the referenced table. '
        + 'Click or press Enter on a table to highlight its neighbours.'
      : 'Target (EPR) tables, referenced tables above the tables that reference them; an arrow points to the '
        + 'referenced table (dashed: optional). Click or press Enter on a table to highlight its neighbours.';
  };
  side.addEventListener('change', () => {
    describe();
    load();
  });
  search.addEventListener('input', () => data && draw());
  density.addEventListener('change', () => data && draw());
  fit.addEventListener('change', () => data && draw());
  await load();
}
