//! Alternative text of Markdown images (WCAG 1.1.1): missing, or only the file name.

use super::Walk;

const IMAGE_EXTENSIONS: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".tif", ".tiff",
];

impl Walk<'_> {
    pub(super) fn image(&mut self, alt: &str, dest: &str, offset: usize) {
        let alt = alt.trim();
        let file = dest
            .rsplit('/')
            .next()
            .unwrap_or(dest)
            .split(['?', '#'])
            .next()
            .unwrap_or("");
        let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
        let lower = alt.to_lowercase();
        let is_file_name = !alt.is_empty()
            && (lower == file.to_lowercase()
                || lower == stem.to_lowercase()
                || IMAGE_EXTENSIONS.iter().any(|e| lower.ends_with(e)));
        let example = format!("![Skjermbilde av …]({dest})");
        if alt.is_empty() {
            self.warn(
                "a11y::image-alt",
                offset,
                format!("bildet {file} mangler alternativ tekst"),
                format!(
                    "skriv kort hva bildet viser mellom hakeparentesene, for eksempel {example}"
                ),
            );
        } else if is_file_name {
            self.warn(
                "a11y::image-alt",
                offset,
                format!("den alternative teksten til bildet er filnavnet «{alt}»"),
                format!("skriv hva bildet viser i stedet for filnavnet, for eksempel {example}"),
            );
        }
    }
}
