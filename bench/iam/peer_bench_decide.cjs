// Times @cloud-copilot/iam-simulate's decision step alone, with policies parsed once: the
// counterpart of the "decide with policies parsed once" row of keyaki's `bench`.
//
// runSimulation validates and loads the policies, looks the action up in its catalog and
// normalises the context, then calls its engine's `authorize` with everything prepared. This
// script runs runSimulation once per simulation with `authorize` wrapped to record those
// prepared arguments, then times `authorize` alone on them (every call a simulation made,
// usually one), twenty passes, single-threaded. Nothing of the peer is re-implemented here.
// Resolve the package with NODE_PATH.
const path = require('node:path')
const fs = require('node:fs')

const pkg = path.dirname(require.resolve('@cloud-copilot/iam-simulate'))
const engine = require(path.join(pkg, 'core_engine', 'CoreSimulatorEngine.js'))
const { runSimulation } = require('@cloud-copilot/iam-simulate')

async function main() {
  const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim())
  const authorize = engine.authorize
  const prepared = []
  let current = null
  engine.authorize = (request) => {
    current.push(request)
    return authorize(request)
  }
  let allowedOnce = 0
  for (const line of lines) {
    current = []
    const r = await runSimulation(JSON.parse(line), {})
    if (r.overallResult === 'Allowed') allowedOnce++
    prepared.push(current)
  }
  engine.authorize = authorize
  const calls = prepared.reduce((n, p) => n + p.length, 0)
  const passes = 20
  const start = process.hrtime.bigint()
  let allowed = 0
  for (let pass = 0; pass < passes; pass++) {
    for (const requests of prepared) {
      let result
      for (const request of requests) result = authorize(request).result
      if (result === 'Allowed') allowed++
    }
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9
  const n = prepared.length * passes
  console.log(
    JSON.stringify({
      requests: n,
      authorize_calls: calls * passes,
      seconds: +secs.toFixed(3),
      per_second: Math.round(n / secs),
      allowed_first_pass: allowedOnce,
    })
  )
}

main()
