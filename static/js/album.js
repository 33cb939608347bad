/* Tin ảnh: turns an album's list of pictures into a viewer showing one picture at a time, with
   "Ảnh trước" / "Ảnh sau" buttons and the left/right arrow keys. Without this script the page is the
   plain list, each picture linking to the one before and after. */
(function () {
  "use strict";
  function setup(viewer) {
    var items = Array.prototype.slice.call(viewer.querySelectorAll(".album__item"));
    if (items.length < 2) { return; }
    var current = 0;
    // The bar is in the page already (shown by html.js before the first paint): nothing moves when it starts.
    var prev = viewer.querySelector("[data-album-prev]");
    var next = viewer.querySelector("[data-album-next]");
    var status = viewer.querySelector(".album__status");
    if (!prev || !next || !status) { return; }
    viewer.classList.add("album--viewer");
    viewer.setAttribute("tabindex", "-1");

    function show(index, moveHash) {
      current = Math.max(0, Math.min(items.length - 1, index));
      items.forEach(function (item, n) { item.hidden = n !== current; });
      // A button disabled under the keyboard's focus would drop it to the page: keep it in the viewer.
      if ((current === 0 && document.activeElement === prev) ||
          (current === items.length - 1 && document.activeElement === next)) { viewer.focus(); }
      prev.disabled = current === 0;
      next.disabled = current === items.length - 1;
      status.textContent = "Ảnh " + (current + 1) + "/" + items.length;
      if (moveHash && window.history && history.replaceState) {
        history.replaceState(null, "", "#" + items[current].id);
      }
    }
    prev.addEventListener("click", function () { show(current - 1, true); });
    next.addEventListener("click", function () { show(current + 1, true); });
    viewer.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key === "ArrowLeft") { show(current - 1, true); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(current + 1, true); event.preventDefault(); }
    });
    viewer.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("[data-album-step]") : null;
      if (link) { event.preventDefault(); show(current + Number(link.getAttribute("data-album-step")), true); }
    });
    function fromHash() {
      var found = items.findIndex(function (item) { return "#" + item.id === window.location.hash; });
      return found < 0 ? 0 : found;
    }
    window.addEventListener("hashchange", function () { show(fromHash(), false); });
    show(fromHash(), false);
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-album-viewer]"), setup);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
