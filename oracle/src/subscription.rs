//! subscription.rs: SubRegistry::fan_out_scoped, a synchronous call with `#[instrument(skip_all)]`.

#[tracing::instrument(skip_all)]
pub fn fan_out_scoped() {}
