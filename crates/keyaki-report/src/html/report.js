(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('keyaki-data').textContent);
  var severities = ['critical', 'high', 'medium', 'low', 'informational'];
  var body = document.getElementById('rows');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  var rows = data.findings.map(function (f) {
    var severity = severities.indexOf(f.severity) >= 0 ? f.severity : 'unknown';
    var tr = el('tr', 'finding sev-' + severity);
    tr.setAttribute('data-id', String(f.id));
    tr.appendChild(el('td', 'severity', f.severity));
    tr.appendChild(el('td', 'rule', f.rule_id));
    tr.appendChild(el('td', 'title', f.title));
    tr.appendChild(el('td', 'resource', f.resource_arn));
    tr.appendChild(el('td', 'account', f.account || ''));
    tr.appendChild(el('td', 'region', f.region || ''));
    var cell = el('td', 'details');
    var details = el('details');
    details.appendChild(el('summary', null, 'evidence'));
    var remediation = f.remediation || {};
    if (remediation.text) { details.appendChild(el('p', 'fix', 'Fix: ' + remediation.text)); }
    if (remediation.cli) { details.appendChild(el('pre', 'cli', remediation.cli)); }
    var compliance = (f.compliance || []).map(function (c) { return c.framework + ' ' + c.requirement; });
    if (compliance.length) { details.appendChild(el('p', 'compliance', 'Requirements: ' + compliance.join(', '))); }
    details.appendChild(el('pre', 'evidence', JSON.stringify(f.evidence, null, 2)));
    details.appendChild(el('p', 'id', 'Finding id: ' + f.id));
    cell.appendChild(details);
    tr.appendChild(cell);
    body.appendChild(tr);
    var text = [f.id, f.rule_id, f.title, f.severity, f.resource_arn, f.account || '', f.region || '',
      remediation.text || '', remediation.cli || '', compliance.join(' '), JSON.stringify(f.evidence)]
      .join('\n').toLowerCase();
    return { tr: tr, f: f, text: text };
  });

  function distinct(key) {
    var seen = {};
    var out = [];
    data.findings.forEach(function (f) {
      var v = f[key];
      if (v && !Object.prototype.hasOwnProperty.call(seen, v)) { seen[v] = true; out.push(String(v)); }
    });
    return out.sort();
  }

  var filters = {
    severity: document.getElementById('f-severity'),
    rule_id: document.getElementById('f-rule'),
    account: document.getElementById('f-account'),
    region: document.getElementById('f-region')
  };
  var present = distinct('severity');
  var choices = {
    severity: severities.filter(function (s) { return present.indexOf(s) >= 0; }),
    rule_id: distinct('rule_id'),
    account: distinct('account'),
    region: distinct('region')
  };
  Object.keys(filters).forEach(function (key) {
    choices[key].forEach(function (v) { filters[key].appendChild(new Option(v, v)); });
    filters[key].addEventListener('change', apply);
  });
  var search = document.getElementById('f-text');
  search.addEventListener('input', apply);

  function apply() {
    var q = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = Object.keys(filters).every(function (key) {
        var want = filters[key].value;
        return !want || String(r.f[key] || '') === want;
      }) && (!q || r.text.indexOf(q) >= 0);
      r.tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById('shown').textContent =
      shown + ' of ' + rows.length + (rows.length === 1 ? ' finding' : ' findings') + ' shown';
  }
  apply();
}());
