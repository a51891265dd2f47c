//! The search index: built with elasticlunr-rs' Norwegian language support, written as small
//! JavaScript files that the browser loads through script tags (so search works from file://).

pub mod analyzer;
