/* MonitorSim charts: draws a run's charts (report.html, the live page) or a size run's (sizing.html) with uPlot, from one
   JSON data object (its fields: docs/charts.md). Needs only uPlot on the page; makes no network request.
   Usage: MonitorSimCharts.drawRun(root, data) draws into every element of root carrying a data-chart attribute (the chart's name) and returns
   a handle whose update(data) redraws with newer data (the live page); drawSizing(root, data) likewise for a size run. */
(function (global) {
  'use strict';
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#d62728'];
  const HEIGHT = 300;
  const GOOD = '#1a7f37', BAD = '#cf222e', MARK = '#b35900', SHADE = 'rgba(128,128,128,0.16)';

  /** A number for people: 4 significant digits, thousands grouped, '–' for none. */
  function num(v) {
    if (v == null || !Number.isFinite(v)) return '–';
    const a = Math.abs(v);
    const digits = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 3;
    return v.toLocaleString('en-US', { maximumFractionDigits: digits });
  }

  const unitOf = u => (u ? ' ' + u : '');
  const positive = v => (v != null && v > 0 ? v : null);

  /** Draws spans (shaded x ranges), vertical and horizontal lines with labels onto the plot area. */
  function marksPlugin(holder) {
    function label(ctx, text, x, y, color, align) {
      ctx.save();
      ctx.font = Math.round(11 * devicePixelRatio) + 'px system-ui,sans-serif';
      ctx.fillStyle = color;
      ctx.textAlign = align || 'left';
      ctx.fillText(text, x, y);
      ctx.restore();
    }
    return {
      hooks: {
        drawClear: [u => {
          const { ctx, bbox } = u;
          // uPlot caches the context's styles between its own calls: whatever is set here must be restored.
          ctx.save();
          for (const s of holder.marks.spans || []) {
            const x0 = Math.max(bbox.left, u.valToPos(s.from, 'x', true));
            const x1 = Math.min(bbox.left + bbox.width, u.valToPos(s.to, 'x', true));
            if (!(x1 > x0)) continue;
            ctx.fillStyle = s.color || SHADE;
            ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
            label(ctx, s.label, x0 + 4 * devicePixelRatio, bbox.top + bbox.height - 5 * devicePixelRatio, '#555');
          }
          ctx.restore();
        }],
        draw: [u => {
          const { ctx, bbox } = u;
          const px = devicePixelRatio;
          ctx.save();
          ctx.beginPath();
          ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
          ctx.clip();
          (holder.marks.vlines || []).forEach((m, i) => {
            const x = u.valToPos(m.x, 'x', true);
            if (!(x >= bbox.left && x <= bbox.left + bbox.width)) return;
            ctx.strokeStyle = m.color || MARK;
            ctx.lineWidth = 1.5 * px;
            ctx.setLineDash([5 * px, 4 * px]);
            ctx.beginPath(); ctx.moveTo(x, bbox.top); ctx.lineTo(x, bbox.top + bbox.height); ctx.stroke();
            label(ctx, m.label, x + 3 * px, bbox.top + (26 + 12 * (i % 4)) * px, m.color || MARK);
          });
          for (const m of holder.marks.hlines || []) {
            const y = u.valToPos(m.y, m.scale || 'y', true);
            if (!(y >= bbox.top && y <= bbox.top + bbox.height)) continue;
            ctx.strokeStyle = m.color || BAD;
            ctx.lineWidth = 1.5 * px;
            ctx.setLineDash([8 * px, 4 * px]);
            ctx.beginPath(); ctx.moveTo(bbox.left, y); ctx.lineTo(bbox.left + bbox.width, y); ctx.stroke();
            label(ctx, m.label, bbox.left + bbox.width - 4 * px, y - 4 * px, m.color || BAD, 'right');
          }
          ctx.restore();
        }],
      },
    };
  }

  /** Aligns series that each have their own x values onto one x array (uPlot draws aligned data only). */
  function align(spec) {
    if (!spec.series.some(s => s.x)) return [spec.xs || [], ...spec.series.map(s => s.y)];
    return global.uPlot.join(spec.series.map(s => [s.x || spec.xs, s.y]));
  }

  /** One chart from a spec: {title, xs (x values the series share), x: {label, log, unit, range, names}, y / y2: {label,
   *  log, unit}, series: [{label, y, x? (own x values), color, dash, points, scale, unit}], marks: {spans, vlines, hlines},
   *  sync (a key: charts with the same key share the cursor), onZoom (called with the x range after a zoom)}.
   *  Returns {u (the uPlot), set(spec) (new data, same series)}; the element gets data-drawn="1". */
  function chart(el, spec) {
    const uPlot = global.uPlot;
    const holder = { spec, marks: spec.marks || {} };
    const data = align(spec);
    const yLog = spec.y.log && data.slice(1).some(ys => ys.some(v => v != null && v > 0));
    const names = spec.x.names;
    const xText = v => (names ? names[Math.round(v)] ?? '' : num(v));
    const series = [{ label: spec.x.label, value: (u, v) => (v == null ? '–' : xText(v) + (names ? '' : unitOf(spec.x.unit))) }];
    spec.series.forEach((s, i) => series.push({
      label: s.label,
      scale: s.scale || 'y',
      stroke: s.color || PALETTE[i % PALETTE.length],
      width: s.width || 2,
      dash: s.dash,
      spanGaps: !!s.x,
      paths: s.points === 'only' ? () => null : undefined,
      points: { show: s.points === 'only' || s.points === true || data[0].length <= 60, size: s.points === 'only' ? 9 : 5 },
      value: (u, v) => (v == null ? '–' : num(v) + unitOf(s.unit ?? spec.y.unit)),
    }));
    // The y range holds the data and every threshold line, so a limit far from the data still shows.
    const rangeY = (u, min, max) => {
      let lo = min, hi = max;
      for (const m of holder.marks.hlines || []) {
        if ((m.scale || 'y') !== 'y' || (yLog && !(m.y > 0))) continue;
        lo = lo == null ? m.y : Math.min(lo, m.y);
        hi = hi == null ? m.y : Math.max(hi, m.y);
      }
      if (lo == null || hi == null) return yLog ? [1, 10] : [0, 1];
      if (yLog) return uPlot.rangeLog(lo, Math.max(hi, lo * 3), 10, true);
      return [Math.min(0, lo), hi > lo ? hi * 1.08 : lo + 1];
    };
    const axis = a => ({ label: a.label, size: 64, values: (u, vals) => vals.map(v => (v == null ? '' : num(v))) });
    const opts = {
      title: spec.title,
      width: Math.max(320, el.clientWidth || 960),
      height: spec.height || HEIGHT,
      cursor: { drag: { x: true, y: false }, sync: spec.sync ? { key: spec.sync, setSeries: false } : undefined },
      scales: {
        x: { time: false, distr: spec.x.log ? 3 : 1, log: 10, range: spec.x.range },
        y: { distr: yLog ? 3 : 1, log: 10, range: rangeY },
        y2: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        { label: spec.x.label, values: (u, vals) => vals.map(v => (v == null ? '' : xText(v))),
          splits: names ? () => names.map((_, i) => i) : undefined },
        axis(spec.y),
        ...(spec.y2 ? [{ ...axis(spec.y2), scale: 'y2', side: 1, grid: { show: false } }] : []),
      ],
      series,
      hooks: { setScale: [(u, key) => { if (key === 'x' && holder.spec.onZoom) holder.spec.onZoom(u, u.scales.x.min, u.scales.x.max); }] },
      plugins: [marksPlugin(holder)],
    };
    el.textContent = '';
    const u = new uPlot(opts, data, el);
    el.setAttribute('data-drawn', '1');
    return {
      u,
      labels: spec.series.map(s => s.label).join('\n') + '|' + !!yLog,
      set(next) { holder.spec = next; holder.marks = next.marks || {}; u.setData(align(next)); },
    };
  }

  // ---- A run: timeline charts ----

  /** The marks every timeline chart carries: the warm-up shaded, each timed event (faults, recoveries) as a dashed line. */
  function timeMarks(data, thresholds) {
    const spans = data.warm_up_s > 0 ? [{ from: Math.min(0, data.t[0] ?? 0), to: data.warm_up_s, label: 'warm-up (excluded)' }] : [];
    const vlines = (data.events || []).filter(e => e.t != null).map((e, i) => ({ x: e.t, label: (i + 1) + ' ' + short(e.text) }));
    const hlines = (thresholds || []).map(th => ({
      y: th.limit, label: th.expr + (th.passed ? ' ✓' : ' ✗'), color: th.passed ? GOOD : BAD,
    }));
    for (const th of thresholds || []) {
      if (th.first_failed_at_s != null) vlines.push({ x: th.first_failed_at_s, label: 'first failed: ' + th.expr, color: BAD });
    }
    return { spans, vlines, hlines };
  }

  const short = text => (text.length > 48 ? text.slice(0, 47) + '…' : text);
  const thresholdsOf = (data, chartName) => (data.thresholds || []).filter(th => th.chart === chartName);
  const timeAxis = { label: 'time since start (s)', unit: 's' };
  /** A chart over the run's timeline: its x values are the intervals' end times, and it zooms with the others. */
  /** The axis starts at the run's start (a point at t = 0 without values), so the first interval and the warm-up show whole. */
  const overTime = (data, spec) => ({
    ...spec, x: timeAxis, xs: [0, ...(data.t || [])], timeline: true,
    series: spec.series.map(s => ({ ...s, y: [null, ...s.y] })),
  });
  const groupsOf = (data, group) => Object.entries((data.groups || {})[group] || {}).sort((a, b) => a[0].localeCompare(b[0]));

  const RUN_CHARTS = {
    throughput(data, el) {
      const series = groupsOf(data, el.dataset.group || 'operations').map(([name, g]) => ({ label: name + ' completed', y: g.completed_per_s }));
      const tot = data.totals || {};
      if (tot.offered_per_s) series.push({ label: 'offered (all)', y: tot.offered_per_s, color: '#000', dash: [6, 4] });
      if (tot.failed_per_s && tot.failed_per_s.some(v => v > 0)) series.push({ label: 'failed (all)', y: tot.failed_per_s, color: BAD });
      if (tot.dropped_per_s && tot.dropped_per_s.some(v => v > 0)) series.push({ label: 'dropped (all)', y: tot.dropped_per_s, color: '#8b0000', dash: [2, 3] });
      return overTime(data, {
        title: 'Throughput per interval', y: { label: 'operations/s', unit: 'ops/s' }, series,
        marks: timeMarks(data, thresholdsOf(data, 'throughput')),
      });
    },
    latency(data, el) {
      const group = el.dataset.group || 'operations';
      const series = [];
      groupsOf(data, group).forEach(([name, g], i) => {
        const color = PALETTE[i % PALETTE.length];
        series.push({ label: name + ' p99', y: g.p99_ms.map(positive), color });
        series.push({ label: name + ' p50', y: g.p50_ms.map(positive), color, dash: [4, 3], width: 1.5 });
      });
      return overTime(data, {
        title: `Response time per interval, per ${group === 'streams' ? 'stream' : 'operation'}: p99 solid, p50 dashed (log scale)`,
        y: { label: 'ms', unit: 'ms', log: true }, series, marks: timeMarks(data, thresholdsOf(data, 'latency')),
      });
    },
    generator(data) {
      const tot = data.totals || {};
      return overTime(data, {
        title: 'Generator lag p99 (left) and operations in flight (right)',
        y: { label: 'generator lag p99, ms', unit: 'ms' }, y2: { label: 'in flight' },
        series: [{ label: 'generator lag p99', y: tot.generator_lag_p99_ms || [], color: '#9467bd' },
          { label: 'in flight', y: tot.in_flight || [], color: '#17becf', scale: 'y2', unit: '' }],
        marks: timeMarks(data, thresholdsOf(data, 'generator')),
      });
    },
    tree(data) {
      const tree = data.tree || { cameras_online: [], cameras_offline: [], alarms_active: [] };
      return overTime(data, {
        title: 'Cameras online/offline (left) and active alarms (right)',
        y: { label: 'cameras', unit: '' }, y2: { label: 'active alarms' },
        series: [{ label: 'cameras online', y: tree.cameras_online, color: GOOD },
          { label: 'cameras offline', y: tree.cameras_offline, color: BAD },
          { label: 'active alarms', y: tree.alarms_active, color: '#ff7f0e', scale: 'y2' }],
        marks: timeMarks(data, []),
      });
    },
    distribution(data) {
      const d = data.distribution || { percentiles: [], keys: [] };
      const names = d.percentiles;
      return {
        title: 'Response-time percentiles per operation and hop (log scale)', height: 340,
        x: { label: 'percentile', names, range: [-0.2, Math.max(1, names.length - 1) + 0.2] },
        y: { label: 'ms', unit: 'ms', log: true },
        xs: names.map((_, i) => i),
        series: d.keys.map(k => ({ label: (k.hop ? '↳ ' : '') + k.key, y: k.ms.map(positive), dash: k.hop ? [5, 3] : undefined, points: true })),
      };
    },
  };

  /** Draws every [data-chart] element under root from a run's data; update(data) redraws them with newer data. */
  function drawRun(root, data) {
    return drawAll(root, data, RUN_CHARTS, 'run');
  }

  // ---- A size run: charts against the load factor and the node count ----

  const SIZING_CHARTS = {
    trail(data) {
      const t = data.trail || [];
      if (!t.length) return null;
      const series = [];
      for (const n of [...new Set(t.map(x => x.nodes))]) {
        const mine = t.filter(x => x.nodes === n), on = n === 1 ? '1 node' : n + ' nodes';
        const pass = mine.filter(x => x.passed), fail = mine.filter(x => !x.passed);
        if (pass.length) series.push({ label: on + ': passed', x: pass.map(x => x.trial), y: pass.map(x => x.load_factor), points: 'only' });
        if (fail.length) series.push({ label: on + ': failed', x: fail.map(x => x.trial), y: fail.map(x => x.load_factor), points: 'only', color: BAD });
        series.push({ label: on + ': highest passed', x: mine.map(x => x.trial), y: mine.map(x => x.passed_below), dash: [4, 3] });
        series.push({ label: on + ': lowest failed', x: mine.map(x => x.trial), y: mine.map(x => x.failed_above), dash: [4, 3], color: BAD });
      }
      const hlines = data.design_load_factor > 0 ? [{ y: data.design_load_factor, label: 'design load', color: '#000' }] : [];
      return { title: 'The capacity search: each trial\'s load, passed or failed, and the bracket after it', x: { label: 'trial' },
        y: { label: 'load factor (log scale)', log: true }, series, marks: { hlines } };
    },
    throughput(data) {
      const s = data.steps;
      const series = [
        { label: 'offered', x: s.map(x => x.load_factor), y: s.map(x => x.offered_per_s), points: 'only', dash: [6, 4] },
        { label: 'completed', x: s.map(x => x.load_factor), y: s.map(x => x.completed_per_s), points: 'only', color: BAD },
      ];
      return { title: 'Offered and completed throughput against load (no model: offered = completed below saturation)', x: { label: 'load factor (log scale)', log: true },
        y: { label: 'ops/s', unit: 'ops/s' }, series };
    },
    latency(data) {
      const ops = [...new Set(data.steps.flatMap(x => Object.keys(x.p99_ms)))].sort();
      const knee = data.steps.find(x => x.step === data.knee_step);
      return {
        title: 'p99 response time against load (log scales), the knee marked', x: { label: 'load factor (log scale)', log: true },
        y: { label: 'p99 ms', unit: 'ms', log: true },
        series: ops.map(op => ({ label: op, x: data.steps.map(x => x.load_factor), y: data.steps.map(x => positive(x.p99_ms[op])), points: true })),
        marks: { vlines: knee ? [{ x: knee.load_factor, label: 'knee: step ' + knee.step, color: BAD }] : [] },
      };
    },
    nodes(data) {
      const n = data.nodes;
      if (!n) return null;
      const series = [{ label: 'measured: (n·C·U − O(n)) / D(n)', x: n.measured.nodes, y: n.measured.ops_per_s, points: 'only' }];
      if (n.usl) series.push({ label: n.usl.label, x: n.usl.nodes, y: n.usl.ops_per_s, color: '#000', dash: [6, 4] });
      const vlines = n.planned != null ? [{ x: n.planned, label: 'planned: ' + n.planned + ' node(s)', color: BAD }] : [];
      return {
        title: 'Capacity against node count', x: { label: 'nodes', range: [0.5, n.last_nodes + 0.5] },
        y: { label: 'ops/s at the target utilisation', unit: 'ops/s' }, series,
        marks: { hlines: [{ y: n.production_ops_per_s, label: 'production load', color: BAD }], vlines },
      };
    },
  };

  // Capacity against cores: a chart of its own, since its x axis is cores and reaches past what was measured.
  SIZING_CHARTS.cores = function (data) {
    const c = data.cores;
    if (!c) return null;
    const pos = ys => ys.map(positive);
    const series = [{ label: 'measured: searched capacity', x: c.measured.cores, y: pos(c.measured.ops_per_s), points: 'only' }];
    if (c.held_out) {
      series.push({ label: 'held out: measured', x: [c.held_out.cores], y: [positive(c.held_out.ops_per_s)], points: 'only', color: GOOD });
      series.push({ label: 'held out: predicted by the smaller quotas', x: [c.held_out.cores], y: [positive(c.held_out.predicted)], points: 'only', color: MARK });
    }
    series.push({ label: c.label, x: c.line.cores, y: pos(c.line.ops_per_s), color: '#000' });
    series.push({ label: 'extrapolated, not measured', x: c.extrapolation.cores, y: pos(c.extrapolation.ops_per_s), color: '#000', dash: [6, 4] });
    if (c.extrapolation.low.some(v => v != null)) {
      const low = [...c.line.low, ...c.extrapolation.low], high = [...c.line.high, ...c.extrapolation.high];
      const xs = [...c.line.cores, ...c.extrapolation.cores];
      series.push({ label: '95 % prediction interval, low', x: xs, y: pos(low), color: '#7f7f7f', dash: [2, 3], width: 1 });
      series.push({ label: '95 % prediction interval, high', x: xs, y: pos(high), color: '#7f7f7f', dash: [2, 3], width: 1 });
    }
    if (c.production) series.push({ label: 'production node (extrapolated): ' + c.production.ratio, x: [c.production.cores], y: [positive(c.production.ops_per_s)], points: 'only', color: BAD });
    const largest = c.line.cores[c.line.cores.length - 1];
    return {
      title: 'Capacity against cores on one node (log scales): the quotas measured, the line, the extrapolation dashed',
      x: { label: 'cores (log scale)', log: true, unit: 'cores' }, y: { label: 'ops/s (log scale)', unit: 'ops/s', log: true }, series,
      marks: { hlines: c.design_ops_per_s > 0 ? [{ y: c.design_ops_per_s, label: 'design load', color: '#000' }] : [],
        vlines: [{ x: largest, label: 'largest measured quota', color: MARK }] },
    };
  };

  function drawSizing(root, data) {
    return drawAll(root, data, SIZING_CHARTS, 'sizing');
  }

  // ---- Shared ----

  /** Draws every [data-chart] element under root with the chart of that name in kinds; the timeline charts share
   *  their cursor and zoom (drag to zoom one, and all follow; double-click resets). */
  function drawAll(root, data, kinds, sync) {
    const charts = [];
    let zooming = false;
    const onZoom = (u, min, max) => {
      if (zooming) return;
      zooming = true;
      for (const c of charts) if (c.drawn && c.drawn.u !== u && c.timeline) c.drawn.u.setScale('x', { min, max });
      zooming = false;
    };
    function specOf(el, current) {
      const make = kinds[el.dataset.chart];
      if (!make) throw new Error('MonitorSim charts: no chart named ' + el.dataset.chart);
      const spec = make(current, el);
      if (spec && spec.timeline) { spec.sync = sync; spec.onZoom = onZoom; }
      return spec;
    }
    function draw(c, current) {
      const spec = specOf(c.el, current);
      c.timeline = !!(spec && spec.timeline);
      if (c.drawn && spec && c.drawn.labels === chartLabels(spec)) { c.drawn.set(spec); return; }
      if (c.drawn) c.drawn.u.destroy();
      c.drawn = spec ? chart(c.el, spec) : null;
      if (!spec) c.el.setAttribute('data-drawn', 'empty');
    }
    for (const el of root.querySelectorAll('[data-chart]')) {
      const c = { el, drawn: null, timeline: false };
      charts.push(c);
      draw(c, data);
    }
    global.addEventListener('resize', () => {
      for (const c of charts) if (c.drawn) c.drawn.u.setSize({ width: Math.max(320, c.el.clientWidth), height: c.drawn.u.height });
    });
    return {
      charts: charts.filter(c => c.drawn).map(c => c.drawn.u),
      update(next) { for (const c of charts) draw(c, next); },
    };
  }

  const chartLabels = spec => spec.series.map(s => s.label).join('\n') + '|' +
    !!(spec.y.log && spec.series.some(s => s.y.some(v => v != null && v > 0)));

  global.MonitorSimCharts = { drawRun, drawSizing, chart, num };
})(window);
