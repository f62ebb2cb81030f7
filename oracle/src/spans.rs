//! Spans mode: stdin holds a JSON array of frames in the suite's SentFrame shape ({"type":"AUTH","client",
//! "eventId"}, {"type":"EVENT","client","eventId","kind","fanOut"?}, {"type":"REQ"|"COUNT","client","subId"}).
//! Each client gets its own conn_id; each frame opens buzz-relay's spans for it (the buzz_relay library) through
//! buzz's subscriber stack and OTLP/gRPC exporter, OTEL_EXPORTER_OTLP_ENDPOINT naming the collector. The provider
//! is shut down at the end, which flushes, as buzz's SIGTERM path does. stdout gets {"connIds":{client:conn_id}}.

use std::collections::BTreeMap;

use buzz_relay::connection::{handle_frame, Frame};
use buzz_relay::telemetry::{install_subscriber, service_resource, try_init_tracer, TracerInit};
use serde_json::{json, Value};
use uuid::Uuid;

pub fn run() -> Result<(), String> {
    let input = std::io::read_to_string(std::io::stdin()).map_err(|e| format!("cannot read stdin: {e}"))?;
    let frames = parse_frames(&input)?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("no Tokio runtime: {e}"))?;
    let conn_ids = runtime.block_on(open_spans(frames))?;
    println!("{}", json!({ "connIds": conn_ids }));
    Ok(())
}

async fn open_spans(frames: Vec<(String, Frame)>) -> Result<BTreeMap<String, String>, String> {
    let tracer_init = try_init_tracer(service_resource());
    install_subscriber(&tracer_init)?;
    let provider = match tracer_init {
        TracerInit::Enabled(provider) => provider,
        TracerInit::Disabled => return Err("set OTEL_EXPORTER_OTLP_ENDPOINT to the collector's gRPC URL".into()),
        TracerInit::ExporterBuildFailed(e) => return Err(format!("the OTLP exporter did not build: {e}")),
    };
    let mut conn_ids = BTreeMap::new();
    for (client, frame) in frames {
        let conn_id = *conn_ids.entry(client).or_insert_with(Uuid::new_v4);
        handle_frame(frame, conn_id).await?;
    }
    provider.shutdown().map_err(|e| format!("the tracer provider did not shut down cleanly: {e}"))?;
    Ok(conn_ids.into_iter().map(|(client, id)| (client, id.to_string())).collect())
}

fn parse_frames(input: &str) -> Result<Vec<(String, Frame)>, String> {
    let value: Value = serde_json::from_str(input).map_err(|e| format!("stdin is not JSON: {e}"))?;
    let items = value.as_array().ok_or("stdin must be a JSON array of frames")?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_frame(item).map_err(|e| format!("frame {i}: {e}")))
        .collect()
}

fn parse_frame(item: &Value) -> Result<(String, Frame), String> {
    let text = |key: &str| {
        item.get(key).and_then(Value::as_str).map(str::to_owned).ok_or(format!("missing string {key:?}"))
    };
    let client = text("client")?;
    let frame = match text("type")?.as_str() {
        "AUTH" => Frame::Auth { event_id: text("eventId")? },
        "EVENT" => {
            let kind = item.get("kind").and_then(Value::as_u64).ok_or("missing integer \"kind\"")?;
            Frame::Event {
                event_id: text("eventId")?,
                kind: u32::try_from(kind).map_err(|_| format!("kind {kind} does not fit a u32"))?,
                fan_out: item.get("fanOut").and_then(Value::as_bool).unwrap_or(true),
            }
        }
        "REQ" => Frame::Req { sub_id: text("subId")? },
        "COUNT" => Frame::Count { sub_id: text("subId")? },
        other => return Err(format!("frame type {other:?} opens no span; send AUTH, EVENT, REQ or COUNT")),
    };
    Ok((client, frame))
}
