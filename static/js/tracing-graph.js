// The transmission graph of a case: F0 in the middle, F1, F2, ... in rings around it.
// Data comes from the json_script tag "tracing-graph-data" (nodes, edges); the table
// below the graph lists the same contacts, so the page works without this script.
// Cytoscape prepends an inline <style> unless an element with its stylesheet id exists;
// the CSP forbids inline styles, so a marker takes that id and the container gets
// position: relative through the CSSOM instead.
(function () {
  "use strict";
  const container = document.getElementById("tracing-graph");
  const source = document.getElementById("tracing-graph-data");
  if (!container || !source || typeof window.cytoscape !== "function") return;

  const STYLESHEET_ID = "__________cytoscape_stylesheet";
  if (!document.getElementById(STYLESHEET_ID)) {
    const marker = document.createElement("meta");
    marker.id = STYLESHEET_ID;
    document.head.appendChild(marker);
  }
  container.style.position = "relative";
  container.style.height = "28rem";
  container.style.border = "1px solid #c8c8c8";
  container.style.borderRadius = "8px";

  const data = JSON.parse(source.textContent);
  const COLOURS = ["#a4161a", "#b85c00", "#0b4f8a", "#0a6b2d", "#5a3d8a", "#4a4a4a"];
  const elements = [];
  data.nodes.forEach(function (node) {
    elements.push({ group: "nodes", data: { id: node.id, label: node.label, level: node.level } });
  });
  data.edges.forEach(function (edge) {
    elements.push({
      group: "edges",
      data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label },
    });
  });

  // Labels never overlap: node labels are counted in each node's size when the rings
  // are laid out (nodeDimensionsIncludeLabels), and the edges' labels (the gate code)
  // are drawn only for the edge or person under the pointer or finger; the table
  // below lists every contact's gate.
  const cy = window.cytoscape({
    container: container,
    elements: elements,
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 1.5, // a small graph is not blown up to fill the box
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-size": 11,
          "text-valign": "bottom",
          "text-margin-y": 4,
          "text-wrap": "wrap",
          "text-max-width": 110,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.85,
          "text-background-padding": 1,
          width: 18,
          height: 18,
          "background-color": function (ele) {
            return COLOURS[Math.min(ele.data("level"), COLOURS.length - 1)];
          },
        },
      },
      { selector: "node[level = 0]", style: { width: 30, height: 30, shape: "star" } },
      {
        selector: "edge",
        style: {
          width: 1.5,
          "line-color": "#767676",
          "target-arrow-color": "#767676",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
          "font-size": 10,
          color: "#1a1a1a",
          "text-rotation": "autorotate",
          "text-background-color": "#ffffff",
          "text-background-opacity": 1,
          "text-background-padding": 2,
        },
      },
      {
        selector: "edge.shown",
        style: { label: "data(label)", width: 3, "line-color": "#0b4f8a", "z-index": 10 },
      },
    ],
    layout: {
      name: "concentric",
      concentric: function (node) {
        return 10 - node.data("level");
      },
      levelWidth: function () {
        return 1;
      },
      nodeDimensionsIncludeLabels: true,
      avoidOverlap: true,
      minNodeSpacing: 12,
      animate: false,
    },
  });

  // The gate of an edge: on the edge under the pointer, or the edges of a person.
  function show(collection) {
    cy.edges(".shown").removeClass("shown");
    if (collection) collection.addClass("shown");
  }
  cy.on("mouseover tap", "edge", function (event) {
    show(event.target);
  });
  cy.on("mouseover tap", "node", function (event) {
    show(event.target.connectedEdges());
  });
  cy.on("mouseout", "edge, node", function () {
    show(null);
  });
  cy.on("tap", function (event) {
    if (event.target === cy) show(null);
  });
  container.dataset.ready = "true";
  container.dataset.nodes = String(cy.nodes().length);
})();
