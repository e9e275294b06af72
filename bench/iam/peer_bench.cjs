// Times @cloud-copilot/iam-simulate on a JSON Lines file of simulations (one runSimulation per
// line, parsing and validation included, single-threaded), five passes, as keyaki's side of
// bench/iam/run.sh does. Resolve the package with NODE_PATH.
const { runSimulation } = require('@cloud-copilot/iam-simulate')
const fs = require('node:fs')

async function main() {
  const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim())
  const sims = lines.map((l) => JSON.parse(l))
  const start = process.hrtime.bigint()
  let allowed = 0
  for (let pass = 0; pass < 5; pass++) {
    for (const s of sims) {
      const r = await runSimulation(JSON.parse(JSON.stringify(s)), {})
      if (r.overallResult === 'Allowed') allowed++
    }
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9
  const n = sims.length * 5
  console.log(JSON.stringify({ requests: n, seconds: +secs.toFixed(3), per_second: Math.round(n / secs), allowed }))
}

main()
