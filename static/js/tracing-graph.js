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
          "text-max-width": 120,
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
          label: "data(label)",
          "font-size": 9,
          color: "#4a4a4a",
          "text-rotation": "autorotate",
          "text-background-color": "#ffffff",
          "text-background-opacity": 1,
        },
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
      minNodeSpacing: 30,
      animate: false,
    },
  });
  container.dataset.ready = "true";
  container.dataset.nodes = String(cy.nodes().length);
})();
