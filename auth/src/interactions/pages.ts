import { type ErrorOut, type KoaContextWithOIDC } from 'oidc-provider';

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE =
  'body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}' +
  'h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem;font-size:.9rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}' +
  'button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#1f5fbf;color:#fff;border:0;border-radius:4px;cursor:pointer}' +
  '.error{color:#b00020;margin:.5rem 0}.secondary{background:#eee;color:#222}';

/** A page of the authorization server: no script, no external resource. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** The sign-in form of an interaction; `error` is shown above it with its code. */
export function signInPage(action: string, values: { organization?: string; email?: string }, error?: { code: string; message: string }): string {
  return page(
    'Sign in to AttuneLogic',
    `${error ? `<p class="error" role="alert" data-code="${escapeHtml(error.code)}">${escapeHtml(error.message)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}" autocomplete="on">
<label for="organization">Organization</label><input id="organization" name="organization" required value="${escapeHtml(values.organization)}" autocomplete="organization">
<label for="email">Email</label><input id="email" name="email" type="email" required value="${escapeHtml(values.email)}" autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password" required autocomplete="current-password">
<button type="submit">Sign in</button>
</form>`,
  );
}

/** The second step of a sign-in with TOTP on: a code of the authenticator app, or a recovery code. */
export function secondFactorPage(action: string, error?: { code: string; message: string }): string {
  return page(
    'Enter your code',
    `${error ? `<p class="error" role="alert" data-code="${escapeHtml(error.code)}">${escapeHtml(error.message)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
<label for="code">The 6-digit code of your authenticator app, or a recovery code</label><input id="code" name="code" required autofocus inputmode="text" autocomplete="one-time-code" maxlength="20">
<button type="submit">Continue</button>
</form>`,
  );
}

/** The form behind a one-time password link. */
export function setPasswordPage(action: string, minLength: number, error?: { code: string; message: string }): string {
  return page(
    'Choose your password',
    `${error ? `<p class="error" role="alert" data-code="${escapeHtml(error.code)}">${escapeHtml(error.message)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label for="password">New password (at least ${minLength} characters)</label><input id="password" name="password" type="password" minlength="${minLength}" required autocomplete="new-password">
<button type="submit">Set password</button>
</form>`,
  );
}

const wantsJson = (ctx: KoaContextWithOIDC): boolean => ctx.accepts('html', 'json') === 'json';

/** oidc-provider's error page: the OAuth error and its description, as JSON for API clients. */
export function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  if (wantsJson(ctx)) {
    ctx.type = 'json';
    ctx.body = out;
    return;
  }
  ctx.type = 'html';
  ctx.body = page(
    'Sign-in failed',
    `<p class="error" role="alert" data-code="${escapeHtml(out.error)}">${escapeHtml(out.error_description ?? out.error)}</p><p>Return to the application and sign in again.</p>`,
  );
}

/** Sign-out confirmation (RP-initiated logout), oidc-provider's form submitted by the buttons. */
export function renderLogout(ctx: KoaContextWithOIDC, form: string): void {
  ctx.type = 'html';
  ctx.body = page(
    'Sign out',
    `${form}<p>Sign out of AttuneLogic on this device?</p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button><button class="secondary" type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export function renderLogoutDone(ctx: KoaContextWithOIDC): void {
  ctx.type = 'html';
  ctx.body = page('Signed out', '<p>You are signed out.</p>');
}
