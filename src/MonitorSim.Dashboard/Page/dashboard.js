/* MonitorSim live dashboard: reads the run's state from this process (server-sent events at /events, fields in
   docs/dashboard.md) and draws it with the reports' chart module. Fetches nothing from anywhere else. The page keeps
   what it has when the process ends. */
(function () {
  'use strict';
  const num = MonitorSimCharts.num;
  const $ = id => document.getElementById(id);
  const REPLACED = new Set(['schema', 'warm_up_s', 'thresholds', 'events', 'distribution']);
  const dash = window.monitorSimDashboard = { state: null, charts: null, data: null, window: -1, messages: 0, delaysMs: [], lastRowT: null };

  /** Appends chart data of k new rows (from the server) to what the page has of n rows: arrays are joined, a series the
   *  new rows lack is padded (rates with 0, times with null), one new in them gets nulls before; the rest is replaced. */
  function appendSeries(into, add, n, k) {
    for (const [key, value] of Object.entries(add)) {
      if (Array.isArray(value)) into[key] = (into[key] || new Array(n).fill(null)).concat(value);
      else if (value && typeof value === 'object') appendSeries(into[key] = into[key] || {}, value, n, k);
    }
    for (const [key, value] of Object.entries(into)) {
      if (key in add) continue;
      if (Array.isArray(value)) into[key] = value.concat(new Array(k).fill(key.endsWith('_ms') ? null : 0));
      else if (value && typeof value === 'object') appendSeries(value, {}, n, k);
    }
  }

  function mergeCharts(s) {
    const add = s.charts;
    if (dash.data === null || s.window.number !== dash.window || s.window.from_row === 0) {
      dash.data = add;
    } else {
      const n = dash.data.t.length, k = add.t.length;
      for (const [key, value] of Object.entries(add)) {
        if (REPLACED.has(key)) dash.data[key] = value;
        else if (Array.isArray(value)) dash.data[key] = dash.data[key].concat(value);
        else if (value && typeof value === 'object') appendSeries(dash.data[key] = dash.data[key] || {}, value, n, k);
      }
    }
    dash.window = s.window.number;
    if (!dash.charts) dash.charts = MonitorSimCharts.drawRun(document.getElementById('charts'), dash.data);
    else dash.charts.update(dash.data);
  }

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  /** A table from a header and rows of cells; a cell is text, or {text, cls, value, key} (value and key become data-). */
  function table(id, head, rows) {
    const t = $(id);
    t.textContent = '';
    const hr = t.createTHead().insertRow();
    head.forEach(h => hr.appendChild(el('th', h)));
    const body = t.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const c of row) {
        const cell = typeof c === 'object' && c !== null ? c : { text: c };
        const td = el('td', cell.text, cell.cls);
        if (cell.value !== undefined) td.dataset.value = cell.value;
        if (cell.key) td.dataset.key = cell.key;
        tr.appendChild(td);
      }
    }
  }

  const n = (v, unit, key) => ({ text: num(v) + (unit && v != null ? ' ' + unit : ''), cls: 'num', value: v ?? '', key });
  const verdict = (passed, checks) => (checks === 0 ? { text: 'not checked yet', cls: 'pending' }
    : passed ? { text: 'PASS', cls: 'pass' } : { text: 'FAIL', cls: 'fail' });

  function showHeader(s) {
    $('title').textContent = (s.kind === 'size' ? 'monitorsim size: ' : s.kind === 'replay' ? 'monitorsim replay: ' : 'monitorsim run: ') + s.title;
    document.title = 'MonitorSim live: ' + s.title;
    const phase = $('phase');
    phase.dataset.phase = s.phase;
    phase.textContent = s.phase + (s.message ? ': ' + s.message : '');
    const w = s.window;
    const t = s.latest ? s.latest.t : 0;
    $('clock').textContent = w.label ? `${w.label}: ${num(t)} s of ${num(w.duration_s)} s, load factor ${num(w.load_factor)}` : '';
    $('warm-up').hidden = !(s.latest && s.latest.warm_up) || s.phase !== 'running';
  }

  function showNow(s) {
    const l = s.latest;
    const now = $('now');
    now.textContent = '';
    if (!l) return;
    $('now-when').textContent = `(interval ending t = ${num(l.t)} s, ${num(l.interval_s)} s long)`;
    const cards = [
      ['offered/s', l.offered_per_s, 'offered'], ['completed/s', l.completed_per_s, 'completed'], ['failed/s', l.failed_per_s, 'failed'],
      ['dropped/s', l.dropped_per_s, 'dropped'], ['generator lag p99', l.generator_lag_p99_ms, 'lag', 'ms'], ['in flight', l.in_flight, 'in-flight'],
      ['cameras online', l.cameras_online, 'online'], ['cameras offline', l.cameras_offline, 'offline'], ['active alarms', l.alarms_active, 'alarms'],
    ];
    for (const [label, v, key, unit] of cards) {
      const c = el('div', null, 'card');
      const value = el('div', num(v) + (unit ? ' ' + unit : ''), 'v');
      value.dataset.now = key;
      value.dataset.value = v;
      c.append(value, el('div', label, 'k'));
      now.appendChild(c);
    }
    table('operations', ['operation', 'completed/s', 'failed/s', 'p50', 'p99'], Object.entries(l.operations).map(([k, o]) =>
      [k, n(o.completed_per_s), n(o.failed_per_s), n(o.p50_ms, 'ms'), n(o.p99_ms, 'ms')]));
    table('streams', ['stream', 'ended/s', 'p50', 'p99'], Object.entries(l.streams).map(([k, o]) =>
      [k, n(o.ended_per_s), n(o.p50_ms, 'ms'), n(o.p99_ms, 'ms')]));
  }

  function showSideTables(s) {
    // At the end, the verdicts on the final figures (summary.json's); while running, the last interval check.
    const final = s.phase === 'finished' && s.final ? s.final.thresholds : null;
    table('thresholds', ['threshold', 'value', final ? 'verdict' : 'now', 'failed checks'], (final || s.thresholds).map(t =>
      [t.expr, n(t.value), verdict(t.passed, t.checks), `${t.failed_checks} of ${t.checks}` +
        (t.first_failed_at_s != null ? `, first at t = ${num(t.first_failed_at_s)} s` : '')]));
    if ((final || s.thresholds).length === 0) table('thresholds', ['threshold'], [[s.phase === 'running' ? 'none checked yet (or none set)' : 'none']]);
    table('nodes', ['node', 'CPU (cores busy)', 'memory (MB)', 'state'], s.nodes.map(x =>
      [x.node === 1 ? '1 (this process)' : String(x.node), n(x.busy_cores), n(x.memory_mb),
        x.lost ? { text: 'not answering', cls: 'fail' } : { text: 'up', cls: 'pass' }]));
    const events = $('events');
    events.textContent = '';
    for (const e of s.charts.events) events.appendChild(el('li', (e.t != null ? `t = ${num(e.t)} s: ` : '') + e.text));
    $('info').textContent = s.info.join('\n');
  }

  function showTrials(s) {
    $('trials-section').hidden = s.trials.length === 0;
    if (s.trials.length === 0) return;
    table('trials', ['trial', 'configuration', 'load factor', 'offered/s', 'SLO', 'broken'], s.trials.map(t =>
      [String(t.number), t.configuration, n(t.load_factor), n(t.offered_per_s),
        t.passed == null ? { text: 'running', cls: 'pending' } : t.passed ? { text: 'held', cls: 'pass' } : { text: 'broke', cls: 'fail' },
        t.broken.join(', ')]));
    const last = s.trials[s.trials.length - 1];
    $('search').textContent = `Trial ${last.number} (${last.configuration}) at load factor ${num(last.load_factor)}` +
      (last.offered_per_s != null ? `, ${num(last.offered_per_s)} ops/s offered` : '') + `. Search so far: held up to ${last.passed_below != null ? num(last.passed_below) : '–'}` +
      (last.failed_above != null ? `, broke at ${num(last.failed_above)}` : ', nothing broke yet') + '.';
  }

  function showFinal(s) {
    $('final').hidden = s.phase !== 'finished';
    if (s.phase !== 'finished') return;
    const f = s.final;
    if (f) {
      $('final-verdict').textContent = f.passed ? 'Every threshold held.' : 'A threshold failed.';
      $('final-verdict').className = f.passed ? 'pass' : 'fail';
      const o = f.operations;
      table('final-operations', ['offered', 'completed', 'failed', 'dropped', 'timed out', 'throughput (ops/s)'],
        [[n(o.offered, '', 'operations.offered'), n(o.completed, '', 'operations.completed'), n(o.failed, '', 'operations.failed'),
          n(o.dropped, '', 'operations.dropped'), n(o.timed_out, '', 'operations.timed_out'), n(f.throughput_ops, '', 'throughput_ops')]]);
      table('final-latency', ['response time (ms)', 'count', 'mean', 'p50', 'p90', 'p99', 'max'], Object.entries(f.latency_ms).map(([k, x]) =>
        [k, n(x.count, '', `latency_ms.${k}.count`), n(x.mean, '', `latency_ms.${k}.mean`), n(x.p50, '', `latency_ms.${k}.p50`),
          n(x.p90, '', `latency_ms.${k}.p90`), n(x.p99, '', `latency_ms.${k}.p99`), n(x.max, '', `latency_ms.${k}.max`)]));
    }
    const reports = $('reports');
    reports.textContent = 'Reports: ';
    s.reports.forEach((name, i) => {
      if (i > 0) reports.append(', ');
      const a = el('a', name);
      a.href = '/reports/' + encodeURIComponent(name);
      reports.appendChild(a);
    });
    if (s.folder) reports.append(` (in ${s.folder})`);
  }

  function show(s) {
    dash.state = s;
    dash.messages++;
    if (s.latest && s.latest.t !== dash.lastRowT) {
      dash.lastRowT = s.latest.t;
      if (s.latest.ended_unix_ms != null) {
        const delay = Date.now() - s.latest.ended_unix_ms;
        dash.delaysMs.push(delay);
        $('delay').textContent = `update ${num(delay)} ms after its interval`;
      }
    }
    mergeCharts(s);
    showHeader(s);
    showNow(s);
    showSideTables(s);
    showTrials(s);
    showFinal(s);
  }

  function connect() {
    const source = new EventSource('/events');
    source.addEventListener('state', e => show(JSON.parse(e.data)));
    source.onopen = () => { $('connection').textContent = ''; };
    source.onerror = () => {
      // The run's process ended (or restarts): what the page has stays, final figures included.
      const done = dash.state && dash.state.phase !== 'running' && dash.state.phase !== 'starting';
      $('connection').textContent = done ? 'the run\'s process has ended; the figures above are its last' : 'disconnected; retrying…';
      if (done) source.close();
    };
  }
  connect();
})();
