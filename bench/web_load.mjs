// The page-time benchmark's load (bench/web_bench.sh): USERS signed-in sessions, each a loop
// asking for a page, for SECONDS per page kind: My work, a child's record (a child of the user's
// own caseload) and a search by name (a POST, with a misspelt name half the time). Two runs:
// "working" users read each page for a while before the next (THINK_MS on average, 0.5 to 1.5
// times it, as people do), and "flat out" users ask again the moment a page arrives (20 requests
// always in flight: a stress figure, far beyond what 20 people can do). Prints pages, throughput
// and the 50th, 95th and 99th percentile page times per kind and run, and fails on any answer
// that is not the page.
import http from 'node:http'

const base = new URL(process.env.HAVEN_URL)
const users = Number(process.env.USERS || 20)
const seconds = Number(process.env.SECONDS || 10)
const thinkMs = Number(process.env.THINK_MS || 1000)
const accounts = (process.env.ACCOUNTS || 'social.worker,agency.worker').split(',')
const agent = new http.Agent({ keepAlive: true, maxSockets: users })

function request (method, path, { cookie, body, type } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {}
    if (cookie) headers.Cookie = cookie
    if (body) {
      headers['Content-Type'] = type
      headers['Content-Length'] = Buffer.byteLength(body)
    }
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      })
    req.on('error', reject)
    if (body) req.write(body)
    req.end()
  })
}

async function signIn (username) {
  const r = await request('POST', '/api/v1/session', {
    body: JSON.stringify({ username, password: 'demo-password' }), type: 'application/json'
  })
  if (r.status !== 201) throw new Error(`sign-in of ${username}: ${r.status} ${r.body}`)
  const cookie = r.headers['set-cookie'][0].split(';')[0]
  return { username, cookie, csrf: JSON.parse(r.body).csrf_token }
}

function misspell (name) {
  if (name.length < 5) return name
  const i = name.length - 3
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)
}

const sessions = []
for (let i = 0; i < users; i++) sessions.push(await signIn(accounts[i % accounts.length]))

// Each session's children and their names, from its own My work page.
for (const s of sessions) {
  const home = await request('GET', '/', { cookie: s.cookie })
  if (home.status !== 200) throw new Error(`My work for ${s.username}: ${home.status}`)
  s.children = [...home.body.matchAll(/<a class="govuk-link" href="\/children\/(\d+)">([^<]+)<\/a>/g)]
    .map((m) => ({ id: m[1], name: m[2] }))
  if (s.children.length === 0) throw new Error(`${s.username} has no children on My work`)
}

function percentile (sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const kinds = {
  'my work': (s) => request('GET', '/', { cookie: s.cookie }),
  'child record': (s, n) => request('GET', `/children/${s.children[n % s.children.length].id}`, { cookie: s.cookie }),
  search: (s, n) => {
    const name = s.children[n % s.children.length].name
    const q = n % 2 === 0 ? name : misspell(name)
    return request('POST', '/search', {
      cookie: s.cookie,
      type: 'application/x-www-form-urlencoded',
      body: `csrf_token=${encodeURIComponent(s.csrf)}&name=${encodeURIComponent(q)}`
    })
  }
}

let failed = false
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
for (const [run, think] of [['working', thinkMs], ['flat out', 0]]) {
  console.log(`${run}: ${users} users` + (think ? `, about ${think} ms between pages` : ', no pause'))
  for (const [kind, fetchPage] of Object.entries(kinds)) {
    const times = []
    let bad = 0
    const end = Date.now() + seconds * 1000
    await Promise.all(sessions.map(async (s, i) => {
      let n = i
      // Working users start at different moments, as they would.
      if (think) await sleep(Math.random() * think)
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint()
        const r = await fetchPage(s, n++)
        const ms = Number(process.hrtime.bigint() - t0) / 1e6
        if (r.status !== 200 || !r.body.includes('</html>')) bad++
        times.push(ms)
        if (think) await sleep(think * (0.5 + Math.random()))
      }
    }))
    times.sort((a, b) => a - b)
    const line = `  ${kind.padEnd(13)} ${String(times.length).padStart(6)} pages  ` +
      `${(times.length / seconds).toFixed(0).padStart(5)}/s  ` +
      `p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  ` +
      `p99 ${percentile(times, 99).toFixed(1)} ms  (target p95 < 50 ms)` + (bad ? `  ${bad} FAILED` : '')
    console.log(line)
    if (bad) failed = true
  }
}
agent.destroy()
process.exit(failed ? 1 : 0)
