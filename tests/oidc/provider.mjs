// A real OpenID provider for the tests: panva's certified oidc-provider with a plain login form.
// Configuration from the environment: OIDC_PORT and OIDC_ACCOUNTS (JSON object: login ->
// {password, claims}). Each test app registers its own client (dynamic client registration), so
// that its redirect URI is exact. Prints "ready <issuer>" when listening.
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS);

const provider = new Provider(issuer, {
  pkce: { required: () => true },
  conformIdTokenClaims: false,
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
  findAccount: (ctx, id) =>
    accounts[id] && { accountId: id, claims: () => ({ sub: id, ...accounts[id].claims }) },
  // Every client is trusted: consent is granted with the login, so the tests see one form.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: false }, registration: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ["lamppu-test-provider-cookie-key"] },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600 },
});
provider.proxy = false;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const form = (uid, message) => `<!doctype html><html lang="en"><head><title>Test IdP login</title></head><body>
<main><h1>Test identity provider</h1>${message ? `<p role="alert">${escape(message)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></main></body></html>`;

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
  const details = await provider.interactionDetails(req, res);
  if (!match[2]) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(form(details.uid));
  }
  const fields = await readForm(req);
  const account = accounts[fields.get("login")];
  if (!account || account.password !== fields.get("password")) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(form(details.uid, "Wrong login or password."));
  }
  const result = { login: { accountId: fields.get("login") } };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http
  .createServer((req, res) => {
    if (req.url.startsWith("/interaction/")) {
      interaction(req, res).catch((err) => {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end(String(err));
      });
    } else {
      callback(req, res);
    }
  })
  .listen(port, "127.0.0.1", () => console.log(`ready ${issuer}`));
