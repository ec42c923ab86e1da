/* traction: the HTML slide view. Without this script the slides read as a
 * page; with it, one slide at a time: arrow keys, Page Up/Down, space, Home,
 * End, swipe, and the slide number in the URL hash (#3). First-party, no CDN. */
(function () {
  "use strict";
  var deck = document.querySelector("[data-deck]");
  if (!deck) return;
  var slides = Array.prototype.slice.call(deck.querySelectorAll("section.slide"));
  if (!slides.length) return;
  var controls = deck.querySelector(".deck-controls");
  var counter = deck.querySelector("[data-current]");
  var current = 0;

  function fromHash() {
    var m = /^#(?:slide-)?(\d+)$/.exec(location.hash);
    var n = m ? parseInt(m[1], 10) - 1 : 0;
    return Math.min(Math.max(n, 0), slides.length - 1);
  }

  function show(n, push) {
    current = Math.min(Math.max(n, 0), slides.length - 1);
    slides.forEach(function (s, k) {
      var on = k === current;
      s.classList.toggle("is-current", on);
      s.setAttribute("aria-hidden", on ? "false" : "true");
    });
    if (counter) counter.textContent = String(current + 1);
    if (push) slides[current].scrollIntoView({ block: "nearest" });
    var hash = "#" + (current + 1);
    if (location.hash !== hash) {
      if (push) history.pushState(null, "", hash);
      else history.replaceState(null, "", hash);
    }
  }

  deck.classList.add("deck-js");
  if (controls) controls.hidden = false;
  show(fromHash(), false);

  deck.querySelector("[data-prev]").addEventListener("click", function () { show(current - 1, true); });
  deck.querySelector("[data-next]").addEventListener("click", function () { show(current + 1, true); });
  window.addEventListener("hashchange", function () { show(fromHash(), false); });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var next = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 }[e.key];
    if (e.key === " " && e.shiftKey) next = -1;
    if (next) show(current + next, true);
    else if (e.key === "Home") show(0, true);
    else if (e.key === "End") show(slides.length - 1, true);
    else return;
    e.preventDefault();
  });
  var startX = null, startY = null;
  deck.addEventListener("touchstart", function (e) {
    if (e.touches.length === 1) { startX = e.touches[0].clientX; startY = e.touches[0].clientY; }
  }, { passive: true });
  deck.addEventListener("touchend", function (e) {
    if (startX === null) return;
    var dx = e.changedTouches[0].clientX - startX, dy = e.changedTouches[0].clientY - startY;
    startX = null;
    if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) show(current + (dx < 0 ? 1 : -1), true);
  }, { passive: true });
})();
