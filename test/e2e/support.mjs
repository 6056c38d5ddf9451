// What the journeys share: Debian's chromium driven by playwright-core, signing in, and the check
// made on every page a journey reaches (axe-core's WCAG 2.2 AA rules, no console errors such as a
// Content-Security-Policy refusal, and a screenshot kept as a test artifact).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import assert from 'node:assert/strict'
import path from 'node:path'

const require = createRequire(path.join(process.env.NODE_PATH, 'x.js'))
const { chromium } = require('playwright-core')
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export const baseURL = process.env.HAVEN_URL
export const artifacts = process.env.E2E_ARTIFACTS
export const child = {
  id: process.env.E2E_CHILD_ID,
  given: process.env.E2E_CHILD_GIVEN,
  family: process.env.E2E_CHILD_FAMILY
}
export const teamName = process.env.E2E_TEAM_NAME
export const password = 'demo-password'

let shot = 0

export async function launch () {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
}

// A fresh browser context (no cookies) and page; console errors are collected on `page.errors`.
export async function newPage (browser, { javaScript = true } = {}) {
  const context = await browser.newContext({
    baseURL, viewport: { width: 1280, height: 900 }, javaScriptEnabled: javaScript
  })
  context.setDefaultTimeout(10000)
  const page = await context.newPage()
  page.javaScript = javaScript
  page.errors = []
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    // A page that answers 400 or 401 (a form with errors, a refused sign-in) is logged by the
    // browser as a failed load of the page itself: that is the page working.
    if (/^Failed to load resource/.test(m.text()) && m.location().url === page.url()) return
    page.errors.push(m.text())
  })
  page.on('pageerror', (e) => page.errors.push(String(e)))
  return page
}

// The check on every page: WCAG 2.2 A and AA rules find nothing, no console error, a screenshot.
export async function checkPage (page, name) {
  await page.waitForLoadState('load')
  shot += 1
  const file = path.join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  // axe-core runs in the page, so a page without JavaScript is checked by its screenshot and the
  // checks below; the same pages are run through axe-core in the other journeys.
  if (!page.javaScript) {
    assert.deepEqual(page.errors, [], `console errors on ${name}`)
    return
  }
  await page.evaluate(axeSource)
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }
  }))
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}; ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
  assert.deepEqual(found, [], `axe-core on ${name} (${page.url()})`)
  assert.deepEqual(page.errors, [], `console errors on ${name}`)
  // No personal data in the address: only ids, kinds and page names.
  const url = new URL(page.url())
  for (const word of [child.given, child.family]) {
    assert.ok(!decodeURIComponent(url.href).includes(word), `the address shows a name: ${url.href}`)
  }
}

export async function signIn (page, username) {
  await page.goto('/sign-in')
  await page.fill('#username', username)
  await page.fill('#password', password)
  await page.click('button:has-text("Sign in")')
  await page.waitForURL(baseURL + '/')
}

// Fills a GOV.UK date input named `name` with a Date.
export async function fillDate (page, name, date) {
  await page.fill(`#${name}-day`, String(date.getDate()))
  await page.fill(`#${name}-month`, String(date.getMonth() + 1))
  await page.fill(`#${name}-year`, String(date.getFullYear()))
}

export function daysAgo (n) {
  const d = new Date()
  d.setDate(d.getDate() - n)
  return d
}

// Continue, check the answers page, then save.
export async function continueAndSave (page, name) {
  await page.click('button:has-text("Continue")')
  await page.locator('h1', { hasText: /Check/ }).waitFor()
  await checkPage(page, `${name}-check`)
  await page.click('button:has-text("Save")')
  await page.waitForLoadState('load')
  const summary = page.locator('.govuk-error-summary')
  if (await summary.count() > 0) throw new Error(`${name}: ${await summary.innerText()}`)
  const h1 = await page.locator('h1').first().innerText()
  if (/cannot|problem|not found/i.test(h1)) {
    throw new Error(`${name}: ${await page.locator('main').innerText()}`)
  }
  // Saved with warnings (questionable facts, accepted): the confirmation lists them.
  if (await page.locator('.govuk-panel--confirmation').count() > 0) {
    await checkPage(page, `${name}-saved-with-warnings`)
    await page.click('a:has-text("Back to the record")')
    await page.waitForLoadState('load')
  }
}
