pub mod auth;
pub mod event;
