import { type IncomingMessage, type ServerResponse } from 'node:http';
import { badInput, DomainError, ERROR_CODES } from '@attunelogic/shared/errors';
import { errorBody, PayloadTooLargeError, readBody, sendJson, type Logger } from '@attunelogic/shared';
import { SIGN_IN_THROTTLED, type Accounts } from '../accounts/accounts';
import { type SecondFactors } from '../accounts/second-factor';
import { MIN_PASSWORD_LENGTH, type CredentialStore } from '../accounts/credentials';
import { API_SCOPE } from '../oidc/provider';
import { page, secondFactorPage, setPasswordPage, signInPage } from './pages';
import type Provider from 'oidc-provider';

const FORM_LIMIT_BYTES = 8_192;
const EXPIRED = 'This sign-in has expired or was already completed. Start again from the application.';
const BAD_LINK = 'This link is invalid, used or expired. Ask for a new one.';
export const WRONG_CODE = 'That code is not right. Try the current one.';

/** What an interaction remembers between the password and the second factor (oidc-provider's interaction result, server-side). */
interface PasswordStep {
  accountId: string;
  accountKey: string;
}

/** The client's address: the gateway's X-Forwarded-For when the request comes through it (loopback), else the peer. */
export function clientAddress(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  const loopback = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
  if (loopback && typeof forwarded === 'string' && forwarded.length > 0) return forwarded.split(',').at(-1)?.trim() || peer;
  return peer;
}

const wantsJson = (req: IncomingMessage): boolean => /application\/json/.test(req.headers['accept'] ?? '') && !/text\/html/.test(req.headers['accept'] ?? '');

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The pages have no script, and may not be framed (clickjacking of the password form).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  });
  res.end(html);
}

/** A refusal as the page (with the form again) or, for API clients, the registry's JSON error body. */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  code: keyof typeof ERROR_CODES,
  message: string,
  html: (error: { code: string; message: string }) => string,
): void {
  const status = ERROR_CODES[code].http === 200 ? 400 : ERROR_CODES[code].http;
  if (wantsJson(req)) return sendJson(res, status, errorBody(code, message));
  sendHtml(res, status, html({ code, message }));
}

/** The submitted form (urlencoded, or a JSON object); a body too large or not parseable is BAD_USER_INPUT. */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  let raw: string;
  try {
    raw = await readBody(req, FORM_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw badInput('The form is too large.');
    throw error;
  }
  if (!/application\/json/.test(req.headers['content-type'] ?? '')) return Object.fromEntries(new URLSearchParams(raw));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw || '{}');
  } catch {
    throw badInput('The body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badInput('The body must be a JSON object.');
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : '']));
}

/**
 * The pages oidc-provider hands over to: sign-in (login prompt), the first-party consent (granted
 * without a page), and the one-time password links.
 */
export function createInteractions(deps: {
  provider: Provider;
  accounts: Accounts;
  credentials: CredentialStore;
  secondFactors: SecondFactors;
  mountPath: string;
  logger: Logger;
}) {
  const { provider } = deps;

  async function details(req: IncomingMessage, res: ServerResponse) {
    try {
      return await provider.interactionDetails(req, res);
    } catch {
      // No interaction cookie, or one that has expired or was used: nothing to resume.
      return undefined;
    }
  }

  async function show(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const interaction = await details(req, res);
    if (!interaction || interaction.uid !== uid)
      return refuse(req, res, 'BAD_USER_INPUT', EXPIRED, (e) => page('Sign in', `<p class="error" data-code="${e.code}">${e.message}</p>`));
    if (interaction.prompt.name === 'login') return sendHtml(res, 200, signInPage(`${deps.mountPath}/interaction/${uid}/login`, {}));
    // consent: the SPA is the platform's own client, so what it asked for is granted without a page.
    const grant = interaction.grantId
      ? ((await provider.Grant.find(interaction.grantId)) ??
        new provider.Grant({ accountId: interaction.session?.accountId ?? '', clientId: String(interaction.params['client_id']) }))
      : new provider.Grant({ accountId: interaction.session?.accountId ?? '', clientId: String(interaction.params['client_id']) });
    const missing = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, API_SCOPE);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function signIn(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const interaction = await details(req, res);
    if (!interaction || interaction.uid !== uid || interaction.prompt.name !== 'login') {
      return refuse(req, res, 'BAD_USER_INPUT', EXPIRED, (e) => page('Sign in', `<p class="error" data-code="${e.code}">${e.message}</p>`));
    }
    let values = { organization: '', email: '' };
    try {
      const form = await readForm(req);
      values = { organization: form['organization'] ?? '', email: form['email'] ?? '' };
      const account = await deps.accounts.signIn({ ...values, password: form['password'] ?? '' }, clientAddress(req));
      if (await deps.secondFactors.enabled(account.userId)) {
        // The password is right; the interaction (server-side, behind this browser's cookie) remembers
        // it for the code step, and only that step finishes the sign-in.
        const step: PasswordStep = { accountId: account.userId, accountKey: account.accountKey };
        await provider.interactionResult(req, res, { password: step }, { mergeWithLastSubmission: false });
        const action = `${deps.mountPath}/interaction/${uid}/totp`;
        if (wantsJson(req)) return sendJson(res, 200, { next: 'totp', action });
        return sendHtml(res, 200, secondFactorPage(action));
      }
      await deps.accounts.throttle.succeeded(account.accountKey);
      deps.logger.info({ tenant: account.slug, userId: account.userId }, 'signed in');
      await provider.interactionFinished(req, res, { login: { accountId: account.userId } }, { mergeWithLastSubmission: false });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      deps.logger.info({ code: error.code, organization: values.organization }, 'sign-in refused');
      return refuse(req, res, error.code, error.message, (e) => signInPage(`${deps.mountPath}/interaction/${uid}/login`, values, e));
    }
  }

  /** The second step: a TOTP or recovery code of the person whose password this interaction accepted. */
  async function secondFactor(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const interaction = await details(req, res);
    const step = (interaction?.result as { password?: PasswordStep } | undefined)?.password;
    if (!interaction || interaction.uid !== uid || interaction.prompt.name !== 'login' || !step) {
      return refuse(req, res, 'BAD_USER_INPUT', EXPIRED, (e) => page('Sign in', `<p class="error" data-code="${e.code}">${e.message}</p>`));
    }
    const action = `${deps.mountPath}/interaction/${uid}/totp`;
    const address = clientAddress(req);
    try {
      const form = await readForm(req);
      // Codes are throttled with the passwords: the same counts per account and per address.
      if (await deps.accounts.throttle.isThrottled(step.accountKey, address)) throw new DomainError('RATE_LIMITED', SIGN_IN_THROTTLED);
      if (!(await deps.secondFactors.verify(step.accountId, form['code'] ?? ''))) {
        await deps.accounts.throttle.failed(step.accountKey, address);
        throw new DomainError('UNAUTHENTICATED', WRONG_CODE);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      deps.logger.info({ code: error.code, userId: step.accountId }, 'second factor refused');
      return refuse(req, res, error.code, error.message, (e) => secondFactorPage(action, e));
    }
    await deps.accounts.throttle.succeeded(step.accountKey);
    deps.logger.info({ userId: step.accountId, secondFactor: 'totp' }, 'signed in');
    await provider.interactionFinished(req, res, { login: { accountId: step.accountId } }, { mergeWithLastSubmission: false });
  }

  async function password(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    const action = `${deps.mountPath}/password/${encodeURIComponent(token)}`;
    if (req.method !== 'POST') return sendHtml(res, 200, setPasswordPage(action, MIN_PASSWORD_LENGTH));
    try {
      const form = await readForm(req);
      if (!(await deps.credentials.redeemPasswordToken(token, form['password'] ?? ''))) {
        return refuse(req, res, 'BAD_USER_INPUT', BAD_LINK, (e) => setPasswordPage(action, MIN_PASSWORD_LENGTH, e));
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return refuse(req, res, error.code, error.message, (e) => setPasswordPage(action, MIN_PASSWORD_LENGTH, e));
    }
    if (wantsJson(req)) return sendJson(res, 200, { ok: true });
    sendHtml(res, 200, page('Password set', '<p>Your password is set. Return to the application and sign in.</p>'));
  }

  return { show, signIn, secondFactor, password };
}
