//! Exporter-build mode: what buzz-relay's tracer set-up decides under this process's environment, as JSON:
//! {"tracer":"enabled"} | {"tracer":"disabled"} | {"tracer":"exporter-build-failed","error":..}. Nothing is
//! exported: an enabled provider's channel is lazy, so this mode opens no connection.

use serde_json::json;

use buzz_relay::telemetry::{service_resource, try_init_tracer, TracerInit};

pub fn run() -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("no Tokio runtime: {e}"))?;
    let answer = runtime.block_on(async {
        match try_init_tracer(service_resource()) {
            TracerInit::Enabled(_) => json!({ "tracer": "enabled" }),
            TracerInit::Disabled => json!({ "tracer": "disabled" }),
            TracerInit::ExporterBuildFailed(error) => json!({ "tracer": "exporter-build-failed", "error": error }),
        }
    });
    println!("{answer}");
    Ok(())
}
