//! Reads a shortcode call, `name(key="text", n=3, on=true, list=["a", "b"])`, into its name and
//! arguments as template values. Strings take `"…"` or `'…'`; a bare word (`data=sla`) is text,
//! as the first shortcodes accepted it.

use tera::Value;

/// One parsed call: the shortcode's name and its arguments in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Value)>,
}

/// Why a call could not be read, in Norwegian.
pub type ParseError = String;

/// Parses `name(args)`; `source` is the text between `{{`/`}}` or `{%`/`%}`, trimmed.
pub fn parse(source: &str) -> Result<Call, ParseError> {
    let open = source.find('(').ok_or_else(|| {
        "kortkoden mangler parenteser: skriv navn(argument=\"verdi\")".to_string()
    })?;
    let name = source[..open].trim();
    if !is_identifier(name) {
        return Err(format!(
            "«{name}» er ikke et gyldig navn på en kortkode (bare bokstaver a–z, tall og _)"
        ));
    }
    let body = source[open + 1..]
        .trim_end()
        .strip_suffix(')')
        .ok_or_else(|| "kortkoden mangler avsluttende parentes «)»".to_string())?;
    let mut reader = Reader { rest: body };
    let mut args: Vec<(String, Value)> = Vec::new();
    reader.skip_space();
    while !reader.rest.is_empty() {
        let key = reader.identifier().ok_or_else(|| {
            format!(
                "ventet et argumentnavn ved «{}»",
                reader.rest.chars().take(20).collect::<String>()
            )
        })?;
        reader.skip_space();
        if !reader.eat('=') {
            return Err(format!("argumentet {key} mangler «=» og en verdi"));
        }
        reader.skip_space();
        let value = reader.value(0)?;
        if args.iter().any(|(k, _)| *k == key) {
            return Err(format!("argumentet {key} er gitt to ganger"));
        }
        args.push((key, value));
        reader.skip_space();
        if !reader.eat(',') && !reader.rest.is_empty() {
            return Err(format!(
                "ventet «,» mellom argumentene ved «{}»",
                reader.rest.chars().take(20).collect::<String>()
            ));
        }
        reader.skip_space();
    }
    Ok(Call {
        name: name.to_string(),
        args,
    })
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

struct Reader<'a> {
    rest: &'a str,
}

/// Lists inside lists are allowed, but not without end: the call is written by hand.
const MAX_NESTING: usize = 8;

impl Reader<'_> {
    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn identifier(&mut self) -> Option<String> {
        let end = self
            .rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest.len());
        let word = &self.rest[..end];
        if !is_identifier(word) {
            return None;
        }
        self.rest = &self.rest[end..];
        Some(word.to_string())
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if let Some(quote) = self.rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            self.rest = &self.rest[1..];
            let mut text = String::new();
            let mut chars = self.rest.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, escaped)) => text.push(escaped),
                        None => break,
                    },
                    c if c == quote => {
                        self.rest = &self.rest[i + 1..];
                        return Ok(Value::String(text));
                    }
                    c => text.push(c),
                }
            }
            return Err(format!("teksten mangler avsluttende {quote}"));
        }
        if self.eat('[') {
            if depth >= MAX_NESTING {
                return Err("listene i kortkoden er nestet for dypt".into());
            }
            let mut items = Vec::new();
            loop {
                self.skip_space();
                if self.eat(']') {
                    return Ok(Value::Array(items));
                }
                if self.rest.is_empty() {
                    return Err("listen mangler avsluttende «]»".into());
                }
                items.push(self.value(depth + 1)?);
                self.skip_space();
                if !self.eat(',') && !self.rest.starts_with(']') {
                    return Err("ventet «,» eller «]» i listen".into());
                }
            }
        }
        let end = self
            .rest
            .find(|c: char| c == ',' || c == ']' || c.is_whitespace())
            .unwrap_or(self.rest.len());
        let word = &self.rest[..end];
        if word.is_empty() {
            return Err("et argument mangler verdi".into());
        }
        self.rest = &self.rest[end..];
        Ok(match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => {
                if let Ok(n) = word.parse::<i64>() {
                    Value::from(n)
                } else if let Some(n) = word
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .and_then(serde_json::Number::from_f64)
                {
                    Value::Number(n)
                } else {
                    Value::String(word.to_string())
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_names_and_typed_arguments() {
        let call =
            parse(r#"chart(data="sla", y=["a", 'b'], n=3, f=1.5, on=true, bar=sla-2024)"#).unwrap();
        assert_eq!(call.name, "chart");
        assert_eq!(
            call.args,
            vec![
                ("data".into(), json!("sla")),
                ("y".into(), json!(["a", "b"])),
                ("n".into(), json!(3)),
                ("f".into(), json!(1.5)),
                ("on".into(), json!(true)),
                ("bar".into(), json!("sla-2024")),
            ]
        );
        assert_eq!(parse("tom()").unwrap().args, vec![]);
        assert_eq!(
            parse(r#"x(t="a \"b\", c")"#).unwrap().args,
            vec![("t".into(), json!("a \"b\", c"))]
        );
        assert_eq!(
            parse("x(l=[[1, 2], []])").unwrap().args,
            vec![("l".into(), json!([[1, 2], []]))]
        );
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        let cases = [
            ("table", "mangler parenteser"),
            ("ta ble()", "ikke et gyldig navn"),
            ("1x()", "ikke et gyldig navn"),
            ("table(", "avsluttende parentes"),
            ("table(data)", "mangler «=»"),
            ("table(data=)", "mangler verdi"),
            ("table(data=\"x)", "avsluttende \""),
            ("table(y=[\"a\")", "ventet «,» eller «]»"),
            ("table(a=1 b=2)", "ventet «,» mellom"),
            ("table(a=1, a=2)", "to ganger"),
            ("table(=1)", "argumentnavn"),
        ];
        for (source, expected) in cases {
            let err = parse(source).unwrap_err();
            assert!(err.contains(expected), "{source}: {err}");
        }
        let deep = format!("x(a={}{})", "[".repeat(20), "]".repeat(20));
        assert!(parse(&deep).unwrap_err().contains("dypt"));
    }
}
