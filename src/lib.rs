//! kompetanse: a static site generator for offline knowledge portals (self-help, services,
//! requirements, contingency plans, processing records), for any organisation.
//!
//! The build flows one way through these stages, one module each:
//! [`load`] → [`validate`] → [`site`] (the `Site` model) → [`render`] (Markdown) →
//! [`derive`] (taxonomies, sitemap, feed, search, glossary, reports) → [`layout`] (templates)
//! → [`write`] (atomic output). [`pipeline`] runs them in order.

pub mod checks;
pub mod collisions;
pub mod config;
pub mod data;
pub mod date;
pub mod derive;
pub mod diagnostics;
pub mod editor;
pub mod frontmatter;
pub mod git;
pub mod i18n;
pub mod incremental;
pub mod init;
pub mod layout;
pub mod load;
pub mod markdown;
pub mod model;
pub mod new;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod serve;
pub mod site;
pub mod templates;
pub mod text;
pub mod theme;
pub mod url_policy;
pub mod urls;
pub mod validate;
pub mod views;
pub mod write;

pub use pipeline::{BuildFailure, BuildOptions, BuildSummary, Mode, build};
pub use site::Target;
