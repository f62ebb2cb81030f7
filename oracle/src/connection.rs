//! connection.rs's frame dispatch: AUTH inline, EVENT/REQ/COUNT spawned with their span attached. ws.event
//! declares event_id and kind empty and never records them (its child handle_event does).

use tracing::Instrument as _;
use uuid::Uuid;

use crate::handlers;

/// One client frame, as far as the spans it opens depend on it.
pub enum Frame {
    Auth { event_id: String },
    Event { event_id: String, kind: u32, fan_out: bool },
    Req { sub_id: String },
    Count { sub_id: String },
}

pub async fn handle_frame(frame: Frame, conn_id: Uuid) -> Result<(), String> {
    let spawned = match frame {
        Frame::Auth { event_id } => {
            let span = tracing::info_span!("ws.auth", conn_id = %conn_id);
            handlers::auth::handle_auth(event_id, conn_id).instrument(span).await;
            return Ok(());
        }
        Frame::Event { event_id, kind, fan_out } => {
            let span = tracing::info_span!(
                "ws.event",
                conn_id = %conn_id,
                event_id = tracing::field::Empty,
                kind = tracing::field::Empty,
            );
            tokio::spawn(handlers::event::handle_event(event_id, kind, fan_out).instrument(span))
        }
        Frame::Req { sub_id } => {
            let span = tracing::info_span!("ws.req", conn_id = %conn_id, sub_id = %sub_id);
            tokio::spawn(async {}.instrument(span))
        }
        Frame::Count { sub_id } => {
            let span = tracing::info_span!("ws.count", conn_id = %conn_id, sub_id = %sub_id);
            tokio::spawn(async {}.instrument(span))
        }
    };
    spawned.await.map_err(|e| format!("a frame's task failed: {e}"))
}
