(function () {
  'use strict';
  // The report's only script. It never builds HTML: it toggles `hidden`, sets textContent and
  // reorders existing rows. Every finding is in the page; without this script all of them show.
  var doc = document;
  var root = doc.documentElement;
  var data = {};
  try {
    var dataEl = doc.getElementById('report-data');
    data = JSON.parse(dataEl ? dataEl.textContent : '{}') || {};
  } catch (err) {
    data = {};
  }
  var pageSize = data.pageSize || 200;

  // ---- findings: filters and paging -------------------------------------------------------
  var list = doc.getElementById('finding-list');
  var nodes = list ? list.children : [];
  var items = [];
  for (var n = 0; n < nodes.length; n++) {
    var el = nodes[n];
    if (!el.classList.contains('finding')) continue;
    items.push({
      el: el,
      severity: el.getAttribute('data-severity') || '',
      rule: el.getAttribute('data-rule') || '',
      src: (el.getAttribute('data-src') || '').split(' '),
      q: (el.getAttribute('data-q') || '').split(' '),
      status: (el.getAttribute('data-status') || '').split(' '),
      text: null
    });
  }
  var names = ['severity', 'rule', 'source', 'quantity', 'status'];
  var controls = {};
  names.forEach(function (name) { controls[name] = doc.getElementById('flt-' + name); });
  var search = doc.getElementById('flt-text');
  var countEl = doc.getElementById('flt-count');
  var moreBtn = doc.getElementById('show-more');
  var emptyEl = doc.getElementById('filter-empty');
  var state = { severity: '', rule: '', source: '', quantity: '', status: '', words: [] };
  var limit = pageSize;

  function textOf(item) {
    if (item.text === null) item.text = (item.el.textContent || '').toLowerCase().replace(/\s+/g, ' ');
    return item.text;
  }

  function matches(item) {
    if (state.severity && item.severity !== state.severity) return false;
    if (state.rule && item.rule !== state.rule) return false;
    if (state.source && item.src.indexOf(state.source) < 0) return false;
    if (state.quantity && item.q.indexOf(state.quantity) < 0) return false;
    if (state.status && item.status.indexOf(state.status) < 0) return false;
    for (var w = 0; w < state.words.length; w++) {
      if (textOf(item).indexOf(state.words[w]) < 0) return false;
    }
    return true;
  }

  function filtering() {
    return names.some(function (name) { return state[name]; }) || state.words.length > 0;
  }

  function plural(k, word) { return k.toLocaleString('en') + ' ' + word + (k === 1 ? '' : 's'); }

  function apply() {
    var matched = 0;
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var ok = matches(item);
      if (ok) matched += 1;
      var visible = ok && matched <= limit;
      if (visible) shown += 1;
      if (item.el.hidden === visible) item.el.hidden = !visible;
    }
    if (countEl) {
      var text = plural(items.length, 'finding');
      if (filtering()) text = matched.toLocaleString('en') + (matched === 1 ? ' match' : ' matches') + ' of ' + text;
      if (shown < matched) text += ' · showing ' + shown.toLocaleString('en');
      countEl.textContent = text;
    }
    if (moreBtn) {
      moreBtn.hidden = matched <= limit;
      moreBtn.textContent = 'Show ' + Math.min(pageSize, matched - limit).toLocaleString('en') + ' more (' +
        (matched - limit).toLocaleString('en') + ' hidden)';
    }
    if (emptyEl) emptyEl.hidden = matched > 0 || items.length === 0;
    root.setAttribute('data-shown', String(shown));
    root.setAttribute('data-matched', String(matched));
  }

  function setFilter(name, value) {
    state[name] = value || '';
    if (controls[name] && controls[name].value !== state[name]) controls[name].value = state[name];
    limit = pageSize;
    apply();
  }

  names.forEach(function (name) {
    var control = controls[name];
    if (!control) return;
    control.value = '';
    control.addEventListener('change', function () { setFilter(name, control.value); });
  });

  var timer = null;
  if (search) {
    search.value = '';
    search.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        state.words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
        limit = pageSize;
        apply();
      }, 150);
    });
  }

  var reset = doc.getElementById('flt-reset');
  if (reset) {
    reset.addEventListener('click', function () {
      names.forEach(function (name) { state[name] = ''; if (controls[name]) controls[name].value = ''; });
      state.words = [];
      if (search) search.value = '';
      limit = pageSize;
      apply();
    });
  }

  if (moreBtn) {
    moreBtn.addEventListener('click', function () { limit += pageSize; apply(); });
  }

  // Summary tiles and table rows that set a filter, then go to the findings.
  Array.prototype.forEach.call(doc.querySelectorAll('[data-set-filter]'), function (link) {
    link.addEventListener('click', function () {
      var name = link.getAttribute('data-set-filter');
      var value = link.getAttribute('data-value') || '';
      names.forEach(function (other) { if (other !== name) { state[other] = ''; if (controls[other]) controls[other].value = ''; } });
      state.words = [];
      if (search) search.value = '';
      setFilter(name, value);
    });
  });

  // Following a link to a finding that the filters or the paging hide: show it.
  function reveal() {
    var id = decodeURIComponent((location.hash || '').slice(1));
    if (!id) return;
    var target = doc.getElementById(id);
    if (!target) return;
    if (target.classList.contains('finding') && target.hidden) {
      names.forEach(function (name) { state[name] = ''; if (controls[name]) controls[name].value = ''; });
      state.words = [];
      if (search) search.value = '';
      var index = 0;
      for (var i = 0; i < items.length; i++) { if (items[i].el === target) { index = i; break; } }
      limit = Math.max(pageSize, Math.ceil((index + 1) / pageSize) * pageSize);
      apply();
    }
    for (var p = target; p && p !== doc.body; p = p.parentElement) {
      if (p.tagName === 'DETAILS' && !p.open) p.open = true;
    }
    target.scrollIntoView();
  }
  window.addEventListener('hashchange', reveal);

  // ---- claims table: sort on header click ---------------------------------------------------
  var table = doc.getElementById('claims-table');
  if (table && table.tBodies.length) {
    var body = table.tBodies[0];
    var headers = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(table.querySelectorAll('button.sort'), function (button) {
      button.addEventListener('click', function () {
        var col = Number(button.getAttribute('data-col'));
        var numeric = button.getAttribute('data-type') === 'num';
        var th = button.parentElement;
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        var keyed = rows.map(function (row, i) {
          var cell = row.cells[col];
          var raw = cell ? (cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent) : '';
          var value = numeric ? parseFloat(raw) : (raw || '').trim().toLowerCase();
          return { row: row, value: value, i: i, missing: numeric ? isNaN(value) : value === '' };
        });
        keyed.sort(function (a, b) {
          if (a.missing !== b.missing) return a.missing ? 1 : -1;
          var c = 0;
          if (numeric) c = a.value - b.value;
          else c = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
          if (!ascending) c = -c;
          return c || a.i - b.i;
        });
        var frag = doc.createDocumentFragment();
        keyed.forEach(function (k) { frag.appendChild(k.row); });
        body.appendChild(frag);
      });
    });
  }

  apply();
  root.classList.add('js-ready');
  if (location.hash) reveal();
})();
