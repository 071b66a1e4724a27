//! The report's one typeface, shipped with the app and embedded in every PDF, and the
//! measuring of text set in it. It exists so that a report looks the same on every
//! computer and offline, whatever fonts the reader has: DejaVu Sans covers Latin, Cyrillic
//! and the Uzbek Latin letters (ʻ U+02BB, ʼ U+02BC). The files are in `assets/fonts/`
//! with their licence; the PDF writer embeds only the glyphs a report uses.

use std::sync::OnceLock;

/// DejaVu Sans, for body text.
pub static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, for headings.
pub static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The weight a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    /// The font file of this weight.
    pub fn data(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }
}

fn face(weight: Weight) -> &'static ttf_parser::Face<'static> {
    static REGULAR_FACE: OnceLock<ttf_parser::Face<'static>> = OnceLock::new();
    static BOLD_FACE: OnceLock<ttf_parser::Face<'static>> = OnceLock::new();
    let cell = match weight {
        Weight::Regular => &REGULAR_FACE,
        Weight::Bold => &BOLD_FACE,
    };
    cell.get_or_init(|| {
        ttf_parser::Face::parse(weight.data(), 0)
            .expect("the shipped font is a valid TrueType file")
    })
}

/// Whether the font has a glyph for every character of `text` (spaces and line breaks
/// aside): a character it lacks would print as an empty box.
pub fn covers(weight: Weight, text: &str) -> bool {
    let face = face(weight);
    text.chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| face.glyph_index(c).is_some())
}

/// The width of `text` set at `size` points, from the glyphs' advances (kerning aside,
/// which is close enough for wrapping and alignment).
pub fn width(weight: Weight, size: f32, text: &str) -> f32 {
    let face = face(weight);
    let units: u32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .or_else(|| face.glyph_index('?'))
                .and_then(|g| face.glyph_hor_advance(g))
                .unwrap_or(0) as u32
        })
        .sum();
    units as f32 * size / face.units_per_em() as f32
}

/// `text` broken into lines no wider than `max` at `size`: at spaces where it can (never
/// at a no-break space), inside a word only when the word alone is too wide. An empty
/// text is one empty line.
pub fn wrap(weight: Weight, size: f32, text: &str, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        // Only a plain space breaks a line: a no-break space (in a phone number) holds.
        for word in paragraph.split([' ', '\t']).filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(weight, size, &candidate) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it must be.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(weight, size, &piece) > max && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_covers_every_script_the_app_speaks() {
        for weight in [Weight::Regular, Weight::Bold] {
            assert!(covers(weight, "Report for the clinic visit"));
            assert!(covers(weight, "Отчёт к визиту: лечащая команда, «Причина»"));
            assert!(covers(
                weight,
                "Oʻzbek: soʻrovnoma, bogʻlanish, meʼyor — ● ○ – °C µmol/L ×10⁹/L"
            ));
            // The check can fail: a script DejaVu Sans does not have.
            assert!(!covers(weight, "漢字"));
        }
    }

    #[test]
    fn wider_text_measures_wider_and_bold_is_wider() {
        let a = width(Weight::Regular, 10.0, "Temperature");
        assert!(a > 40.0 && a < 80.0, "{a}");
        assert!(width(Weight::Regular, 20.0, "Temperature") > 1.9 * a);
        assert!(width(Weight::Bold, 10.0, "Temperature") > a);
        assert_eq!(width(Weight::Regular, 10.0, ""), 0.0);
    }

    #[test]
    fn wrapping_keeps_every_word_and_every_line_fits() {
        let text = "Ваша температура 38,2 °C — на уровне 37,5 °C или выше: это предел для людей на химиотерапии";
        let lines = wrap(Weight::Regular, 9.0, text, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(width(Weight::Regular, 9.0, line) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
        // A word longer than the line is cut, never lost.
        let long = "x".repeat(200);
        let cut = wrap(Weight::Regular, 9.0, &long, 50.0);
        assert!(cut.len() > 3);
        assert_eq!(cut.concat(), long);
        assert_eq!(wrap(Weight::Regular, 9.0, "", 50.0), vec![String::new()]);
        // A no-break space holds a phone number together.
        let phone = "Care team: +998\u{a0}71\u{a0}200\u{a0}00\u{a0}01";
        let lines = wrap(Weight::Regular, 9.0, phone, 90.0);
        assert_eq!(
            lines,
            vec!["Care team:", "+998\u{a0}71\u{a0}200\u{a0}00\u{a0}01"]
        );
    }
}
