// Chainlit's sign-in page reports a wrong password twice: a form message looked up by the
// error's text, and a toast with the raw "Unauthorized: credentialssignin". The server keeps
// its 401 for every other client; in the browser the 401 of POST /login becomes the error
// "credentialssignin", which the form translates (.chainlit/translations, auth.login.errors)
// and which raises no toast.
(function () {
  const originalFetch = window.fetch.bind(window);
  window.fetch = async function (input, init) {
    const response = await originalFetch(input, init);
    const url = new URL(typeof input === "string" ? input : input.url, window.location.href);
    const method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
    if (response.status === 401 && method === "POST" && url.pathname.endsWith("/login")) {
      throw new Error("credentialssignin");
    }
    return response;
  };
})();
