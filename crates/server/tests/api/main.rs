//! The service through HTTP, one module per part of the URL tree, each test on a fresh
//! database: status, ARM code, body shape, and what is stored afterwards.

mod activity;
mod auth;
mod concurrency;
mod conditional;
mod console_site;
mod emulator;
mod examples;
mod fidelity;
mod jobs;
mod jobs_rules;
mod read_cache;
mod scopes;
mod stream;
mod support;
mod webhooks;
