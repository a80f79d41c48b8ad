// Shared set-up of the browser tests: Debian's Chromium driven by
// playwright-core (no browser download), axe checks and signing in through
// the real form.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { DEMO_PASSWORD, startServer } from './server.mjs';

// The flags keep Chromium off the network (this machine's network is closed).
export const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
};

export const launchBrowser = () => chromium.launch(LAUNCH);

// A fresh context (own cookies) whose relative URLs resolve against `srv`.
// AxeBuilder needs a page from a context, not browser.newPage().
export async function newPage(browser, srv, options = {}) {
  const context = await browser.newContext({ baseURL: srv.url, ...options });
  const page = await context.newPage();
  return { context, page };
}

// Zero axe violations (WCAG 2.x A/AA and best practices) on the page as shown.
export async function assertAccessible(page, label) {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(found, [], `axe violations on ${label} (${page.url()})`);
}

// The same check for a page of a context with JavaScript off, where axe
// cannot run (Chromium never answers the script it injects): the page's HTML
// is served again, at the same URL, to a page that may run script, and axe
// checks it there.
export async function assertAccessibleWithoutJs(page, label) {
  const html = await page.content();
  const url = page.url();
  const context = await page.context().browser().newContext();
  try {
    const copy = await context.newPage();
    await copy.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await copy.goto(url);
    await assertAccessible(copy, label);
  } finally {
    await context.close();
  }
}

// Signs in through /masuk and waits until the browser has left the form.
export async function signInThroughForm(page, email, password = DEMO_PASSWORD) {
  await page.goto('/masuk');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/masuk')), page.click('form[action="/masuk"] button[type=submit]')]);
}

// The seeded demo mall and Chromium for one test file: started before its
// tests, stopped after them. `mall.srv` is the server; `mall.newPage()` opens
// a page in a fresh context (own cookies).
export function seededMallInBrowser() {
  const mall = { srv: null, browser: null, newPage: (options) => newPage(mall.browser, mall.srv, options) };
  before(async () => {
    mall.srv = await startServer({ seed: true });
    mall.browser = await launchBrowser();
  });
  after(async () => {
    await mall.browser?.close();
    await mall.srv?.stop();
  });
  return mall;
}
