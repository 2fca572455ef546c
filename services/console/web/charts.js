// Charts drawn as SVG elements (no library, nothing from outside): a grouped bar chart and a
// line chart. Colours come from classes in style.css; every bar carries its figure as text and
// a <title>, and every chart has a title and description for screen readers, so colour is
// never the only way to read it. The tables next to the charts hold the same figures.

import {svg, h} from './dom.js';

function niceMax(value) {
  if (value <= 5) return 5;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

function ticks(max, count = 5) {
  const out = [];
  for (let i = 0; i <= count; i++) out.push(Math.round((max * i) / count * 100) / 100);
  return out;
}

function shorten(label, n) {
  const chars = Array.from(label || '');
  return chars.length > n ? chars.slice(0, n - 1).join('') + '…' : label;
}

function legend(series) {
  return h('ul', {class: 'chart-legend'}, series.map((s) =>
    h('li', null, h('span', {class: `swatch ${s.cls}`, 'aria-hidden': 'true'}), s.name)));
}

function frame(id, title, desc, width, height) {
  const root = svg('svg', {
    id, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`,
    class: 'chart', preserveAspectRatio: 'xMinYMin meet', width, height,
  });
  root.appendChild(svg('title', {id: `${id}-title`}, title));
  root.appendChild(svg('desc', {id: `${id}-desc`}, desc));
  return root;
}

function yAxis(root, max, left, top, plotH, plotW) {
  for (const t of ticks(max)) {
    const y = top + plotH - (t / max) * plotH;
    root.appendChild(svg('line', {x1: left, x2: left + plotW, y1: y, y2: y, class: 'grid'}));
    root.appendChild(svg('text', {x: left - 6, y: y + 4, class: 'axis-label', 'text-anchor': 'end'}, String(t)));
  }
  root.appendChild(svg('line', {x1: left, x2: left, y1: top, y2: top + plotH, class: 'axis'}));
  root.appendChild(svg('line', {x1: left, x2: left + plotW, y1: top + plotH, y2: top + plotH, class: 'axis'}));
}

// groups: [{label, values: [n, ...]}] with one value per series; series: [{name, cls}].
export function groupedBarChart({id, title, desc, groups, series}) {
  const barW = 16;
  const gap = 4;
  const groupGap = 28;
  const groupW = series.length * (barW + gap) - gap;
  const left = 48;
  const top = 16;
  const plotH = 220;
  const bottom = 70;
  const plotW = Math.max(480, groups.length * (groupW + groupGap) + groupGap);
  const width = left + plotW + 16;
  const height = top + plotH + bottom;
  const max = niceMax(Math.max(1, ...groups.flatMap((g) => g.values.map(Number))));
  const root = frame(id, title, desc, width, height);
  yAxis(root, max, left, top, plotH, plotW);
  groups.forEach((g, gi) => {
    const x0 = left + groupGap + gi * (groupW + groupGap);
    const group = svg('g', {class: 'bar-group'});
    g.values.forEach((raw, si) => {
      const v = Number(raw) || 0;
      const barH = (v / max) * plotH;
      const x = x0 + si * (barW + gap);
      const y = top + plotH - barH;
      group.appendChild(svg('rect', {x, y, width: barW, height: Math.max(barH, v > 0 ? 1 : 0), class: `bar ${series[si].cls}`},
        svg('title', null, `${g.label}：${series[si].name} ${v}`)));
      group.appendChild(svg('text', {x: x + barW / 2, y: y - 4, class: 'bar-value', 'text-anchor': 'middle'}, String(v)));
    });
    const cx = x0 + groupW / 2;
    const ly = top + plotH + 16;
    group.appendChild(svg('text', {x: cx, y: ly, class: 'axis-label group-label', 'text-anchor': 'end',
      transform: `rotate(-30 ${cx} ${ly})`}, svg('title', null, g.label), shorten(g.label, 8)));
    root.appendChild(group);
  });
  return h('figure', {class: 'chart-figure'}, h('div', {class: 'chart-scroll'}, root), h('figcaption', null, title), legend(series));
}

// points: [{label, values: [n, ...]}] in time order; series: [{name, cls}].
export function lineChart({id, title, desc, points, series}) {
  const left = 48;
  const top = 16;
  const plotH = 200;
  const bottom = 56;
  const step = 56;
  const plotW = Math.max(480, (points.length - 1) * step + 40);
  const width = left + plotW + 16;
  const height = top + plotH + bottom;
  const max = niceMax(Math.max(1, ...points.flatMap((p) => p.values.map(Number))));
  const root = frame(id, title, desc, width, height);
  yAxis(root, max, left, top, plotH, plotW);
  const xOf = (i) => left + 20 + (points.length <= 1 ? 0 : (i * (plotW - 40)) / (points.length - 1));
  const yOf = (v) => top + plotH - ((Number(v) || 0) / max) * plotH;
  points.forEach((p, i) => {
    const x = xOf(i);
    const y = top + plotH + 16;
    root.appendChild(svg('text', {x, y, class: 'axis-label', 'text-anchor': 'end', transform: `rotate(-30 ${x} ${y})`}, p.label));
  });
  series.forEach((s, si) => {
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${xOf(i).toFixed(1)},${yOf(p.values[si]).toFixed(1)}`).join(' ');
    const g = svg('g', {class: `line-series ${s.cls}`});
    g.appendChild(svg('path', {d, class: 'line'}));
    points.forEach((p, i) => {
      g.appendChild(svg('circle', {cx: xOf(i), cy: yOf(p.values[si]), r: 3.5, class: 'point'},
        svg('title', null, `${p.label}：${s.name} ${Number(p.values[si]) || 0}`)));
    });
    root.appendChild(g);
  });
  return h('figure', {class: 'chart-figure'}, h('div', {class: 'chart-scroll'}, root), h('figcaption', null, title), legend(series));
}
