// The status page: polls /api/status and /api/dag; every value from the project goes into the DOM as text.
(function () {
  'use strict';
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token');
  const refreshMs = Math.max(500, Number(params.get('refresh') || 2000));
  const headers = token ? { 'Authorization': 'Bearer ' + token } : {};
  let lastDag = null;
  let lastStatus = null;
  let dagCount = 0;

  if (window.mermaid) {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function fill(id, rows, render) {
    const body = document.querySelector('#' + id + ' tbody');
    const fresh = document.createElement('tbody');
    rows.forEach(function (r) {
      const tr = document.createElement('tr');
      render(tr, r);
      fresh.appendChild(tr);
    });
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = cell(tr, 'none', 'muted');
      td.colSpan = document.querySelectorAll('#' + id + ' thead th').length;
      fresh.appendChild(tr);
    }
    body.replaceWith(fresh);
  }

  // Flink 2.x's web UI has no /#/job/<id> route (an unknown route shows the cluster overview); its running-job route
  // sends a job that has finished to /#/job/completed/<id>, so this one link opens the job whatever its state.
  function jobHref(flinkUi, id) {
    return flinkUi.replace(/\/+$/, '') + '/#/job/running/' + encodeURIComponent(id) + '/overview';
  }

  function jobNode(id, flinkUi) {
    if (!flinkUi) { return document.createTextNode(id); }
    const a = document.createElement('a');
    a.href = jobHref(flinkUi, id);
    a.textContent = id;
    a.className = 'flink-job';
    a.rel = 'noopener noreferrer';
    return a;
  }

  // runs whose earlier jobs the reader opened: kept open across refreshes
  const openJobs = new Set();

  function jobCell(tr, run, flinkUi) {
    const td = cell(tr, '');
    if (!run.flinkJobId) { return; }
    const ui = flinkUi && /^https?:\/\//.test(flinkUi) ? flinkUi : null;
    td.appendChild(jobNode(run.flinkJobId, ui));
    const earlier = (run.flinkJobIds || []).filter(function (id) { return id !== run.flinkJobId; }).reverse();
    if (earlier.length === 0) { return; }
    const more = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = '+' + earlier.length + ' earlier';
    more.appendChild(summary);
    earlier.forEach(function (id) {
      const line = document.createElement('div');
      line.appendChild(jobNode(id, ui));
      more.appendChild(line);
    });
    more.open = openJobs.has(run.runId);
    more.addEventListener('toggle', function () {
      if (more.open) { openJobs.add(run.runId); } else { openJobs.delete(run.runId); }
    });
    td.appendChild(more);
  }

  function render(data) {
    if (data.title) {
      document.getElementById('title').textContent = data.title;
      document.title = data.title;
    }
    document.getElementById('updated').textContent = 'updated ' + (data.generatedAt || new Date().toISOString());
    // Rebuilding unchanged tables every poll would drop the reader's text selection and any element they point at.
    const same = JSON.stringify(Object.assign({}, data, { generatedAt: null }));
    if (same === lastStatus) { return; }
    lastStatus = same;
    fill('alerts', data.alerts || [], function (tr, d) {
      cell(tr, d.dataset); cell(tr, d.alert, d.alert); cell(tr, d.lastEvent); cell(tr, d.lastPeriod);
      cell(tr, d.warnAfter); cell(tr, d.errorAfter);
    });
    fill('runs', data.runs || [], function (tr, r) {
      tr.dataset.pipeline = r.pipeline || '';
      cell(tr, r.pipeline); cell(tr, r.period); cell(tr, r.status, 'status ' + r.status); cell(tr, r.attempt);
      cell(tr, r.started); cell(tr, r.finished); cell(tr, r.runId); jobCell(tr, r, data.flinkUi);
      cell(tr, r.message || r.reason);
    });
    const waits = [];
    (data.pipelines || []).forEach(function (p) {
      (p.waiting || []).forEach(function (w) { waits.push({ pipeline: p.id, w: w }); });
    });
    fill('waiting', waits, function (tr, x) {
      cell(tr, x.pipeline); cell(tr, x.w.dataset || 'time'); cell(tr, x.w.period); cell(tr, x.w.detail);
    });
    fill('pipelines', data.pipelines || [], function (tr, p) {
      cell(tr, p.id); cell(tr, p.kind); cell(tr, p.trigger); cell(tr, p.lastTick); cell(tr, p.nextRun);
    });
  }

  async function drawDag(text) {
    if (text === lastDag) { return; }
    lastDag = text;
    const box = document.getElementById('dag');
    if (!window.mermaid) { box.textContent = text; return; }
    try {
      dagCount += 1;
      const out = await window.mermaid.render('lakestation-dag-' + dagCount, text);
      box.innerHTML = out.svg; // Mermaid's output, sanitised by Mermaid itself (securityLevel strict)
    } catch (e) {
      box.textContent = 'graph could not be drawn: ' + e;
    }
  }

  async function poll() {
    const err = document.getElementById('error');
    try {
      const s = await fetch('api/status', { headers: headers, cache: 'no-store' });
      if (!s.ok) { throw new Error('status: HTTP ' + s.status + ' ' + (await s.text())); }
      render(await s.json());
      const d = await fetch('api/dag', { headers: headers, cache: 'no-store' });
      if (d.ok) { await drawDag(await d.text()); }
      err.hidden = true;
      document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);
    } catch (e) {
      err.textContent = String(e.message || e);
      err.hidden = false;
    } finally {
      setTimeout(poll, refreshMs);
    }
  }

  poll();
})();
