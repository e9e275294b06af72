//! Runs the network engine on a snapshot and prints its JSON answer:
//!
//! ```sh
//! cargo run -p keyaki-net --example exposure -- exposure SNAP
//! cargo run -p keyaki-net --example exposure -- reach SNAP FROM TO [PORT [PROTOCOL]]
//! cargo run -p keyaki-net --example exposure -- egress SNAP
//! ```
//!
//! The `keyaki exposure|reach|egress` commands call the same functions.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: exposure (exposure|egress) SNAP | reach SNAP FROM TO [PORT [PROTOCOL]]";
    let (command, path) = match args.as_slice() {
        [c, p, ..] => (c.as_str(), p),
        _ => return Err(usage.into()),
    };
    let started = std::time::Instant::now();
    let snapshot = keyaki_snapshot::Snapshot::load(path)?;
    let loaded = started.elapsed();
    let net = keyaki_net::Network::build(&snapshot);
    let built = started.elapsed();
    let json = match command {
        "exposure" => serde_json::to_string_pretty(&keyaki_net::exposure(&net))?,
        "egress" => serde_json::to_string_pretty(&keyaki_net::egress(&net))?,
        "reach" => {
            let (from, to) = match (args.get(2), args.get(3)) {
                (Some(f), Some(t)) => (f.parse()?, t.parse()?),
                _ => return Err(usage.into()),
            };
            let query = keyaki_net::ReachQuery {
                from,
                to,
                port: args.get(4).map(|p| p.parse()).transpose()?,
                protocol: args.get(5).map(|p| p.parse()).transpose()?,
            };
            serde_json::to_string_pretty(&keyaki_net::reach(&net, &query)?)?
        }
        _ => return Err(usage.into()),
    };
    let done = started.elapsed();
    println!("{json}");
    eprintln!(
        "load {:.3}s, build {:.3}s, {command} {:.3}s; {:?}",
        loaded.as_secs_f64(),
        (built - loaded).as_secs_f64(),
        (done - built).as_secs_f64(),
        net.counts()
    );
    Ok(())
}
