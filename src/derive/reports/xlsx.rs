//! The requirement matrix as an Excel workbook for suppliers: one sheet with every requirement
//! and one per requirement document, with the supplier's two answer columns open for input and
//! everything else protected, so an answered file can be read back against the published text.

use crate::date::Date;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

/// The workbook's texts in the site's language (`xlsx.*` in the table).
pub struct Texts {
    /// Name of the sheet with every requirement.
    pub all_sheet: String,
    /// A sheet's name when its document id leaves nothing usable.
    pub fallback_sheet: String,
    /// Values the supplier may choose in the «Oppfylt» column.
    pub answers: [String; 3],
    pub title: String,
    pub input_title: String,
    pub input_message: String,
    pub error_title: String,
    pub error_message: String,
}

impl Texts {
    pub fn of(language: &crate::i18n::Translations) -> Texts {
        let t = |key: &str| language.text(key).to_string();
        Texts {
            all_sheet: t("xlsx.all_sheet"),
            fallback_sheet: t("xlsx.fallback_sheet"),
            answers: [
                t("xlsx.answer_yes"),
                t("xlsx.answer_no"),
                t("xlsx.answer_partly"),
            ],
            title: t("report.kravmatrise.title"),
            input_title: t("xlsx.input_title"),
            input_message: t("xlsx.input_message"),
            error_title: t("xlsx.error_title"),
            error_message: t("xlsx.error_message"),
        }
    }
}

/// Excel's most characters in a cell; a longer requirement text is an error in `check`
/// (`Code::KravTextTooLong`), since a shortened text in a supplier's answer sheet would be a
/// different requirement.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Most characters in a sheet name.
const MAX_SHEET_NAME: usize = 31;

/// A sheet name English Excel keeps for itself.
const RESERVED_SHEET_NAME: &str = "History";

/// `text` without apostrophes and spaces at either end: a sheet name may neither begin nor
/// end with an apostrophe.
fn trim_name(text: &str) -> &str {
    text.trim_matches(|c: char| c == '\'' || c.is_whitespace())
}

/// The first `max` characters of `text`, trimmed again, since cutting can leave an apostrophe
/// at the end.
fn cut(text: &str, max: usize) -> String {
    let cut: String = text.chars().take(max).collect();
    trim_name(&cut).to_string()
}

/// A valid sheet name for `wanted`, unique among `taken`: Excel allows 31 characters, none
/// of `[]:*?/\`, no apostrophe first or last, not the reserved `History`, and compares names
/// regardless of case, also of letters like Æ, Ø and Å.
fn sheet_name(wanted: &str, taken: &[String], fallback: &str) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let base = match cut(trim_name(&clean), MAX_SHEET_NAME) {
        empty if empty.is_empty() => cut(fallback, MAX_SHEET_NAME),
        base => base,
    };
    let free = |name: &str| {
        let folded = name.to_lowercase();
        rust_xlsxwriter::utility::check_sheet_name(name).is_ok()
            && folded != RESERVED_SHEET_NAME.to_lowercase()
            && !taken.iter().any(|t| t.to_lowercase() == folded)
    };
    if free(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let keep = MAX_SHEET_NAME - suffix.chars().count();
            format!("{}{suffix}", cut(&base, keep))
        })
        .find(|name| free(name))
        .unwrap_or(base)
}

/// Column width in Excel's character units: wide enough for the longest value, within bounds
/// so that long requirement texts wrap instead of making the sheet unreadable.
fn column_width(header: &str, rows: &[Vec<String>], col: usize) -> f64 {
    let longest = rows
        .iter()
        .filter_map(|r| r.get(col))
        .chain(std::iter::once(&header.to_string()))
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    (longest as f64 + 2.0).clamp(8.0, 70.0)
}

fn fill_sheet(
    sheet: &mut Worksheet,
    header: &[&str],
    rows: &[Vec<String>],
    answer_columns: &[usize],
    texts: &Texts,
) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let locked = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let open = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_unlocked();
    for (c, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &head)?;
        sheet.set_column_width(c as u16, column_width(title, rows, c))?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, _) in header.iter().enumerate() {
            let value = row.get(c).map(String::as_str).unwrap_or("");
            let format = if answer_columns.contains(&c) {
                &open
            } else {
                &locked
            };
            // Strings are written as strings, so a text beginning with `=` stays text.
            if value.is_empty() {
                sheet.write_blank(r, c as u16, format)?;
            } else {
                sheet.write_string_with_format(r, c as u16, value, format)?;
            }
        }
    }
    let last_row = rows.len() as u32;
    let last_col = header.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row.max(1), last_col)?;
    if let Some(&answer) = answer_columns.first()
        && !rows.is_empty()
    {
        let validation = DataValidation::new()
            .allow_list_strings(&texts.answers)?
            .set_input_title(&texts.input_title)?
            .set_input_message(&texts.input_message)?
            .set_error_title(&texts.error_title)?
            .set_error_message(&texts.error_message)?;
        sheet.add_data_validation(1, answer as u16, last_row, answer as u16, &validation)?;
    }
    let mut protection = ProtectionOptions::new();
    protection.use_autofilter = true;
    protection.sort = true;
    protection.format_columns = true;
    protection.format_rows = true;
    sheet.protect_with_options(&protection);
    Ok(())
}

/// The workbook: the sheet with all requirements first, then one sheet per document, each named
/// by its document id. `answer_columns` are the columns the supplier fills in; the first of them
/// takes one of `texts.answers`. `created` is the workbook's creation date: the writer would
/// otherwise stamp the current time and two builds of the same content would differ.
pub fn workbook(
    header: &[&str],
    documents: &[(String, Vec<Vec<String>>)],
    answer_columns: &[usize],
    created: Date,
    texts: &Texts,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(created.year).unwrap_or(2000),
        created.month,
        created.day,
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&texts.title)
            .set_creation_datetime(&created),
    );
    let all: Vec<Vec<String>> = documents
        .iter()
        .flat_map(|(_, rows)| rows.iter().cloned())
        .collect();
    let mut names = vec![texts.all_sheet.clone()];
    let sheet = book.add_worksheet();
    sheet.set_name(&texts.all_sheet)?;
    fill_sheet(sheet, header, &all, answer_columns, texts)?;
    for (id, rows) in documents {
        let name = sheet_name(id, &names, &texts.fallback_sheet);
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        fill_sheet(sheet, header, rows, answer_columns, texts)?;
        names.push(name);
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_always_accepted_by_the_writer() {
        let ids = [
            "KRAV-ÆØÅ",
            "krav-æøå",
            "History",
            "history",
            &format!("{}'X", "A".repeat(30)),
            "'sitert'",
            "''",
            "[]:*?/\\",
            "Alle krav",
            "ALLE KRAV",
            &"Ø".repeat(40),
            &"ø".repeat(40),
            "a\u{7}b",
        ];
        let documents: Vec<(String, Vec<Vec<String>>)> = ids
            .iter()
            .map(|id| (id.to_string(), vec![vec![id.to_string(), "tekst".into()]]))
            .collect();
        let created = Date {
            year: 2024,
            month: 1,
            day: 1,
        };
        let texts = Texts::of(&crate::i18n::Translations::builtin());
        workbook(&["Id", "Tekst"], &documents, &[], created, &texts).expect("a workbook");
        let mut names = vec!["Alle krav".to_string()];
        for id in ids {
            let name = sheet_name(id, &names, "Krav");
            assert!(
                rust_xlsxwriter::utility::check_sheet_name(&name).is_ok(),
                "{name:?}"
            );
            assert!(!name.eq_ignore_ascii_case("history"), "{name:?}");
            names.push(name);
        }
        assert_eq!(names[2], "krav-æøå (2)");
        assert_eq!(names[3], "History (2)");
        assert_eq!(names[5], "A".repeat(30), "no apostrophe left at the end");
        assert_eq!(names[6], "sitert");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["Alle krav".to_string(), "KRAV-A".to_string()];
        assert_eq!(sheet_name("KRAV/B:1", &taken, "Krav"), "KRAV-B-1");
        assert_eq!(sheet_name("krav-a", &taken, "Krav"), "krav-a (2)");
        let long = "X".repeat(40);
        assert_eq!(sheet_name(&long, &taken, "Krav").chars().count(), 31);
        assert_eq!(sheet_name("", &taken, "Krav"), "Krav");
    }
}
