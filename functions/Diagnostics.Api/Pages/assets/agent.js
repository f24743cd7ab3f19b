// The agent console. Log lines are attacker-controlled: everything shown is built with DOM APIs as text
// (textContent, text nodes, createElement); nothing ever goes through innerHTML or an HTML string.
'use strict';

(() => {
  const signInMode = document.body.dataset.signIn;
  const principalKey = 'diagnostics.developmentPrincipal';
  const agentRole = 'Diagnostics.Agent';
  const auditorRole = 'Diagnostics.Auditor';
  const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
  const auditActions = [
    'snapshots.listed', 'snapshot.read', 'snapshot.matched', 'data.exported', 'consent.revoked', 'purge.deleted',
    'snapshot.pushed', 'ticket.opened', 'ticket.closed', 'consent.accepted', 'consent.declined',
  ];
  // Pseudonyms are recognisable by construction: IPv4 → 2001:db8:4::/48, IPv6 → 2001:db8:6::/48,
  // e-mail → u-<16 base32>@pseudonym.invalid.
  const pseudonymPattern =
    /(?<![0-9A-Za-z:.])(?:2001:db8:[46](?::[0-9a-f]{0,4}){1,6}|u-[a-z2-7]{16}@pseudonym\.invalid)(?![0-9A-Za-z:@])/g;
  const statusClasses = [2, 3, 4, 5];

  const $ = (id) => document.getElementById(id);
  const state = { ticketId: null, snapshot: null, offset: 0, nextOffset: null, limit: 1000 };

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem.detail || `HTTP ${status}`);
      this.status = status;
      this.problem = problem;
    }
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, String(value));
    }
    return node;
  }

  // Identity: development sign-in keeps a name and roles in this tab and sends them as App Service would.

  function developmentPrincipal() {
    try {
      const value = JSON.parse(sessionStorage.getItem(principalKey));
      return value && typeof value.name === 'string' && Array.isArray(value.roles) ? value : null;
    } catch {
      return null;
    }
  }

  function encodePrincipal(principal) {
    const json = JSON.stringify({
      auth_typ: 'aad',
      name_typ: 'name',
      role_typ: 'roles',
      claims: [{ typ: 'name', val: principal.name }, ...principal.roles.map((role) => ({ typ: 'roles', val: role }))],
    });
    let binary = '';
    for (const byte of new TextEncoder().encode(json)) {
      binary += String.fromCharCode(byte);
    }
    return btoa(binary);
  }

  function showIdentity() {
    if (signInMode !== 'development') {
      $('audit-section').hidden = signInMode !== 'platform';
      return;
    }
    const principal = developmentPrincipal();
    $('sign-in').hidden = principal !== null;
    $('signed-in').hidden = principal === null;
    if (principal) {
      $('signed-in-name').textContent = principal.name;
      $('signed-in-roles').textContent = principal.roles.length
        ? `(${principal.roles.map((role) => role.replace('Diagnostics.', '')).join(', ')})`
        : '(no role)';
    }
    $('audit-section').hidden = !(principal && principal.roles.includes(auditorRole));
  }

  function bindSignIn() {
    if (signInMode !== 'development') {
      return;
    }
    $('sign-in').addEventListener('submit', (event) => {
      event.preventDefault();
      const name = $('sign-in-name').value.trim();
      if (!name) {
        showError('Enter a name to sign in.');
        return;
      }
      const roles = [];
      if ($('sign-in-agent').checked) {
        roles.push(agentRole);
      }
      if ($('sign-in-auditor').checked) {
        roles.push(auditorRole);
      }
      sessionStorage.setItem(principalKey, JSON.stringify({ name, roles }));
      clearMessage();
      showIdentity();
      $('lookup-ticket').focus();
    });
    $('sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(principalKey);
      resetTicket();
      showIdentity();
      $('sign-in-name').focus();
    });
  }

  // Calls: problem details become a message a person can act on.

  async function api(path, extraHeaders) {
    const headers = { Accept: 'application/json, text/plain', ...(extraHeaders || {}) };
    if (signInMode === 'development') {
      const principal = developmentPrincipal();
      if (principal) {
        headers['X-MS-CLIENT-PRINCIPAL'] = encodePrincipal(principal);
      }
    }
    const response = await fetch(path, { headers, credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) {
      let problem = {};
      try {
        problem = await response.json();
      } catch {
        problem = {};
      }
      throw new ApiError(response.status, problem);
    }
    return response;
  }

  function describe(error) {
    if (!(error instanceof ApiError)) {
      return `The request could not be sent: ${error.message}`;
    }
    const detail = error.problem.detail || '';
    switch (error.status) {
      case 401:
        return `Sign in first (401). ${detail}`;
      case 403:
        return `Access denied (403): ${detail} Ask your administrator to grant you that role.`;
      case 404:
        return `Not found (404): ${detail}`;
      case 410:
        return `Expired (410): ${detail}`;
      case 429:
        return `Too many match requests (429): ${detail}`;
      default:
        return `${error.problem.title || 'The request failed.'} (${error.status}) ${detail}`;
    }
  }

  function showError(text) {
    const message = $('message');
    message.textContent = text;
    message.className = 'error';
    message.hidden = false;
  }

  function clearMessage() {
    $('message').hidden = true;
    $('message').textContent = '';
  }

  // Ticket lookup and the snapshot list.

  function resetTicket() {
    state.ticketId = null;
    state.snapshot = null;
    $('snapshots-section').hidden = true;
    $('log-section').hidden = true;
    $('snapshots').tBodies[0].replaceChildren();
  }

  async function lookUp(ticketId) {
    clearMessage();
    if (!idPattern.test(ticketId)) {
      showError('A ticket id holds 1 to 64 letters, digits, - or _.');
      return;
    }
    resetTicket();
    try {
      const response = await api(`/api/tickets/${encodeURIComponent(ticketId)}/snapshots`);
      const body = await response.json();
      state.ticketId = ticketId;
      renderSnapshots(body.snapshots, body.prefixPreservingIps === true);
      if (!$('audit-section').hidden && !$('audit-ticket').value) {
        $('audit-ticket').value = ticketId;
      }
      $('snapshots-heading').focus();
    } catch (error) {
      showError(describe(error));
    }
  }

  function formatTime(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
  }

  function formatBytes(bytes) {
    if (bytes < 1024) {
      return `${bytes} B`;
    }
    const units = ['KiB', 'MiB', 'GiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
  }

  function formatCountdown(milliseconds) {
    if (milliseconds <= 0) {
      return 'expired';
    }
    let seconds = Math.floor(milliseconds / 1000);
    const days = Math.floor(seconds / 86400);
    seconds -= days * 86400;
    const hours = Math.floor(seconds / 3600);
    seconds -= hours * 3600;
    const minutes = Math.floor(seconds / 60);
    seconds -= minutes * 60;
    const parts = days > 0 ? [`${days}d`, `${hours}h`, `${minutes}m`] : [`${hours}h`, `${minutes}m`, `${seconds}s`];
    return parts.join(' ');
  }

  function redactionReport(snapshot) {
    const list = element('ul', null, 'report');
    for (const [detector, count] of Object.entries(snapshot.redactions || {}).filter(([, n]) => n > 0)) {
      list.append(element('li', `${detector}: ${count} pseudonymized`));
    }
    for (const [detector, count] of Object.entries(snapshot.removed || {}).filter(([, n]) => n > 0)) {
      list.append(element('li', `${detector}: ${count} removed`));
    }
    if (!list.childElementCount) {
      list.append(element('li', 'nothing to redact'));
    }
    return list;
  }

  function renderSnapshots(snapshots, prefixPreservingIps) {
    $('snapshots-ticket').textContent = state.ticketId;
    $('snapshots-ips').textContent = prefixPreservingIps
      ? 'IPv4 pseudonyms of this ticket preserve subnets (2001:db8:4:1::…): addresses that share their first bits share the first bits of their pseudonyms\' last 32, so two clients of one /24 share the first 120 bits. Who they are stays hidden.'
      : 'IPv4 pseudonyms of this ticket are unrelated to each other (2001:db8:4::…): neighbouring addresses get unrelated pseudonyms.';
    const body = $('snapshots').tBodies[0];
    body.replaceChildren();
    $('snapshots-empty').hidden = snapshots.length > 0;
    $('snapshots').hidden = snapshots.length === 0;
    for (const snapshot of snapshots) {
      const row = document.createElement('tr');
      row.dataset.snapshotId = snapshot.snapshotId;
      const id = element('td');
      id.append(element('code', snapshot.snapshotId));
      const expires = element('td', null, 'countdown');
      const time = element('time');
      time.dateTime = snapshot.expiresAt;
      time.title = `expires at ${formatTime(snapshot.expiresAt)} UTC`;
      expires.append(time);
      const open = element('button', 'Open');
      open.type = 'button';
      open.setAttribute('aria-label', `Open snapshot ${snapshot.snapshotId}`);
      open.addEventListener('click', () => openSnapshot(snapshot));
      const action = element('td');
      action.append(open);
      const report = element('td');
      report.append(redactionReport(snapshot));
      row.append(
        id,
        element('td', snapshot.category),
        element('td', snapshot.source),
        element('td', formatTime(snapshot.capturedAt)),
        expires,
        element('td', snapshot.lines, 'number'),
        element('td', formatBytes(snapshot.bytes), 'number'),
        report,
        action,
      );
      body.append(row);
    }
    $('snapshots-section').hidden = false;
    tick();
  }

  // Expiry countdowns, live: a snapshot that expires cannot be opened any more (the service answers 410).
  function tick() {
    const now = Date.now();
    for (const time of document.querySelectorAll('#snapshots time')) {
      const left = new Date(time.dateTime).getTime() - now;
      time.textContent = formatCountdown(left);
      const row = time.closest('tr');
      row.classList.toggle('expired', left <= 0);
      row.querySelector('button').disabled = left <= 0;
    }
  }

  // The log view: filters, match without reveal, pages.

  function openSnapshot(snapshot) {
    clearMessage();
    state.snapshot = snapshot;
    state.offset = 0;
    $('log-snapshot').textContent = `${snapshot.snapshotId} (${snapshot.category}, ${snapshot.source})`;
    $('log-section').hidden = false;
    loadPage().then(() => $('log-heading').focus());
  }

  function utcInput(id) {
    const value = $(id).value;
    if (!value) {
      return null;
    }
    const date = new Date(`${value}Z`);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }

  async function loadPage() {
    clearMessage();
    const snapshot = state.snapshot;
    const query = new URLSearchParams();
    const text = $('filter-text').value;
    if (text) {
      query.set('text', text);
    }
    if ($('filter-status').value) {
      query.set('status', $('filter-status').value);
    }
    for (const [id, name] of [['filter-from', 'from'], ['filter-to', 'to']]) {
      const value = utcInput(id);
      if (value === undefined) {
        showError(`The ${name} time is not a valid date and time.`);
        return;
      }
      if (value) {
        query.set(name, value);
      }
    }
    state.limit = Number($('filter-limit').value);
    query.set('offset', String(state.offset));
    query.set('limit', String(state.limit));

    // The candidate goes in a header: URLs land in proxies' and the platform's request logs.
    const headers = {};
    const candidate = $('filter-match').value.trim();
    if (candidate) {
      if (!/^[\x21-\x7e]+$/.test(candidate)) {
        showError('Enter the IP or e-mail address as the customer gave it, without spaces or accented letters.');
        return;
      }
      headers['X-Match-Candidate'] = candidate;
    }

    let response;
    let body;
    try {
      response = await api(
        `/api/tickets/${encodeURIComponent(state.ticketId)}/snapshots/${encodeURIComponent(snapshot.snapshotId)}?${query}`,
        headers,
      );
      body = await response.text();
    } catch (error) {
      showError(describe(error));
      return;
    }
    const offset = Number(response.headers.get('X-Page-Offset') || 0);
    const next = response.headers.get('X-Next-Offset');
    const matched = response.headers.get('X-Match-Pseudonym');
    state.nextOffset = next === null ? null : Number(next);
    const lines = body.split('\n');
    if (lines.length && lines[lines.length - 1] === '') {
      lines.pop();
    }
    renderLines(lines, offset, matched);
    renderSummary(lines.length, offset, candidate !== '', matched);
    $('page-prev').disabled = offset === 0;
    $('page-next').disabled = state.nextOffset === null;
    if (snapshot.category === 'access') {
      renderChart(lines, offset);
    } else {
      $('chart-figure').hidden = true;
    }
  }

  function renderLines(lines, offset, matched) {
    const log = $('log');
    log.start = offset + 1;
    const items = lines.map((line) => {
      const item = document.createElement('li');
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      let last = 0;
      for (const found of text.matchAll(pseudonymPattern)) {
        if (found.index > last) {
          item.append(document.createTextNode(text.slice(last, found.index)));
        }
        const mark = element('mark', found[0], found[0] === matched ? 'pseudonym matched' : 'pseudonym');
        mark.title = found[0].startsWith('u-')
          ? 'pseudonymized e-mail address'
          : found[0].startsWith('2001:db8:4:') ? 'pseudonymized IPv4 address' : 'pseudonymized IPv6 address';
        item.append(mark);
        last = found.index + found[0].length;
      }
      if (last < text.length) {
        item.append(document.createTextNode(text.slice(last)));
      }
      return item;
    });
    log.replaceChildren(...items);
  }

  function renderSummary(count, offset, matching, matched) {
    const more = state.nextOffset !== null;
    let text;
    if (count === 0) {
      text = offset === 0
        ? (matching ? 'No line of this snapshot holds the value the customer gave.' : 'No line passes these filters.')
        : 'No more lines.';
    } else {
      const range = `Lines ${offset + 1}–${offset + count}`;
      if (matching) {
        const total = more ? `More than ${offset + count}` : `${offset + count}`;
        text = `${total} line${offset + count === 1 && !more ? '' : 's'} matched the value the customer gave, as pseudonym ${matched}. ${range} shown.`;
      } else {
        text = `${range}${more ? '; more follow.' : ' (all that pass the filters).'}`;
      }
    }
    $('log-summary').textContent = text;
  }

  // The chart: requests over time by status class, from the lines of the page in view, so that it shows exactly
  // what the list shows (filters and match included) without reading the snapshot a second time.

  const clfTime = /\[(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\]/;
  const clfStatus = /"[^"]*" (\d{3})(?!\d)/;
  const months = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
  const bucketSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  const maxBuckets = 48;

  function request(line) {
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line);
        const at = Date.parse(entry.time || entry.timestamp || entry['@timestamp']);
        const status = Number(entry.status);
        return Number.isNaN(at) || !(status >= 100 && status <= 599) ? null : { at, status };
      } catch {
        return null;
      }
    }
    const time = clfTime.exec(line);
    const status = clfStatus.exec(line);
    if (!time || !status || !(time[2] in months)) {
      return null;
    }
    const sign = time[7] === '-' ? -1 : 1;
    const offsetMinutes = sign * (Number(time[8]) * 60 + Number(time[9]));
    const at = Date.UTC(Number(time[3]), months[time[2]], Number(time[1]), Number(time[4]), Number(time[5]), Number(time[6]))
      - offsetMinutes * 60000;
    return { at, status: Number(status[1]) };
  }

  function renderChart(lines, offset) {
    const requests = lines.map(request).filter((r) => r !== null && statusClasses.includes(Math.floor(r.status / 100)));
    const figure = $('chart-figure');
    const chart = $('chart');
    const totals = { 2: 0, 3: 0, 4: 0, 5: 0 };
    if (requests.length === 0) {
      figure.hidden = true;
      chart.replaceChildren();
      return;
    }
    const start = requests.reduce((least, r) => Math.min(least, r.at), Infinity);
    const end = requests.reduce((most, r) => Math.max(most, r.at), -Infinity);
    const spanSeconds = Math.max(1, Math.ceil((end - start) / 1000) + 1);
    const step = bucketSteps.find((s) => spanSeconds / s <= maxBuckets) || 86400;
    const first = Math.floor(start / 1000 / step) * step * 1000;
    const count = Math.floor((end - first) / 1000 / step) + 1;
    const buckets = Array.from({ length: count }, () => ({ 2: 0, 3: 0, 4: 0, 5: 0 }));
    for (const r of requests) {
      const statusClass = Math.floor(r.status / 100);
      buckets[Math.floor((r.at - first) / 1000 / step)][statusClass] += 1;
      totals[statusClass] += 1;
    }
    const highest = buckets.reduce((most, b) => Math.max(most, b[2] + b[3] + b[4] + b[5]), 0);

    const width = 720;
    const height = 220;
    const left = 40;
    const bottom = 30;
    const top = 10;
    const plotHeight = height - bottom - top;
    const barWidth = (width - left - 10) / count;
    const drawing = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'chart-title', class: 'chart' });
    const title = svg('title', { id: 'chart-title' });
    title.textContent = `Requests over time by status class: ${statusClasses.map((c) => `${totals[c]} ${c}xx`).join(', ')}`;
    drawing.append(title);
    drawing.append(svg('line', { x1: left, y1: top + plotHeight, x2: width - 10, y2: top + plotHeight, class: 'axis' }));
    drawing.append(svg('line', { x1: left, y1: top, x2: left, y2: top + plotHeight, class: 'axis' }));
    const maxLabel = svg('text', { x: left - 6, y: top + 10, 'text-anchor': 'end', class: 'label' });
    maxLabel.textContent = String(highest);
    const zeroLabel = svg('text', { x: left - 6, y: top + plotHeight, 'text-anchor': 'end', class: 'label' });
    zeroLabel.textContent = '0';
    drawing.append(maxLabel, zeroLabel);
    buckets.forEach((bucket, index) => {
      let y = top + plotHeight;
      const from = new Date(first + index * step * 1000);
      for (const statusClass of statusClasses) {
        const n = bucket[statusClass];
        if (n === 0) {
          continue;
        }
        const h = (n / highest) * plotHeight;
        y -= h;
        const bar = svg('rect', {
          x: (left + index * barWidth + 1).toFixed(2),
          y: y.toFixed(2),
          width: Math.max(1, barWidth - 2).toFixed(2),
          height: h.toFixed(2),
          class: `bar s${statusClass}`,
          'data-class': statusClass,
          'data-count': n,
        });
        const tip = svg('title');
        tip.textContent = `${formatTime(from.toISOString())} UTC: ${n} × ${statusClass}xx`;
        bar.append(tip);
        drawing.append(bar);
      }
    });
    const startLabel = svg('text', { x: left, y: height - 8, class: 'label' });
    startLabel.textContent = formatTime(new Date(first).toISOString());
    const endLabel = svg('text', { x: width - 10, y: height - 8, 'text-anchor': 'end', class: 'label' });
    endLabel.textContent = formatTime(new Date(first + count * step * 1000).toISOString());
    drawing.append(startLabel, endLabel);
    chart.replaceChildren(drawing);

    for (const cell of document.querySelectorAll('#chart-totals td')) {
      cell.textContent = String(totals[cell.dataset.class]);
    }
    const uncharted = lines.length - requests.length;
    $('chart-caption').textContent =
      `Requests over time by status class (UTC, ${step}-second bars), lines ${offset + 1}–${offset + lines.length} of this view` +
      (uncharted > 0 ? `; ${uncharted} line${uncharted === 1 ? '' : 's'} without a time or status not charted.` : '.');
    figure.hidden = false;
  }

  // The audit trail, for auditors.

  async function loadAudit() {
    clearMessage();
    const query = new URLSearchParams({ max: '200' });
    const ticketId = $('audit-ticket').value.trim();
    if (ticketId) {
      if (!idPattern.test(ticketId)) {
        showError('A ticket id holds 1 to 64 letters, digits, - or _.');
        return;
      }
      query.set('ticketId', ticketId);
    }
    if ($('audit-action').value) {
      query.set('action', $('audit-action').value);
    }
    try {
      const response = await api(`/api/admin/audit?${query}`);
      const body = await response.json();
      const rows = body.entries.map((entry) => {
        const row = document.createElement('tr');
        row.append(
          element('td', formatTime(entry.at)),
          element('td', `${entry.actor} (${entry.actorKind})`),
          element('td', entry.action),
          element('td', entry.ticketId),
          element('td', entry.snapshotId || ''),
          element('td', entry.outcome, `outcome ${entry.outcome === 'ok' ? 'ok' : 'other'}`),
          element('td', entry.detail || ''),
        );
        return row;
      });
      if (rows.length === 0) {
        const row = document.createElement('tr');
        const cell = element('td', 'No entry matches.');
        cell.colSpan = 7;
        row.append(cell);
        rows.push(row);
      }
      $('audit').tBodies[0].replaceChildren(...rows);
    } catch (error) {
      showError(describe(error));
    }
  }

  function bind() {
    for (const action of auditActions) {
      $('audit-action').append(element('option', action));
    }
    bindSignIn();
    $('lookup').addEventListener('submit', (event) => {
      event.preventDefault();
      lookUp($('lookup-ticket').value.trim());
    });
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      state.offset = 0;
      loadPage();
    });
    $('filters-clear').addEventListener('click', () => {
      $('filters').reset();
      state.offset = 0;
      loadPage();
    });
    $('page-next').addEventListener('click', () => {
      if (state.nextOffset !== null) {
        state.offset = state.nextOffset;
        loadPage();
      }
    });
    $('page-prev').addEventListener('click', () => {
      state.offset = Math.max(0, state.offset - state.limit);
      loadPage();
    });
    $('audit-filters').addEventListener('submit', (event) => {
      event.preventDefault();
      loadAudit();
    });
    showIdentity();
    setInterval(tick, 1000);
  }

  bind();
})();
