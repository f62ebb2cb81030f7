//! handlers/event.rs: event_id and kind declared empty, recorded first thing (kind as the u32 buzz computes),
//! then the local fan-out inside this span.

use crate::subscription;

#[tracing::instrument(skip_all, fields(event_id, kind))]
pub async fn handle_event(event_id_hex: String, kind_u32: u32, fan_out: bool) {
    tracing::Span::current()
        .record("event_id", event_id_hex.as_str())
        .record("kind", kind_u32);
    if fan_out {
        subscription::fan_out_scoped();
    }
}
