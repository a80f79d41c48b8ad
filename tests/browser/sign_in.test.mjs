// Signing in through /masuk in a real Chromium: the return path in `next`
// only ever leads to this site, whatever a link puts there (M3 of the
// security probe: "/masuk?next=/%09/evil.example" ended on another origin,
// since browsers drop tabs inside URLs); repeated wrong passwords give a
// readable wait beside the form, and the page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededMallInBrowser, assertAccessible, signInThroughForm } from '../lib/browser.mjs';
import { DEMO, DEMO_PASSWORD } from '../lib/server.mjs';

const mall = seededMallInBrowser();

// A fresh page that records every request to another origin and answers it
// itself, so a redirect off the site shows instead of failing on the closed
// network.
async function watchedPage() {
  const { context, page } = await mall.newPage();
  const offsite = [];
  const origin = new URL(mall.srv.url).origin;
  await context.route((url) => url.origin !== origin, (route) => {
    offsite.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>elsewhere</title>' });
  });
  return { context, page, offsite, origin };
}

async function signInWithNext(page, rawNext) {
  const res = await page.goto('/masuk?next=' + rawNext);
  assert.equal(res.status(), 200);
  await page.fill('#email', DEMO.mpp_admin);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/masuk')),
    page.click('form[action="/masuk"] button[type=submit]'),
  ]);
}

// Each as it would stand in a link's query string.
const tricky = [
  '/%09/evil.example',              // tab, dropped by browsers: //evil.example
  '/%0A/evil.example',              // newline, likewise
  '/%0D%0A/evil.example',
  '%09//evil.example',
  '%2F%2Fevil.example',             // //evil.example
  '/%5Cevil.example',               // /\evil.example, read as //evil.example
  '%5C%5Cevil.example',
  '/%2509/evil.example',            // a tab behind a second escape
  '/%252F%252Fevil.example',
  'https%3A%2F%2Fevil.example%2F',
  'javascript%3Aalert(document.domain)',
  '%20//evil.example',
];

for (const raw of tricky) {
  test(`signing in with next=${raw} stays on this site`, async () => {
    const { context, page, offsite, origin } = await watchedPage();
    await signInWithNext(page, raw);
    const url = new URL(page.url());
    assert.equal(url.origin, origin);
    assert.equal(url.pathname, '/', 'an unsafe next falls back to the home page');
    assert.deepEqual(offsite, [], 'no request left the site');
    await context.close();
  });
}

test('a path of this site with a query is where sign-in returns to', async () => {
  const { context, page, offsite, origin } = await watchedPage();
  await signInWithNext(page, encodeURIComponent('/kelola/pengguna?peran=agency_admin'));
  const url = new URL(page.url());
  assert.equal(url.origin, origin);
  assert.equal(url.pathname + url.search, '/kelola/pengguna?peran=agency_admin');
  assert.deepEqual(offsite, []);
  await context.close();
});

test('a signed-in citizen sent to the contact step with a tricky next stays on this site', async () => {
  const { context, page, offsite, origin } = await watchedPage();
  await signInThroughForm(page, DEMO.citizen);
  await page.goto('/pengaduan/kontak?next=/%09/evil.example');
  const url = new URL(page.url());
  assert.equal(url.origin, origin);
  assert.equal(url.pathname, '/pengaduan/baru');
  assert.deepEqual(offsite, []);
  await context.close();
});

test('after three wrong passwords the form says how long to wait, and answers 429', async () => {
  const { context, page } = await mall.newPage();
  await page.goto('/masuk');
  const attempt = async (password) => {
    await page.fill('#email', DEMO.evaluator);
    await page.fill('#password', password);
    const [res] = await Promise.all([page.waitForNavigation(), page.click('form[action="/masuk"] button[type=submit]')]);
    return res;
  };
  for (let i = 0; i < 3; i++) {
    assert.equal((await attempt('bukan sandinya ' + i)).status(), 401);
    assert.match(await page.locator('#email-error').innerText(), /Alamat email atau kata sandi salah/);
  }
  const slowed = await attempt(DEMO_PASSWORD);
  assert.equal(slowed.status(), 429);
  assert.match(await page.locator('#email-error').innerText(), /Coba lagi dalam [12] detik/);
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Coba lagi dalam [12] detik/);
  assert.equal(await page.inputValue('#email'), DEMO.evaluator, 'the email is kept');
  await assertAccessible(page, 'sign-in form with a wait');

  await page.waitForTimeout(2100);
  await attempt(DEMO_PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/', 'signed in once the wait is over');
  await context.close();
});
