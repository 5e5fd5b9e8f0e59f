// Draws an encircle view from the JSON in #view-data. Every text goes into the page
// with textContent (never innerHTML): names and sources come from case files.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("view-data").textContent);

  function text(tag, value, className) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (className) element.className = className;
    return element;
  }

  function svg(tag, attributes) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, String(attributes[key])); });
    return element;
  }

  function polygon(sides, rotation) {
    var points = [];
    for (var i = 0; i < sides; i++) {
      var angle = rotation + (2 * Math.PI * i) / sides;
      points.push((8 + 6.5 * Math.cos(angle)).toFixed(1) + "," + (8 + 6.5 * Math.sin(angle)).toFixed(1));
    }
    return svg("polygon", { points: points.join(" ") });
  }

  function symbol(shape, colour, dashes) {
    var box = svg("svg", { width: 22, height: 16, viewBox: "0 0 22 16" });
    var mark;
    if (shape === "line") {
      mark = svg("line", { x1: 1, y1: 8, x2: 21, y2: 8, stroke: colour, "stroke-width": 3 });
      if (dashes) mark.setAttribute("stroke-dasharray", dashes.join(" "));
    } else {
      if (shape === "square" || shape === "box") mark = svg("rect", { x: 2.5, y: 2.5, width: 11, height: 11 });
      else if (shape === "triangle") mark = polygon(3, -Math.PI / 2);
      else if (shape === "triangleDown") mark = polygon(3, Math.PI / 2);
      else if (shape === "diamond") mark = polygon(4, 0);
      else if (shape === "hexagon") mark = polygon(6, 0);
      else mark = svg("circle", { cx: 8, cy: 8, r: 6 });
      mark.setAttribute("fill", colour);
      mark.setAttribute("stroke", "#555");
    }
    box.appendChild(mark);
    return box;
  }

  function legend(spec) {
    var aside = document.getElementById("view-legend");
    function section(title, items, draw) {
      if (!items || !items.length) return;
      aside.appendChild(text("h2", title));
      items.forEach(function (item) {
        var row = document.createElement("div");
        row.appendChild(draw(item));
        row.appendChild(text("span", item.label));
        aside.appendChild(row);
      });
    }
    section("Entities", spec.entity_types, function (i) { return symbol(i.shape, i.color); });
    section("Roles", spec.roles, function (i) { return symbol("dot", i.color); });
    section("Relations", spec.relation_types, function (i) { return symbol("line", i.color); });
    section("Evidence", spec.statuses, function (i) { return symbol("line", "#444", i.dashes || null); });
    (spec.notes || []).forEach(function (note) { aside.appendChild(text("p", note)); });
  }

  // vis-network shows a title string as text; an element makes that explicit.
  function tooltip(value) { return value ? text("div", value, "encircle-tip") : undefined; }

  document.getElementById("view-title").textContent = data.title || "encircle view";
  document.getElementById("view-summary").textContent = data.summary || "";
  legend(data.legend || {});
  data.nodes.forEach(function (node) { node.title = tooltip(node.title); });
  data.edges.forEach(function (edge) { edge.title = tooltip(edge.title); });

  // A crowded view labels its most relevant nodes at first (Python marks the rest
  // `minor`); the others show their labels once zoomed in far enough to read them, and
  // the labelled ones grow as the view zooms out so they stay legible.
  var MINOR_SCALE = 0.9;
  var minor = [], major = [];
  data.nodes.forEach(function (node) {
    if (node.minor) {
      minor.push({ id: node.id, label: node.label });
      node.label = "";
    } else if (!node.collapsed && node.font) {
      major.push({ id: node.id, font: node.font });
    }
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("view-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var view = { network: network, nodes: nodes, edges: edges, settled: false, settledMs: null };
  window.encircleView = view;

  var shown = { minor: false, grow: 1 };
  function relabel() {
    if (!minor.length) return;
    var scale = network.getScale();
    var showMinor = scale >= MINOR_SCALE;
    if (showMinor !== shown.minor) {
      shown.minor = showMinor;
      nodes.update(minor.map(function (n) { return { id: n.id, label: showMinor ? n.label : "" }; }));
    }
    var grow = Math.min(3, Math.max(1, Math.round(2 / scale) / 2));  // steps of 0.5
    if (grow !== shown.grow) {
      shown.grow = grow;
      nodes.update(major.map(function (n) {
        return { id: n.id, font: Object.assign({}, n.font, { size: Math.round(n.font.size * grow) }) };
      }));
    }
  }
  view.relabel = relabel;
  network.on("zoom", relabel);
  // Physics is off and positions are precomputed: the first frame drawn is the final one.
  network.once("afterDrawing", function () {
    view.settledMs = performance.now();
    view.settled = true;
    document.body.setAttribute("data-settled", "true");
    relabel();
  });
})();
