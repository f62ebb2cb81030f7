//! handlers/auth.rs: the span `#[instrument]` opens with event_id and conn_id declared empty, recorded once the
//! connection is found pending (the path modelled here; an AUTH after success or failure returns first).

use uuid::Uuid;

#[tracing::instrument(skip_all, fields(event_id, conn_id))]
pub async fn handle_auth(event_id_hex: String, conn_id: Uuid) {
    tracing::Span::current()
        .record("event_id", event_id_hex.as_str())
        .record("conn_id", conn_id.to_string().as_str());
}
