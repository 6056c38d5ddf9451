// Haven's page script, an ES module served by Haven itself. Every page works without it: it adds
// GOV.UK Frontend's component behaviour, MOJ Frontend's sortable tables, and the warning before a
// session times out for inactivity.
import { initAll } from '/assets/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
if (window.MOJFrontend) {
  for (const table of document.querySelectorAll('[data-module="moj-sortable-table"]')) {
    try {
      new window.MOJFrontend.SortableTable({ table })
    } catch (e) {
      // The table stays as the server ordered it.
    }
  }
}

// The session-timeout warning: shown two minutes before the session ends for inactivity, with a
// button that keeps the session and a form that signs out now.
const idleSeconds = Number(document.body.dataset.sessionIdleSeconds || 0)
const dialog = document.getElementById('timeout-dialog')
if (idleSeconds > 0 && dialog && typeof dialog.showModal === 'function') {
  const warnBefore = Math.min(120, Math.floor(idleSeconds / 2))
  let warnTimer = 0
  let endTimer = 0
  const timedOut = () => { window.location.assign('/sign-in?timed-out=1') }
  const schedule = () => {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    warnTimer = setTimeout(() => {
      dialog.showModal()
      dialog.querySelector('[data-stay]').focus()
    }, (idleSeconds - warnBefore) * 1000)
    endTimer = setTimeout(timedOut, idleSeconds * 1000)
  }
  dialog.querySelector('[data-stay]').addEventListener('click', async (event) => {
    event.preventDefault()
    const token = document.querySelector('meta[name="csrf-token"]').content
    const res = await fetch('/session/keep-alive', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'csrf_token=' + encodeURIComponent(token)
    })
    if (res.ok) {
      dialog.close()
      schedule()
    } else {
      timedOut()
    }
  })
  schedule()
}
