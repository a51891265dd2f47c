//! Charts (WCAG 1.1.1): a `chart` shortcode's text alternative is its title, so a chart without
//! one, in the shortcode or the data file, would be described only by the file's name.

use super::Walk;
use crate::data::DataTable;
use std::collections::BTreeMap;

impl Walk<'_> {
    /// Charts whose text alternative would be the data file's name.
    pub(super) fn charts(&mut self, data: &BTreeMap<String, DataTable>) {
        let mut in_fence = false;
        let mut offset = 0;
        let mut found = Vec::new();
        for line in self.body.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            }
            if !in_fence {
                let mut from = 0;
                while let Some(open) = line[from..].find("{{").map(|o| from + o) {
                    let Some(close) = line[open..].find("}}").map(|c| open + c) else {
                        break;
                    };
                    let inner = line[open + 2..close].trim();
                    let in_code = line[..open].matches('`').count() % 2 == 1;
                    if !in_code && inner.starts_with("chart") {
                        found.push((offset + open, inner.to_string()));
                    }
                    from = close + 2;
                }
            }
            offset += line.len();
        }
        for (at, call) in found {
            if argument(&call, "title").is_some_and(|t| !t.trim().is_empty()) {
                continue;
            }
            let Some(name) = argument(&call, "data") else {
                continue;
            };
            // An unknown data file is already an error from the shortcode itself.
            let Some(table) = data.get(&name) else {
                continue;
            };
            if table.title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                continue;
            }
            self.warn(
                "a11y::chart-title",
                at,
                format!(
                    "diagrammet har ingen tittel, så tekstalternativet blir bare filnavnet «{name}»"
                ),
                format!(
                    "legg til title=\"Hva diagrammet viser\" i kortkoden, eller `title:` i datafilen (data/{name}.yaml)"
                ),
            );
        }
    }
}

/// A `key="value"` (or unquoted `key=value`) argument of a shortcode call.
fn argument(call: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = call[from..].find(key).map(|i| from + i) {
        let before = call[..i].chars().next_back();
        let rest = call[i + key.len()..].trim_start();
        if before.is_some_and(|c| c == '(' || c == ',' || c.is_whitespace())
            && let Some(value) = rest.strip_prefix('=')
        {
            let value = value.trim_start();
            return Some(match value.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or("").to_string(),
                None => value
                    .split([',', ')'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            });
        }
        from = i + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcode_arguments() {
        let call = r#"chart(data="sla-2024", x="maned", y=["a"], title="Saker, per måned")"#;
        assert_eq!(argument(call, "data").as_deref(), Some("sla-2024"));
        assert_eq!(argument(call, "title").as_deref(), Some("Saker, per måned"));
        assert_eq!(argument("chart(data=x)", "data").as_deref(), Some("x"));
        assert_eq!(argument(r#"chart(metadata="x")"#, "data"), None);
    }
}
