// Headless Chromium for the browser tests: Debian's package (scripts/setup.sh installs it), driven by
// playwright-core. Never a browser downloaded by a test tool: this machine, and many partners' CI,
// cannot fetch one.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';

/** Where Debian puts Chromium; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Throws, with what to do, when Chromium is not installed: the browser tests fail, never skip. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The browser tests need Debian's chromium package: run ` +
        '`bash scripts/setup.sh` as root (it runs `apt-get install -y --no-install-recommends chromium`), ' +
        'or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
}

/** test-artifacts/ at the repository root (git-ignored): screenshots for a person to look at. */
export const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

// Without the background-networking switches Chromium calls Google's services at every start; on a
// closed network those calls fail noisily, and on an open one they would leave the machine.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request the browser made, in order (URLs). */
  readonly requests: string[];
  /** Requests to anywhere but the allowed origin (data: and blob: URLs never leave the page). */
  foreignRequests(): string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile and records every request of the context (pages and
 * workers). Requests to another origin than `allowedOrigin` are recorded and aborted, so a test
 * that misses one in its assertions still cannot send anything off the machine.
 * Throws, never skips, when Chromium is not installed.
 */
export async function launchBrowser(allowedOrigin: string): Promise<Browser> {
  requireChromium();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'attunelogic-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  const requests: string[] = [];
  const isAllowed = (url: string) => url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === allowedOrigin;
  context.on('request', (request: Request) => requests.push(request.url()));
  await context.route('**/*', (route) => (isAllowed(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    requests,
    foreignRequests: () => requests.filter((url) => !isAllowed(url)),
    async screenshot(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, name);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
