/* Progressive enhancement for meldingen: the pages work without this file. */
(function () {
  "use strict";

  function setLocation(lat, lon, label) {
    var latInput = document.querySelector("input[name=latitude]");
    var lonInput = document.querySelector("input[name=longitude]");
    if (!latInput) { return; }
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    var status = document.getElementById("location-status");
    var address = document.querySelector("input[name=address]");
    var url = document.getElementById("melding-map").dataset.addressUrl;
    fetch(url + "?lat=" + lat + "&lon=" + lon, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var found = body.results && body.results[0];
        if (address) { address.value = label || (found ? found.label : ""); }
        if (status) { status.textContent = "Gekozen plaats: " + (label || (found ? found.label : lat.toFixed(5) + ", " + lon.toFixed(5))); }
        document.body.dispatchEvent(new Event("location-set"));
      })
      .catch(function () {
        if (status) { status.textContent = "Gekozen plaats: " + lat.toFixed(5) + ", " + lon.toFixed(5); }
      });
  }

  function initMap(element) {
    if (typeof L === "undefined") { return; }
    element.hidden = false;
    var data = element.dataset;
    var centre = [parseFloat(data.lat), parseFloat(data.lon)];
    var map = L.map(element, { scrollWheelZoom: false }).setView(centre, data.mode === "single" ? 17 : 14);
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
    var style = { radius: 7, color: "#1a1a1a", weight: 2, fillColor: "#b35a00", fillOpacity: 0.9 };
    var frame = function (bounds) {  // every point in view, not cut off at the edge
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 }); }
    };
    if (data.mode === "single") {
      L.circleMarker(centre, style).addTo(map);
    } else if (data.mode === "points") {
      var points = JSON.parse(document.getElementById("melding-points").textContent);
      points.forEach(function (p) {
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.label;
        L.circleMarker([p.lat, p.lon], style).addTo(map).bindPopup(link);
      });
      frame(L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; })));
    } else if (data.mode === "public") {
      fetch(data.source).then(function (r) { return r.json(); }).then(function (body) {
        var layer = L.featureGroup();
        body.points.forEach(function (p) {
          var text = document.createElement("span");
          text.textContent = body.categories[p[3]] + " · " + body.states[p[4]] + " · " + p[5];
          L.circleMarker([p[2] / body.scale, p[1] / body.scale], style).bindPopup(text).addTo(layer);
        });
        layer.addTo(map);
        frame(layer.getBounds());
      });
    } else if (data.mode === "pick") {
      var marker = null;
      var place = function (lat, lon, label) {
        if (marker) { marker.setLatLng([lat, lon]); } else { marker = L.circleMarker([lat, lon], style).addTo(map); }
        setLocation(lat, lon, label);
      };
      var latInput = document.querySelector("input[name=latitude]");
      var lonInput = document.querySelector("input[name=longitude]");
      if (latInput.value && lonInput.value) {
        marker = L.circleMarker([parseFloat(latInput.value), parseFloat(lonInput.value)], style).addTo(map);
        map.setView([parseFloat(latInput.value), parseFloat(lonInput.value)], 17);
      }
      map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng); });
      var tools = document.querySelector(".meldingen-map-tools");
      if (tools) { tools.hidden = false; }
      var button = document.getElementById("use-position");
      if (button && navigator.geolocation) {
        button.addEventListener("click", function () {
          navigator.geolocation.getCurrentPosition(function (position) {
            place(position.coords.latitude, position.coords.longitude);
            map.setView([position.coords.latitude, position.coords.longitude], 17);
          }, function () {
            var status = document.getElementById("location-status");
            if (status) { status.textContent = "Uw locatie is niet beschikbaar. Zoek een adres of klik op de kaart."; }
          });
        });
      } else if (button) {
        button.hidden = true;
      }
      var address = document.querySelector("input[name=address]");
      if (address) {
        address.addEventListener("input", function () {
          latInput.value = "";
          lonInput.value = "";
          if (marker) { map.removeLayer(marker); marker = null; }
        });
      }
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-category]");
    if (!button) { return; }
    var select = document.getElementById("id_category");
    if (select) {
      select.value = button.dataset.category;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      select.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("melding-map");
    if (element) { initMap(element); }
  });
})();
