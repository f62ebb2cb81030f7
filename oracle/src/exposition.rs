//! Exposition mode: each stdin line is a JSON array of metric operations; for each line a fresh recorder, built
//! as buzz-relay's metrics.rs builds it, receives the operations through the `metrics` macros, and the rendered
//! text goes to stdout as one JSON string per line.
//!
//! Operations: {"op":"counter","name":N,"labels":[[k,v],..],"value":"<u64 decimal>"},
//! {"op":"gauge-set"|"gauge-inc"|"gauge-dec","name":N,"labels":[..],"value":"<f64 bits>"},
//! {"op":"histogram","name":N,"labels":[..],"value":"<f64 bits>"}, {"op":"scrape"} (a render whose text is
//! dropped: it drains histogram samples, as a scrape of buzz-relay does).
//!
//! buzz-relay adds an HTTP listener; its handler answers with `PrometheusHandle::render()`, the same call made
//! here, so the listener (and hyper) stay out of this build. Its upkeep task runs every 5 s; here draining
//! happens only at a render, which is what a scrape sees when no upkeep tick fell between the writes.

use std::io::{BufRead, Write};

use metrics::Label;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};
use serde_json::Value;

use crate::float_bits;

const LATENCY_BUCKETS_MS: [f64; 11] = [
    5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0,
];
const DURATION_BUCKETS_S: [f64; 10] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];
const FANOUT_BUCKETS: [f64; 9] = [0.0, 1.0, 5.0, 10.0, 25.0, 50.0, 100.0, 500.0, 1000.0];

fn buzz_recorder() -> Result<PrometheusRecorder, String> {
    let builder = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("http_request_latency_ms".to_owned()),
            &LATENCY_BUCKETS_MS,
        )
        .and_then(|b| b.set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), &DURATION_BUCKETS_S))
        .and_then(|b| {
            b.set_buckets_for_metric(Matcher::Full("buzz_fanout_recipients".to_owned()), &FANOUT_BUCKETS)
        })
        .map_err(|e| format!("bucket configuration rejected: {e}"))?;
    Ok(builder.build_recorder())
}

enum Op {
    Counter { name: String, labels: Vec<Label>, by: u64 },
    GaugeSet { name: String, labels: Vec<Label>, value: f64 },
    GaugeInc { name: String, labels: Vec<Label>, by: f64 },
    GaugeDec { name: String, labels: Vec<Label>, by: f64 },
    Histogram { name: String, labels: Vec<Label>, value: f64 },
    Scrape,
}

pub fn run() -> Result<(), String> {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for (index, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| format!("cannot read stdin: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let ops = parse_ops(&line).map_err(|e| format!("input line {}: {e}", index + 1))?;
        let text = render(&ops)?;
        let encoded = serde_json::to_string(&text).map_err(|e| format!("cannot encode output: {e}"))?;
        writeln!(stdout, "{encoded}").and_then(|_| stdout.flush()).map_err(|e| format!("cannot write: {e}"))?;
    }
    Ok(())
}

fn render(ops: &[Op]) -> Result<String, String> {
    let recorder = buzz_recorder()?;
    let handle = recorder.handle();
    metrics::with_local_recorder(&recorder, || {
        for op in ops {
            apply(op, &handle);
        }
    });
    Ok(handle.render())
}

// The macros register the handle on every call, as buzz-relay's call sites do: a counter incremented by 0 exists.
fn apply(op: &Op, handle: &metrics_exporter_prometheus::PrometheusHandle) {
    match op {
        Op::Counter { name, labels, by } => metrics::counter!(name.clone(), labels.clone()).increment(*by),
        Op::GaugeSet { name, labels, value } => metrics::gauge!(name.clone(), labels.clone()).set(*value),
        Op::GaugeInc { name, labels, by } => metrics::gauge!(name.clone(), labels.clone()).increment(*by),
        Op::GaugeDec { name, labels, by } => metrics::gauge!(name.clone(), labels.clone()).decrement(*by),
        Op::Histogram { name, labels, value } => {
            metrics::histogram!(name.clone(), labels.clone()).record(*value)
        }
        Op::Scrape => {
            handle.render();
        }
    }
}

fn parse_ops(line: &str) -> Result<Vec<Op>, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let items = value.as_array().ok_or("expected a JSON array of operations")?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_op(item).map_err(|e| format!("operation {i}: {e}")))
        .collect()
}

fn parse_op(item: &Value) -> Result<Op, String> {
    let kind = item.get("op").and_then(Value::as_str).ok_or("missing \"op\"")?;
    if kind == "scrape" {
        return Ok(Op::Scrape);
    }
    let name = item.get("name").and_then(Value::as_str).ok_or("missing \"name\"")?.to_owned();
    let labels = parse_labels(item.get("labels"))?;
    let text = item.get("value").and_then(Value::as_str).ok_or("missing string \"value\"")?;
    Ok(match kind {
        "counter" => Op::Counter {
            name,
            labels,
            by: text.parse().map_err(|e| format!("counter value {text:?} is not a u64: {e}"))?,
        },
        "gauge-set" => Op::GaugeSet { name, labels, value: float_bits::parse(text)? },
        "gauge-inc" => Op::GaugeInc { name, labels, by: float_bits::parse(text)? },
        "gauge-dec" => Op::GaugeDec { name, labels, by: float_bits::parse(text)? },
        "histogram" => Op::Histogram { name, labels, value: float_bits::parse(text)? },
        other => return Err(format!("unknown op {other:?}")),
    })
}

fn parse_labels(value: Option<&Value>) -> Result<Vec<Label>, String> {
    let Some(value) = value else { return Ok(Vec::new()) };
    let pairs = value.as_array().ok_or("\"labels\" must be an array of [key, value] pairs")?;
    pairs
        .iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(k), Value::String(v)]) => Ok(Label::new(k.clone(), v.clone())),
            _ => Err(format!("label {pair} is not a [key, value] pair of strings")),
        })
        .collect()
}
