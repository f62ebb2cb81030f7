//! telemetry.rs and main.rs's tracing set-up: the resource, the exporter and provider, the tracer's scope and the
//! subscriber stack.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::{resource::EnvResourceDetector, trace::SdkTracerProvider, Resource};
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

const DEFAULT_SERVICE_NAME: &str = "buzz-relay";
const SCOPE_NAME: &str = "buzz-relay";

/// service.name from a non-empty OTEL_SERVICE_NAME or the fallback, then OTEL_RESOURCE_ATTRIBUTES merged over it
/// by the SDK's env detector: nothing else (no SDK-provided or telemetry detectors).
pub fn service_resource() -> Resource {
    let service_name = std::env::var("OTEL_SERVICE_NAME")
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| DEFAULT_SERVICE_NAME.to_owned());
    Resource::builder_empty()
        .with_service_name(service_name)
        .with_detector(Box::new(EnvResourceDetector::new()))
        .build()
}

pub enum TracerInit {
    Enabled(SdkTracerProvider),
    /// OTEL_EXPORTER_OTLP_ENDPOINT is absent: nothing is built, nothing dials.
    Disabled,
    /// The variable exists but the OTLP/gRPC exporter refused to build; buzz logs this and runs without tracing.
    ExporterBuildFailed(String),
}

/// Presence of OTEL_EXPORTER_OTLP_ENDPOINT is the switch; the exporter reads its own variables from there on.
/// Must run inside a Tokio runtime (the exporter's channel is created lazily on it), as buzz's main does.
pub fn try_init_tracer(resource: Resource) -> TracerInit {
    if std::env::var("OTEL_EXPORTER_OTLP_ENDPOINT").is_err() {
        return TracerInit::Disabled;
    }
    match opentelemetry_otlp::SpanExporter::builder().with_tonic().build() {
        Ok(exporter) => {
            let provider = SdkTracerProvider::builder()
                .with_resource(resource)
                .with_batch_exporter(exporter)
                .build();
            opentelemetry::global::set_tracer_provider(provider.clone());
            TracerInit::Enabled(provider)
        }
        Err(error) => TracerInit::ExporterBuildFailed(error.to_string()),
    }
}

/// buzz's subscriber: JSON fmt layer, the env filter with `buzz_relay=info` added, the OpenTelemetry layer when
/// tracing is on. The one change: log lines go to stderr, because the oracle answers on stdout.
pub fn install_subscriber(tracer_init: &TracerInit) -> Result<(), String> {
    let otel_layer = match tracer_init {
        TracerInit::Enabled(provider) => {
            Some(tracing_opentelemetry::layer().with_tracer(provider.tracer(SCOPE_NAME)))
        }
        _ => None,
    };
    let directive = "buzz_relay=info"
        .parse()
        .map_err(|e| format!("the filter directive does not parse: {e}"))?;
    tracing_subscriber::registry()
        .with(fmt::layer().json().flatten_event(true).with_writer(std::io::stderr))
        .with(EnvFilter::from_default_env().add_directive(directive))
        .with(otel_layer)
        .try_init()
        .map_err(|e| format!("the subscriber could not be installed: {e}"))
}
