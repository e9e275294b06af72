// Runs each simulation of a JSON Lines file through @cloud-copilot/iam-simulate (an
// independent implementation, AGPL, used only as an external oracle) and prints one line per
// input: Allowed, ExplicitlyDenied, ImplicitlyDenied, or "error <message>".
//
//   node peer.cjs < cases.jsonl > decisions.txt
//
// The package is resolved through NODE_PATH (keyaki's differential test sets it).
const { runSimulation } = require('@cloud-copilot/iam-simulate')
const readline = require('node:readline')

async function main() {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  const out = []
  for await (const line of rl) {
    if (!line.trim()) continue
    try {
      const r = await runSimulation(JSON.parse(line), {})
      if (r.resultType === 'error') {
        out.push('error ' + JSON.stringify(r.errors).slice(0, 200))
      } else {
        out.push(r.overallResult)
      }
    } catch (e) {
      out.push('error ' + String(e).slice(0, 200))
    }
  }
  process.stdout.write(out.join('\n') + '\n')
}

main()
