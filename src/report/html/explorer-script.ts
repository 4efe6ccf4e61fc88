// The explorer's browser code (plain JS, inlined into report.html): a tree of public histories
// built lazily as nodes are opened, since merged histories make the full tree exponential.
export const EXPLORER_SCRIPT = String.raw`
(function () {
  var el = document.getElementById("explorer-data");
  if (!el || !document.getElementById("explorer")) return;
  var ALL = JSON.parse(el.textContent);
  var D, n, m, host = document.getElementById("explorer");
  var pick = h("select", { id: "explorer-mechanism" });
  ALL.forEach(function (x, k) { pick.append(h("option", { value: String(k) }, [x.mechanism])); });
  var holder = h("div");
  host.append(h("p", {}, ["Mechanism: ", pick]), holder);
  pick.addEventListener("change", function () { show(Number(pick.value)); });
  show(0);
  function show(k) {
    D = ALL[k].data; n = D.agents; m = D.goods;
    holder.replaceChildren();
    render(holder);
  }
  function fmt(x) { var s = Number(x).toFixed(4); return s === "-0.0000" ? "0.0000" : s; }
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    (kids || []).forEach(function (c) { e.append(c); });
    return e;
  }
  function per(v) { // one agent's report or consumption per good: "2" or "(2,1)"
    return m === 1 ? String(v[0]) : "(" + v.join(",") + ")";
  }
  function agents(v) { var out = []; for (var i = 0; i < n; i++) out.push(per(v.slice(i * m, i * m + m))); return out.join(", "); }
  function allocText(a) {
    var parts = [];
    for (var j = 0; j < m; j++) {
      var g = [];
      for (var i = 0; i <= n; i++) { var p = a[j * (n + 1) + i]; if (p > 1e-9) g.push((i === n ? "nobody" : "agent " + i) + " " + fmt(p)); }
      parts.push((m > 1 ? "good " + j + ": " : "") + g.join(", "));
    }
    return parts.join("; ");
  }
  function devText(d) {
    return (d.firstDeparture ? "" : "after an earlier lie, ") + "agent " + d.agent + ", true value " + per(d.ownValues) + " (consumed " + per(d.ownConsumed) +
      " so far), reports " + per(d.bestReport) + " instead of " + per(d.truthfulReport) +
      ": gains " + fmt(d.gain) + " in expected discounted utility (this period and after); the deviation reaches this decision with probability " + fmt(d.reach);
  }
  // This period's part of a deviation's gain: the deviator's expected allocation and payment
  // with each of the two reports, against the other agents' truthful reports at this node.
  function periodText(node, d) {
    var others = {}, rowsBy = {};
    node.rows.forEach(function (r) {
      var o = r.reports.slice(0, d.agent * m).concat(r.reports.slice(d.agent * m + m)).join(",");
      others[o] = (others[o] || 0) + r.truthful;
      rowsBy[r.reports.slice(d.agent * m, d.agent * m + m).join(",") + "|" + o] = r;
    });
    function expect(own) {
      var win = 0, pay = 0, mass = 0;
      for (var o in others) {
        var r = rowsBy[own.join(",") + "|" + o];
        if (!r || !others[o]) continue;
        mass += others[o];
        for (var j = 0; j < m; j++) win += others[o] * r.alloc[j * (n + 1) + d.agent];
        pay += others[o] * r.payments[d.agent];
      }
      return mass > 0 ? "gets " + fmt(win / mass) + " goods in expectation and pays " + fmt(pay / mass) : "(not shown at this node)";
    }
    return "This period, against the others' truthful reports here: reporting " + per(d.truthfulReport) + " " + expect(d.truthfulReport) +
      "; reporting " + per(d.bestReport) + " " + expect(d.bestReport) + ". The rest of the gain comes from later periods.";
  }
  function fill(det) {
    if (det.dataset.filled) return;
    det.dataset.filled = "1";
    var node = D.nodes[Number(det.dataset.node)];
    var body = h("div", { class: "node-body" });
    node.deviations.forEach(function (d) { body.append(h("p", { class: "dev" }, ["Best response deviates here: " + devText(d) + ". " + periodText(node, d)])); });
    if (node.cut) body.append(h("p", { class: "note" }, ["The graph was cut after " + D.nodes.length + " nodes: some branches below lead nowhere."]));
    var tbl = h("table", { class: "rows" });
    tbl.append(h("tr", {}, [h("th", {}, ["reports (agent 0, 1, …)"]), h("th", {}, ["P(profile | here), truthful"]), h("th", {}, ["allocation"]), h("th", {}, ["payments"]), h("th", {}, ["next"])]));
    node.rows.forEach(function (r) {
      var cls = r.truthful > 0 ? "on" : "off";
      var next = h("td", { class: "next" });
      r.edges.forEach(function (e) {
        var label = "consumed " + agents(e.consumption) + " (prob. " + fmt(e.q) + ")";
        if (e.node === null) { next.append(h("div", {}, [label + (node.period + 1 >= D.horizon ? " — end" : " — cut")])); return; }
        next.append(nodeDetails(e.node, "[" + r.reports.join(",") + "→" + e.consumption.join(",") + "] " + label));
      });
      tbl.append(h("tr", { class: cls }, [h("td", {}, [agents(r.reports)]), h("td", {}, [fmt(r.truthful)]), h("td", {}, [allocText(r.alloc)]), h("td", {}, [r.payments.map(fmt).join(", ")]), next]));
    });
    body.append(tbl);
    det.append(body);
  }
  function nodeDetails(id, label) {
    var node = D.nodes[id];
    var flag = node.deviations.length ? " ⚑ best response deviates here" : "";
    var det = h("details", { class: "node", "data-node": String(id), "data-edge": label.split(" ")[0] });
    det.append(h("summary", {}, [label + " · period " + node.period + " · truthful reach " + fmt(node.reach) + flag]));
    det.addEventListener("toggle", function () { if (det.open) fill(det); });
    return det;
  }
  function openPath(history) {
    var det = holder.querySelector("details.node");
    fill(det); det.open = true;
    var steps = history.match(/\[[^\]]*\]/g) || [];
    for (var k = 0; k < steps.length && det; k++) {
      var next = Array.prototype.find.call(det.querySelectorAll(":scope > .node-body > table > tr > td > details.node, :scope > .node-body > table > tbody > tr > td > details.node"), function (d) { return d.dataset.edge === steps[k]; });
      if (!next) return null;
      fill(next); next.open = true; det = next;
    }
    return det;
  }
  function render(host) {
  var all = [];
  D.nodes.forEach(function (node) { node.deviations.forEach(function (d) { all.push(d); }); });
  D.unplaced.forEach(function (d) { all.push(d); });
  all.sort(function (a, b) { return b.reach * b.gain - a.reach * a.gain; });
  function devList(ds) {
    var list = h("ol", { class: "devs" });
    ds.slice(0, 20).forEach(function (d) {
      var a = h("a", { href: "#explorer" }, [(d.history || "(first period)") + " — " + devText(d)]);
      a.addEventListener("click", function (ev) { ev.preventDefault(); var t = openPath(d.history); if (t) { t.scrollIntoView({ block: "center" }); t.classList.add("flash"); } });
      list.append(h("li", {}, [a]));
    });
    return list;
  }
  var first = all.filter(function (d) { return d.firstDeparture !== false; });
  var later = all.filter(function (d) { return d.firstDeparture === false; });
  host.append(h("h3", {}, ["Where a truthful agent's best response first lies (largest reach × gain first)"]));
  host.append(h("p", { class: "note" }, ["Decisions where an agent that has reported truthfully so far gains by lying (the gain includes its best continuation). Exploitability is positive exactly when such a decision is reached."]));
  host.append(first.length ? devList(first) : h("p", {}, ["Nowhere (beyond 10⁻⁹): truthful reporting is a best response for every agent at every history it reaches."]));
  if (later.length) {
    host.append(h("h3", {}, ["Where the best response continues an earlier lie"]));
    host.append(h("p", { class: "note" }, ["Off the truthful path: the gain compares continuing the lie with turning truthful now, which the mechanism may punish; it is not a gain over truthful reporting."]));
    host.append(devList(later));
  }
  host.append(h("h3", {}, ["Public histories"]));
  var root = nodeDetails(0, "start");
  host.append(root);
  }
})();
`;
