//! The parts of buzz-relay whose tracing the oracle reproduces, in a library named `buzz_relay` so that spans carry
//! the targets and module paths buzz-relay's carry (`buzz_relay::connection`, …), which its `buzz_relay=info`
//! filter admits. Facts from block/buzz right after PR #1398; the code is this project's.

pub mod connection;
pub mod handlers;
pub mod subscription;
pub mod telemetry;
