/**
 * The observability page's script, sent inline under a CSP nonce. Plain ES2019 for any
 * current browser, no build step. Everything it shows goes into the DOM through
 * textContent, never innerHTML: queries and lesson titles are user-controlled.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var KEY = 'lumen.observability.token';
  var API = '/api/v1/admin/observability/';
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  var usd = function (v) { return v === null || v === undefined ? 'unlimited' : '$' + Number(v).toFixed(4); };
  var ms = function (v) { return Number(v).toFixed(1) + ' ms'; };
  var pct = function (v) { return (Number(v) * 100).toFixed(1) + '%'; };
  var when = function (v) { return v ? new Date(v).toISOString().replace('T', ' ').slice(0, 19) + 'Z' : '—'; };

  function table(id, headers, rows) {
    var host = $(id);
    host.textContent = '';
    var t = el('table');
    var head = el('tr');
    headers.forEach(function (h) { head.appendChild(el('th', h)); });
    t.appendChild(el('thead')).appendChild(head);
    var body = t.appendChild(el('tbody'));
    rows.forEach(function (cells) {
      var tr = el('tr');
      cells.forEach(function (cell) {
        var td = el('td');
        if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null || cell === undefined ? '—' : String(cell);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (rows.length === 0) host.appendChild(el('p', 'Nothing yet.', 'empty')); else host.appendChild(t);
  }

  function renderSpend(d) {
    $('budget').textContent = 'Budget per user per 24 h: ' + usd(d.budgetUsd24h);
    var rows = [];
    d.users.forEach(function (u) {
      var who = u.email || u.userId || '(no user)';
      rows.push([who, 'all features', usd(u.spentUsd24h), usd(u.spentUsd30d), u.calls24h, u.calls30d, usd(u.remainingUsd24h)]);
      u.features.forEach(function (f) {
        rows.push(['', f.feature, usd(f.spentUsd24h), usd(f.spentUsd30d), f.calls24h, f.calls30d, '']);
      });
    });
    table('spend', ['User', 'Feature', 'Spent 24 h', 'Spent 30 d', 'Calls 24 h', 'Calls 30 d', 'Remaining 24 h'], rows);
  }

  function stats(s) { return [s.calls, s.errors, pct(s.errorRate), ms(s.p50Ms), ms(s.p95Ms), ms(s.p99Ms)]; }
  var STAT_HEADERS = ['Calls', 'Errors', 'Error rate', 'p50', 'p95', 'p99'];
  function renderTools(d) {
    table('tools', ['Tool'].concat(STAT_HEADERS, ['Outcomes']), d.byTool.map(function (t) {
      return [t.tool].concat(stats(t), [t.outcomes.map(function (o) { return o.outcome + ' × ' + o.calls; }).join(', ')]);
    }));
    table('tool-clients', ['Client'].concat(STAT_HEADERS), d.byClient.map(function (c) {
      return [(c.clientName ? c.clientName + ' (' + c.clientId + ')' : c.clientId || '(none)')].concat(stats(c));
    }));
  }

  function link(id, text) {
    var a = el('a', text);
    a.href = '#retrieval-' + encodeURIComponent(id);
    return a;
  }
  function renderCalls(d) {
    table('llm-calls', ['Time', 'User', 'Client', 'Feature', 'Model', 'Tokens in/out', 'Cost', 'Latency', 'Status', 'Retrieval'],
      d.calls.map(function (c) {
        return [when(c.createdAt), c.email || c.userId, c.clientId, c.feature, c.provider + '/' + c.model,
          c.tokensIn + ' / ' + c.tokensOut, usd(c.costUsd), c.latencyMs + ' ms',
          c.status + (c.error ? ': ' + c.error : ''), c.retrievalAuditId ? link(c.retrievalAuditId, 'what it saw') : null];
      }));
  }

  function renderRetrievals(d) {
    var host = $('retrievals');
    host.textContent = '';
    if (d.retrievals.length === 0) host.appendChild(el('p', 'Nothing yet.', 'empty'));
    d.retrievals.forEach(function (r) {
      var box = el('article', null, 'retrieval');
      box.id = 'retrieval-' + r.id;
      box.appendChild(el('h3', r.query, 'query'));
      box.appendChild(el('p', when(r.createdAt) + ' · ' + r.feature + ' · ' + (r.courseTitle || r.courseId) +
        ' · ' + (r.email || r.userId || '(no user)') + (r.clientId ? ' via ' + r.clientId : '') + ' · ' + r.latencyMs + ' ms', 'meta'));
      box.appendChild(el('p', r.llmCall ? 'Answered by model call ' + r.llmCall.id + ' (' + r.llmCall.model + ', ' +
        r.llmCall.status + ', ' + usd(r.llmCall.costUsd) + ')' : 'No model call used this retrieval.', 'answer'));
      var list = el('ol', null, 'chunks');
      r.chunks.forEach(function (ch) {
        // A lesson's heading path usually starts with its own title: show it once.
        var path = ch.headingPath[0] === ch.lessonTitle ? ch.headingPath.slice(1) : ch.headingPath;
        var place = ch.exists ? ch.lessonTitle + (path.length ? ' › ' + path.join(' › ') : '') : '(chunk since deleted)';
        var item = el('li', Number(ch.score).toFixed(4) + ' · ' + place + ' · ' + ch.chunkId, ch.exists ? 'chunk' : 'chunk gone');
        list.appendChild(item);
      });
      if (r.chunks.length === 0) list.appendChild(el('li', 'No chunks returned.'));
      box.appendChild(list);
      host.appendChild(box);
    });
  }

  function renderClients(d) {
    table('clients', ['Client', 'Name', 'Owner', 'Scopes', 'Created', 'Last token', 'Last tool call', 'Tool calls 24 h', 'Revoked'],
      d.clients.map(function (c) {
        return [c.clientId, c.name, c.ownerEmail, c.scopes.join(' '), when(c.createdAt), when(c.lastUsedAt),
          when(c.lastToolCallAt), c.toolCalls24h, c.revokedAt ? when(c.revokedAt) : 'no'];
      }));
  }

  function fetchSection(token, name) {
    return fetch(API + name, { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) {
          var e = new Error((body && body.message) || 'The server answered ' + res.status + '.');
          e.status = res.status; e.code = body && body.error;
          throw e;
        }
        return body;
      });
    });
  }

  function showError(message) {
    $('data').hidden = true;
    $('error').textContent = message;
    $('signin').hidden = false;
  }

  function load() {
    var token = sessionStorage.getItem(KEY);
    if (!token) { $('signin').hidden = false; $('data').hidden = true; return; }
    $('status').textContent = 'Loading…';
    var names = ['spend', 'tool-calls', 'llm-calls', 'retrievals', 'clients'];
    Promise.all(names.map(function (n) { return fetchSection(token, n); })).then(function (all) {
      $('error').textContent = '';
      renderSpend(all[0]); renderTools(all[1]); renderCalls(all[2]); renderRetrievals(all[3]); renderClients(all[4]);
      $('signin').hidden = true;
      $('data').hidden = false;
      $('status').textContent = 'As of ' + when(all[0].asOf);
    }).catch(function (e) {
      // A refused token is forgotten: nothing of the data may stay on screen.
      if (e.status === 401 || e.status === 403) sessionStorage.removeItem(KEY);
      $('status').textContent = '';
      showError((e.status ? e.status + ' ' : '') + (e.code ? e.code + ': ' : '') + e.message);
    });
  }

  $('signin').addEventListener('submit', function (event) {
    event.preventDefault();
    var token = $('token').value.trim();
    $('token').value = '';
    if (token) sessionStorage.setItem(KEY, token);
    load();
  });
  $('signout').addEventListener('click', function () {
    sessionStorage.removeItem(KEY);
    ['spend', 'tools', 'tool-clients', 'llm-calls', 'retrievals', 'clients'].forEach(function (id) { $(id).textContent = ''; });
    $('status').textContent = '';
    showError('Signed out.');
  });
  $('refresh').addEventListener('click', load);
  load();
})();
`;
