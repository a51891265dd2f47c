//! The integration tests, one module per area, in one test binary (as mdBook's testsuite):
//! one binary links the crate once, where a binary per file linked it twenty times over.
//!
//! Run one area with `cargo test --test testsuite <module>::`, e.g.
//! `cargo test --test testsuite errors::`. Fixture sites are built by `common::Fixture`;
//! whole sites that several tests share are folders under tests/testsuite/sites/
//! (`Fixture::site("reports")`).

mod common;

mod a11y;
mod anysite;
mod build;
mod ci;
mod content;
mod edges_collisions;
mod edges_input;
mod edges_output;
mod edges_render;
mod edges_security;
mod editor;
mod errors;
mod fuzz;
mod git_dates;
mod glossary;
mod i18n;
mod incremental;
mod kinds;
mod publish;
mod reports;
mod search;
mod search_parity;
mod serve;
mod shortcodes;
mod suppliers;
mod trust;
