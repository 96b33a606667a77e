// The npm package's UMD build leaves ProseMirror out (its CDN-only "all" build bundles it in).
// Bundled from here, the editor and ProseMirror become one file that sets window.toastui.Editor,
// which is also where the package's UMD language files (dist/i18n/*.js) look for it.
// The editor has no undo/redo commands for a toolbar button; ProseMirror's history (the same
// module instance the editor's own history plugin uses) provides them as window.toastui.history.
var history = require("prosemirror-history");

window.toastui = window.toastui || {};
window.toastui.Editor = require("@toast-ui/editor");
window.toastui.history = { undo: history.undo, redo: history.redo };
