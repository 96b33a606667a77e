// Submit a form marked data-autosubmit as soon as the page loads (the SAML answer, posted again
// from Lamppu's own page so that the browser sends the session cookie with it).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) {
    form.submit();
  }
});
