// The npm package's UMD build leaves ProseMirror out (its CDN-only "all" build bundles it in).
// Bundled from here, the editor and ProseMirror become one file that sets window.toastui.Editor,
// which is also where the package's UMD language files (dist/i18n/*.js) look for it.
window.toastui = window.toastui || {};
window.toastui.Editor = require("@toast-ui/editor");
