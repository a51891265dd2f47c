//! Typed template contexts, modelled on Zola's `SerializingPage`: `#[derive(Serialize)]`
//! structs whose field names are the template variables. Stages after `render` read and build
//! these instead of JSON by string key, so a misspelt field is a compile error rather than an
//! empty spot on a page. Templates see exactly the same variables as before.

pub mod document;
pub mod kind;

pub use kind::*;
