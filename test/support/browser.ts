import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * Debian's Chromium (`apt-get install -y chromium`), headless, driven by Playwright: the flags keep it
 * off the network it cannot reach here (and would keep trying to).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A phone's width (an iPhone 14's 390 CSS px) or a laptop's. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** A browser profile of its own (cookies included), signed in to the dashboard with the API token. */
export async function signedIn(
  browser: Browser,
  baseURL: string,
  apiToken: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("API token").fill(apiToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Calls", level: 1 }).waitFor();
  return { context, page };
}

type OwnerSession = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * Signed-in pages for the tests of one file, each in a browser profile of its own: the first signs
 * in with the API token (signedIn), the next ones start with the session cookie it got, as a second
 * tab of the owner's browser would, rather than signing in again every time.
 */
export function ownerPages(
  browser: Browser,
  baseURL: string,
  apiToken: string,
): (viewport?: typeof DESKTOP) => Promise<{ context: BrowserContext; page: Page }> {
  let session: OwnerSession | undefined;
  return async (viewport = DESKTOP) => {
    if (!session) {
      const signed = await signedIn(browser, baseURL, apiToken, viewport);
      session = await signed.context.storageState();
      return signed;
    }
    const context = await browser.newContext({ baseURL, viewport, storageState: session });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("heading", { name: "Calls", level: 1 }).waitFor();
    return { context, page };
  };
}

/** The axe-core check of the page as it is now; the message lists each finding and where it is. */
export async function assertAccessible(page: Page, what = "the page"): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target).join(" | ")})`,
  );
  assert.deepEqual(found, [], `${what}:\n${found.join("\n")}`);
}

/** The page fits the window's width: nothing to scroll sideways (a phone's 390 px, say). */
export async function assertNoHorizontalScroll(page: Page, what = "the page"): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(overflow, 0, `${what} is no wider than the screen`);
}
