// Site search. The index (search-index.js, written by `traction build` for this
// edition only) is a script rather than JSON because browsers refuse fetch()
// over file://; it is loaded on first use, so pages that nobody searches from
// never download it. No network beyond this site's own files.
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  if (!form) return;
  var input = form.querySelector("input");
  var box = document.getElementById("site-search-results");
  var indexUrl = new URL(form.getAttribute("data-index"), document.baseURI);
  var root = new URL(".", indexUrl);
  var pages = null;
  var loading = false;
  var MAX_RESULTS = 10;

  form.hidden = false;
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = box.querySelector("a");
    if (first) first.click();
  });

  function load() {
    if (pages || loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = indexUrl.href;
    s.onload = function () {
      var data = window.tractionSearchIndex || { pages: [] };
      pages = data.pages.map(function (p) {
        return { url: p.u, title: p.t, section: p.s, text: p.x,
                 lowTitle: p.t.toLowerCase(), lowText: p.x.toLowerCase() };
      });
      search();
    };
    s.onerror = function () {
      loading = false;
      show([], "Search is not available: the index could not be loaded.");
    };
    document.head.appendChild(s);
  }

  // Where a result opens: the site's URL, with index.html added over file://
  // (no server there turns a folder into its page).
  function href(url) {
    var u = new URL(url, root);
    if (u.protocol === "file:" && u.pathname.slice(-1) === "/") u.pathname += "index.html";
    return u.href;
  }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  // Every word must occur; words in the title and the whole query as a phrase count most.
  function score(page, words, phrase) {
    var total = page.lowText.indexOf(phrase) >= 0 || page.lowTitle.indexOf(phrase) >= 0 ? 5 : 0;
    for (var i = 0; i < words.length; i++) {
      var inTitle = page.lowTitle.indexOf(words[i]) >= 0;
      var inText = page.lowText.indexOf(words[i]) >= 0;
      if (!inTitle && !inText) return 0;
      total += (inTitle ? 10 : 0) + (inText ? 1 : 0);
    }
    return total;
  }

  // About 160 characters of text around the first match, cut at spaces.
  function excerpt(page, words) {
    var text = page.text;
    var low = page.lowText.length === text.length ? page.lowText : text;
    var at = -1;
    for (var i = 0; i < words.length && at < 0; i++) at = low.indexOf(words[i]);
    if (at < 0) at = 0;
    var start = Math.max(0, at - 60);
    var end = Math.min(text.length, at + 100);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
    if (end < text.length) { var ep = text.lastIndexOf(" ", end); if (ep > at) end = ep; }
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  // Text with every search word marked, built as nodes (never as HTML).
  function marked(text, words) {
    var frag = document.createDocumentFragment();
    var low = text.toLowerCase();
    if (low.length !== text.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var pos = 0;
    while (pos < text.length) {
      var best = -1, len = 0;
      for (var i = 0; i < words.length; i++) {
        var j = low.indexOf(words[i], pos);
        if (j >= 0 && (best < 0 || j < best || (j === best && words[i].length > len))) { best = j; len = words[i].length; }
      }
      if (best < 0) break;
      frag.appendChild(document.createTextNode(text.slice(pos, best)));
      var m = document.createElement("mark");
      m.textContent = text.slice(best, best + len);
      frag.appendChild(m);
      pos = best + len;
    }
    frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  function show(results, message, words) {
    box.textContent = "";
    var status = document.createElement("p");
    status.className = "site-search-status";
    status.setAttribute("role", "status");
    status.textContent = message;
    box.appendChild(status);
    if (results.length) {
      var list = document.createElement("ol");
      results.forEach(function (page) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = href(page.url);
        var title = document.createElement("span");
        title.className = "site-search-title";
        title.appendChild(marked(page.title, words));
        a.appendChild(title);
        if (page.section) {
          var section = document.createElement("span");
          section.className = "site-search-section";
          section.textContent = page.section;
          a.appendChild(section);
        }
        var p = document.createElement("span");
        p.className = "site-search-excerpt";
        p.appendChild(marked(excerpt(page, words), words));
        a.appendChild(p);
        li.appendChild(a);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    // Open toward the side with room: the box sits left or right as the header wraps.
    var r = form.getBoundingClientRect();
    form.classList.toggle("opens-right", r.left + r.width / 2 < window.innerWidth / 2);
    box.hidden = false;
  }

  function search() {
    var words = terms(input.value);
    if (!words.length) { box.hidden = true; box.textContent = ""; return; }
    if (!pages) { load(); show([], "Loading the search index…", words); return; }
    var found = [];
    var phrase = words.join(" ");
    for (var i = 0; i < pages.length; i++) {
      var s = score(pages[i], words, phrase);
      if (s > 0) found.push({ page: pages[i], score: s, order: i });
    }
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    var shown = found.slice(0, MAX_RESULTS).map(function (f) { return f.page; });
    var message = found.length === 0 ? "No page matches “" + input.value.trim() + "”."
      : found.length + (found.length === 1 ? " page matches" : " pages match")
        + (found.length > MAX_RESULTS ? "; the first " + MAX_RESULTS + " are shown." : ".");
    show(shown, message, words);
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; search(); input.blur(); }
    if (e.key === "ArrowDown") {
      var first = box.querySelector("a");
      if (first) { e.preventDefault(); first.focus(); }
    }
  });
  box.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(box.querySelectorAll("a"));
    var i = links.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    if (e.key === "Escape") { input.focus(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", function (e) {
    if (!form.contains(e.target)) box.hidden = true;
  });
})();
