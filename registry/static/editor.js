// The visual editor for a draft's body (optional: without this script the plain textarea works).
// A textarea marked data-editor is hidden and replaced by Toast UI Editor; the Markdown it
// produces is copied back into the textarea when the form is sent. Image attachments are
// stored as `attachment:NAME` references and shown in the editor through their URLs.
(function () {
  "use strict";
  var IMAGE_SCHEME = "attachment:";
  // ![alt](attachment:name.png) or, for names with spaces, ![alt](<attachment:name with space.png>)
  var REFERENCE_RE = /(!\[[^\]]*\]\()(?:<attachment:([^>]+)>|attachment:([^)\s]+))/g;

  function readImages(textarea) {
    try {
      return JSON.parse(textarea.getAttribute("data-images") || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function reference(name) {
    return name.indexOf(" ") >= 0 ? "<" + IMAGE_SCHEME + name + ">" : IMAGE_SCHEME + name;
  }

  function decode(name) {
    try {
      return decodeURIComponent(name);
    } catch (error) {
      return name;
    }
  }

  // A link to javascript:, vbscript:, data: or file: is never a link on Lamppu's pages (the server
  // shows it as plain text); the editor must not make a live one either, so its brackets are escaped.
  var UNSAFE_LINK_RE = /(^|[^!\\])\[([^\]]*)\]\(\s*<?\s*(javascript|vbscript|data|file):/gi;
  var UNSAFE_DEFINITION_RE = /^(\s{0,3})\[([^\]]+)\]:\s*<?\s*(javascript|vbscript|data|file):/gim;

  function withoutUnsafeLinks(markdown) {
    return markdown
      .replace(UNSAFE_LINK_RE, function (match, before, text, scheme) {
        return before + "\\[" + text + "\\](" + scheme + ":";
      })
      .replace(UNSAFE_DEFINITION_RE, function (match, indent, label, scheme) {
        return indent + "\\[" + label + "\\]: " + scheme + ":";
      });
  }

  // Stored Markdown -> the editor's: attachment references become the URLs the images are served at.
  function toEditor(markdown, images) {
    return withoutUnsafeLinks(markdown).replace(REFERENCE_RE, function (match, start, bracketed, plain) {
      var url = images[decode(bracketed || plain)];
      return url ? start + url : match;
    });
  }

  // The editor's Markdown -> stored: image URLs of this version become attachment references again.
  function toStored(markdown, images) {
    Object.keys(images).forEach(function (name) {
      markdown = markdown.split("](" + images[name]).join("](" + reference(name));
    });
    return markdown;
  }

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  function announcer(textarea) {
    var status = document.createElement("p");
    status.className = "editor-status";
    status.setAttribute("role", "status");
    textarea.parentNode.appendChild(status);
    return function (message, isError) {
      status.textContent = message;
      status.classList.toggle("field-error", Boolean(isError));
    };
  }

  function uploadHook(textarea, images, announce) {
    var url = textarea.getAttribute("data-upload-url");
    return function (blob, callback) {
      if (!url) {
        announce(textarea.getAttribute("data-no-upload-message"), true);
        return;
      }
      var body = new FormData();
      body.append("file", blob, blob.name || "image.png");
      // The image is part of the draft: the upload names the revision the page holds and
      // answers the new one, which every form on the page then saves against.
      var revision = textarea.form && textarea.form.elements.revision;
      if (revision) { body.append("revision", revision.value); }
      announce(textarea.getAttribute("data-uploading-message"), false);
      fetch(url, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(textarea.form) }
      })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (data) {
            if (!response.ok) { throw new Error((data.error && data.error.message) || ""); }
            return data;
          });
        })
        .then(function (data) {
          images[data.filename] = data.url;
          if (data.revision !== undefined) {
            document.querySelectorAll("input[name=revision]").forEach(function (input) {
              input.value = String(data.revision);
            });
          }
          announce(textarea.getAttribute("data-uploaded-message").replace("%s", data.filename), false);
          callback(data.url, data.filename);
        })
        .catch(function (error) {
          announce(error.message || textarea.getAttribute("data-upload-failed-message"), true);
        });
    };
  }

  function historyButton(editor, command, label, symbol) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "toastui-editor-toolbar-icons editor-history-button";
    button.setAttribute("aria-label", label);
    button.title = label;
    button.textContent = symbol;
    button.addEventListener("click", function () {
      var view = editor.getCurrentModeEditor().view;
      window.toastui.history[command](view.state, view.dispatch);
      view.focus();
    });
    return { name: command, tooltip: label, el: button };
  }

  function toolbar(textarea, editorRef) {
    var upload = textarea.hasAttribute("data-upload-url");
    var history = [
      historyButton(editorRef, "undo", textarea.getAttribute("data-undo-label"), "\u21B6"),
      historyButton(editorRef, "redo", textarea.getAttribute("data-redo-label"), "\u21B7")
    ];
    return [
      ["heading", "bold", "italic"],
      ["ul", "ol"],
      upload ? ["table", "link", "image"] : ["table", "link"],
      history
    ];
  }

  // Give the editable areas the field's label as their name, and its hint and errors as description.
  function labelEditable(root, textarea) {
    var label = textarea.form.querySelector("label[for='" + textarea.id + "']");
    if (label && !label.id) { label.id = textarea.id + "-label"; }
    root.querySelectorAll("[contenteditable=true]").forEach(function (area) {
      area.setAttribute("role", "textbox");
      area.setAttribute("aria-multiline", "true");
      if (label) { area.setAttribute("aria-labelledby", label.id); }
      ["aria-describedby", "aria-invalid"].forEach(function (name) {
        if (textarea.hasAttribute(name)) { area.setAttribute(name, textarea.getAttribute(name)); }
      });
    });
    if (label) {
      label.addEventListener("click", function () { root.querySelector("[contenteditable=true]:not([hidden])").focus(); });
    }
  }

  // The editor keeps Tab for itself (indenting, moving between table cells), which would trap a
  // keyboard user inside it. Tab keeps that meaning only in a list or a table of the visual mode;
  // anywhere else Tab and Shift+Tab move the focus out like in any other field.
  function letTabLeave(root, editor) {
    root.addEventListener("keydown", function (event) {
      if (event.key !== "Tab" || event.ctrlKey || event.altKey || event.metaKey) { return; }
      var selection = window.getSelection();
      var node = selection && selection.anchorNode;
      var element = node && (node.nodeType === 1 ? node : node.parentElement);
      if (editor.isWysiwygMode() && element && element.closest("li, td, th")) { return; }
      event.stopPropagation();  // not to the editor: the browser moves the focus
    }, true);
  }

  // The mode switch (Markdown / WYSIWYG) and the preview tabs are plain elements that only a mouse
  // reaches: make them buttons for the keyboard and for screen readers too.
  function tabsAsButtons(root) {
    root.querySelectorAll(".toastui-editor-mode-switch .tab-item, .toastui-editor-tabs .tab-item").forEach(function (tab) {
      tab.setAttribute("role", "button");
      tab.tabIndex = 0;
      tab.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          tab.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
          tab.click();
        }
      });
    });
  }

  function attach(textarea) {
    var images = readImages(textarea);
    var announce = announcer(textarea);
    var root = document.createElement("div");
    root.className = "editor-root";
    textarea.parentNode.insertBefore(root, textarea.nextSibling);
    // The toolbar's history buttons need the editor, which needs the toolbar: a late-bound proxy.
    var editorRef = { getCurrentModeEditor: function () { return editor.getCurrentModeEditor(); } };
    var editor = new window.toastui.Editor({
      el: root,
      height: textarea.getAttribute("data-editor-height") || "480px",
      initialEditType: "wysiwyg",
      previewStyle: "vertical",
      initialValue: toEditor(textarea.value, images),
      language: document.documentElement.lang === "fi" ? "fi-FI" : "en-US",
      usageStatistics: false,
      autofocus: false,
      toolbarItems: toolbar(textarea, editorRef),
      hooks: { addImageBlobHook: uploadHook(textarea, images, announce) }
    });
    textarea.hidden = true;
    labelEditable(root, textarea);
    letTabLeave(root, editor);
    tabsAsButtons(root);
    textarea.form.addEventListener("submit", function () {
      textarea.value = toStored(editor.getMarkdown(), images);
    });
    textarea.lamppuEditor = editor;
  }

  if (window.toastui && window.toastui.Editor) {
    document.querySelectorAll("textarea[data-editor]").forEach(attach);
  }
})();
