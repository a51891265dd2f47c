//! CSV as Norwegian spreadsheets expect it, shared by every report with a table: one place
//! decides quoting and the defence against formula injection, so no report can forget it.

/// A cell a spreadsheet would run as a formula (CSV injection, OWASP): it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms), and is not
/// simply a number. Such a cell gets a leading `'` so spreadsheets show it as text.
fn neutralised(field: &str) -> std::borrow::Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);
    let number = field.replacen(',', ".", 1).parse::<f64>().is_ok()
        && field
            .chars()
            .all(|c| c.is_ascii_digit() || "+-,.".contains(c));
    if risky && !number {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// A CSV document as spreadsheets in Norway expect it: UTF-8 with byte-order mark, `;`
/// between fields (the comma is the decimal sign), CRLF line ends. Cells that would run as
/// formulas are neutralised.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    let line = |fields: &mut dyn Iterator<Item = &str>| -> String {
        fields
            .map(|f| {
                let f = neutralised(f);
                if f.starts_with('\'') || f.contains([';', '"', '\n', '\r']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    out.push_str(&line(&mut header.iter().copied()));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
        out.push_str("\r\n");
    }
    out
}

/// How a CSV says whether a page is an example, in the site's language.
pub fn yes_no(value: bool, language: &crate::i18n::Translations) -> String {
    language
        .text(if value { "csv.yes" } else { "csv.no" })
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_uses_semicolons() {
        let text = csv(&["a", "b"], &[vec!["x;y".into(), "sa \"hei\"".into()]]);
        assert_eq!(text, "\u{feff}a;b\r\n\"x;y\";\"sa \"\"hei\"\"\"\r\n");
    }

    #[test]
    fn formula_cells_are_neutralised() {
        let cases = [
            ("=1+1", "\"'=1+1\""),
            (
                "=HYPERLINK(\"http://x.example\",\"klikk\")",
                "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"klikk\"\")\"",
            ),
            ("+47 123", "\"'+47 123\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("\r=1", "\"'\r=1\""),
            ("＝1+1", "\"'＝1+1\""),
            ("-3", "-3"),
            ("-1,5", "-1,5"),
            ("a=b", "a=b"),
            ("Skal", "Skal"),
        ];
        for (cell, expected) in cases {
            let text = csv(&["a"], &[vec![cell.into()]]);
            assert_eq!(text, format!("\u{feff}a\r\n{expected}\r\n"), "{cell:?}");
        }
    }
}
