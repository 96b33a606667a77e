// Pages that only pass the user on: submit a form marked data-autosubmit (the SAML answer, posted
// again from Lamppu's own page so that the browser sends the session cookie with it), or follow a
// link marked data-autofollow (to the identity provider after a form: the Content-Security-Policy's
// form-action 'self' forbids a form's answer to redirect to another site).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) {
    form.submit();
  }
  var link = document.querySelector("a[data-autofollow]");
  if (link) {
    window.location.assign(link.href);
  }
});
