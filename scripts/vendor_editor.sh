#!/bin/sh
# Install Toast UI Editor from npm (exact versions from scripts/editor/package-lock.json) and copy
# the built files the edit pages load into registry/static/vendor/toastui-editor/. The copied
# files are committed, so running Lamppu needs no Node and no build step; run this only to
# update the editor (change the version in scripts/editor/package.json, `npm install
# --package-lock-only` there, then run this and commit the result).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src="$here/editor"
dest="$here/../registry/static/vendor/toastui-editor"
pkg="$src/node_modules/@toast-ui/editor"

cd "$src"
npm ci --no-audit --no-fund

# The npm package has no all-in-one build: join its UMD build with ProseMirror (entry.js).
rm -rf "$dest"
mkdir -p "$dest"
npx --no-install esbuild entry.js --bundle --minify --format=iife --platform=browser \
    --target=es2019 --legal-comments=none --log-level=warning --outfile="$dest/toastui-editor-all.min.js"
cp "$pkg/dist/toastui-editor.css" "$dest/toastui-editor.css"
cp "$pkg/dist/i18n/fi-fi.js" "$dest/fi-fi.js"

version=$(node -p "require('$pkg/package.json').version")
license=$(node -p "require('$pkg/package.json').license")
bundled="orderedmap prosemirror-commands prosemirror-history prosemirror-inputrules prosemirror-keymap
prosemirror-model prosemirror-state prosemirror-transform prosemirror-view rope-sequence w3c-keyname dompurify"

{
    echo "@toast-ui/editor $version ($license), https://github.com/nhn/tui.editor"
    echo "Installed from the npm registry by scripts/vendor_editor.sh with scripts/editor/package-lock.json."
    echo
    echo "toastui-editor-all.min.js  dist/toastui-editor.js bundled with its dependencies (esbuild, scripts/editor/entry.js)"
    echo "toastui-editor.css         dist/toastui-editor.css"
    echo "fi-fi.js                   dist/i18n/fi-fi.js (Finnish labels)"
    echo
    echo "Bundled dependencies:"
    for name in $bundled; do
        echo "  $name $(node -p "require('$src/node_modules/$name/package.json').version") ($(node -p "require('$src/node_modules/$name/package.json').license"))"
    done
} > "$dest/VERSION.txt"

{
    echo "@toast-ui/editor $version"
    echo "======================================================================"
    cat "$src/toastui-editor.LICENSE"
    for name in $bundled; do
        echo
        echo "$name (bundled into toastui-editor-all.min.js)"
        echo "======================================================================"
        cat "$src/node_modules/$name/LICENSE"
    done
} > "$dest/LICENSE"

ls -l "$dest"
