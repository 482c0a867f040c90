//! `harness PAGE [ROUNDS]`: reads the `GET /users` page PAGE into the generated `User`,
//! three prototypes of API changes (proto_*.rs, written by ../gen.py from the generated
//! user.rs), the serde-derive peer (peer.rs, from the reading bench) and
//! `serde_json::Value`. First checks each reader for losslessness (the page, and a small
//! tricky page, read and written back equal the input read as `Value`, ignoring
//! `@odata.type`), then times ROUNDS (101) interleaved rounds: each round reads the page
//! once with every reader, the order rotating. Prints the median time of each reader and
//! the medians of the per-round ratios peer/x and Value/x (> 1: x is faster).
mod peer;
mod proto_compact;
mod proto_cow;
mod proto_sparse;
mod psupport;

use graph_v1::{Collection, User};
use serde_json::Value;
use std::time::{Duration, Instant};

const NAMES: [&str; 6] = ["generated", "cow", "compact", "sparse", "peer", "Value"];
const PEER: usize = 4;
const VALUE: usize = 5;

fn time<T: serde::Deserialize<'static>>(text: &'static str) -> Duration {
    let start = Instant::now();
    let value: T = serde_json::from_str(text).unwrap();
    std::hint::black_box(value); // dropped inside the timing
    start.elapsed()
}

fn run(which: usize, text: &'static str) -> Duration {
    match which {
        0 => time::<Collection<User>>(text),
        1 => time::<Collection<proto_cow::UserBorrowed<'static>>>(text),
        2 => time::<Collection<proto_compact::UserCompact>>(text),
        3 => time::<Collection<proto_sparse::UserSparse>>(text),
        PEER => time::<peer::Page<peer::User>>(text),
        _ => time::<Value>(text),
    }
}

fn size_of_variant(which: usize) -> usize {
    [
        size_of::<User>(),
        size_of::<proto_cow::UserBorrowed>(),
        size_of::<proto_compact::UserCompact>(),
        size_of::<proto_sparse::UserSparse>(),
        size_of::<peer::User>(),
        size_of::<Value>(),
    ][which]
}

/// The items of `text` read as `P`, written back: equal to the items read as `Value`?
fn lossless_as<'a, P: serde::Deserialize<'a> + serde::Serialize>(text: &'a str) -> bool {
    let strip = |v: Value| -> Vec<Value> {
        let mut items = match v.get("value") { Some(Value::Array(items)) => items.clone(), _ => return vec![] };
        for item in &mut items { if let Some(o) = item.as_object_mut() { o.remove("@odata.type"); } }
        items
    };
    match serde_json::from_str::<P>(text) {
        Ok(read) => strip(serde_json::to_value(&read).unwrap()) == strip(serde_json::from_str(text).unwrap()),
        Err(_) => false,
    }
}

fn lossless(which: usize, text: &str) -> bool {
    match which {
        0 => lossless_as::<Collection<User>>(text),
        1 => lossless_as::<Collection<proto_cow::UserBorrowed>>(text),
        2 => lossless_as::<Collection<proto_compact::UserCompact>>(text),
        3 => lossless_as::<Collection<proto_sparse::UserSparse>>(text),
        PEER => lossless_as::<peer::Page<peer::User>>(text),
        _ => lossless_as::<Value>(text),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: harness PAGE [ROUNDS]");
    let rounds: usize = args.next().map(|r| r.parse().expect("ROUNDS is a number")).unwrap_or(101);
    let text: &'static str = std::fs::read_to_string(&path).expect("the page reads").leak();
    // An escaped string (an owned Cow), a null, an unknown key, a repeated key, a boxed value.
    let tricky = r##"{"value":[{"displayName":"A\"dele","city":null,"businessPhones":["1","2\n"],"unknownProp":{"a":[1,2]},"mail":"a","mail":"b","mailboxSettings":{"timeZone":"UTC"},"createdDateTime":"2020-01-01T00:00:00Z","accountEnabled":true}]}"##;
    let checks: Vec<String> = (0..NAMES.len())
        .map(|k| match (lossless(k, text), lossless(k, tricky)) {
            (true, true) => "yes".to_string(),
            (page, tricky) => format!("no (page {page}, tricky {tricky})"),
        })
        .collect();

    let all: Vec<usize> = (0..NAMES.len()).collect();
    for &k in &all { run(k, text); } // warm-up
    let mut t: Vec<Vec<Duration>> = vec![vec![]; NAMES.len()];
    for round in 0..rounds {
        for i in 0..all.len() {
            let which = all[(round + i) % all.len()];
            t[which].push(run(which, text));
        }
    }
    // Ratios within a round (readers run back to back) are robust to load drift.
    let ratio = |a: usize, b: usize| {
        let mut r: Vec<f64> = t[a].iter().zip(&t[b]).map(|(x, y)| x.as_secs_f64() / y.as_secs_f64()).collect();
        r.sort_by(|x, y| x.partial_cmp(y).unwrap());
        r[r.len() / 2]
    };
    let median = |k: usize| {
        let mut v = t[k].clone();
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    println!("{} bytes, {} rounds; ms = median; peer/x, Value/x = median of per-round ratios (> 1: x faster)", text.len(), rounds);
    println!("| variant | size_of | ms | peer/x | Value/x | lossless |");
    println!("|---|---:|---:|---:|---:|---|");
    for k in all {
        println!("| {} | {} | {:.3} | {:.2} | {:.2} | {} |", NAMES[k], size_of_variant(k), median(k), ratio(PEER, k), ratio(VALUE, k), checks[k]);
    }
    if checks.iter().take(4).any(|c| c != "yes") {
        std::process::exit(1);
    }
}
