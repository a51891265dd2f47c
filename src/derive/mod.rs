//! Stage 4: what is derived from the rendered pages: taxonomies, sitemap, feed, search index,
//! glossary and reports. Each module reads the `Site` and the rendered content and produces
//! data for the layout stage or files for the output.

pub mod feed;
pub mod glossary;
pub mod krav_history;
pub mod offline;
pub mod reports;
pub mod search;
pub mod sitemap;
pub mod taxonomy;
