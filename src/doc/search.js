// The search box: filters the index above (TREATY_SEARCH: title, page, kind,
// text) as the reader types. Runs from the file system: no request is made.
(function () {
  "use strict";
  function ready() {
    var input = document.getElementById("search");
    var list = document.getElementById("search-results");
    if (!input || !list) { return; }
    var root = document.body.getAttribute("data-root") || "";
    var form = input.form;
    function show() {
      var words = input.value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (words.length === 0) { return; }
      var found = 0;
      for (var i = 0; i < TREATY_SEARCH.length && found < 25; i++) {
        var e = TREATY_SEARCH[i];
        var hay = (e[0] + " " + e[3]).toLowerCase();
        var all = words.every(function (w) { return hay.indexOf(w) >= 0; });
        if (!all) { continue; }
        found++;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + e[1];
        a.textContent = e[0];
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = e[2];
        li.appendChild(a);
        li.appendChild(kind);
        list.appendChild(li);
      }
      if (found === 0) {
        var none = document.createElement("li");
        none.textContent = "Nothing in the treaty contains " + input.value;
        list.appendChild(none);
      }
    }
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { input.value = ""; show(); }
      if (ev.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) { ev.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (at < 0) { return; }
      if (ev.key === "ArrowDown" && at + 1 < links.length) { ev.preventDefault(); links[at + 1].focus(); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); if (at > 0) { links[at - 1].focus(); } else { input.focus(); } }
    });
    if (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var first = list.querySelector("a");
        if (first) { window.location.href = first.href; }
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
}());
