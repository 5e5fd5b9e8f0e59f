// Search as you type: the header's box lists entities as they match, and the paths
// form's A and B boxes offer the same matches. Reading works without this script.
// Every name goes into the page with textContent (never innerHTML): names are case data.
(function () {
  "use strict";

  function debounce(work, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(work, ms); };
  }

  function fetchHits(text, limit) {
    var url = "/api/search?limit=" + limit + "&q=" + encodeURIComponent(text);
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { return data.results || []; });
  }

  function describe(hit) {
    return hit.type + (hit.roles && hit.roles.length ? " · " + hit.roles.join(", ") : "") + " · " + hit.id;
  }

  function suggestions(input, list) {
    var asked = "";
    var update = debounce(function () {
      var text = input.value.trim();
      asked = text;
      if (!text) { list.hidden = true; list.textContent = ""; return; }
      fetchHits(text, 10).then(function (hits) {
        if (asked !== text) return;  // an answer to an older query
        list.textContent = "";
        hits.forEach(function (hit) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = "/entities/" + encodeURIComponent(hit.id);
          link.textContent = hit.name;
          var kind = document.createElement("span");
          kind.className = "type";
          kind.textContent = describe(hit);
          link.appendChild(kind);
          item.appendChild(link);
          list.appendChild(item);
        });
        list.hidden = hits.length === 0;
      });
    }, 120);
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      if (!links.length || list.hidden) return;
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown") { event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
      if (event.key === "Escape") { list.hidden = true; }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown") { event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
      if (event.key === "Escape") { list.hidden = true; input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== input) list.hidden = true;
    });
  }

  function options(input, datalist) {
    var update = debounce(function () {
      var text = input.value.trim();
      if (text.length < 1) return;
      fetchHits(text, 10).then(function (hits) {
        datalist.textContent = "";
        hits.forEach(function (hit) {
          var option = document.createElement("option");
          option.value = hit.id;
          option.label = hit.name + " (" + hit.type + ")";
          option.textContent = hit.name + " (" + hit.type + ")";
          datalist.appendChild(option);
        });
      });
    }, 150);
    input.addEventListener("input", update);
  }

  var box = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (box && list) suggestions(box, list);
  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), function (input) {
    var datalist = document.getElementById(input.getAttribute("data-suggest"));
    if (datalist) options(input, datalist);
  });
})();
