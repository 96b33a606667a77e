// Selecting a passage of a document's text quotes it in the change request form beside it.
(function () {
  "use strict";
  var MAX_QUOTE = 1000;

  function init() {
    var body = document.querySelector(".doc-body");
    var form = document.querySelector(".change-request-form");
    if (!body || !form) {
      return;
    }
    var anchor = form.querySelector("textarea[name='anchor']");
    var details = form.closest("details");
    body.addEventListener("mouseup", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) {
        return;
      }
      var range = selection.getRangeAt(0);
      if (!body.contains(range.commonAncestorContainer) || form.contains(range.commonAncestorContainer)) {
        return;
      }
      var text = selection.toString().replace(/\s+/g, " ").trim();
      if (!text) {
        return;
      }
      anchor.value = text.slice(0, MAX_QUOTE);
      if (details) {
        details.open = true;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
