//! The laid-out pages written as a PDF, with krilla. It exists so that the PDF library is
//! met in one place: everything above it is plain data ([`crate::layout`]). Text is set in
//! the shipped DejaVu Sans, which krilla embeds as a subset with a ToUnicode map (the
//! text can be searched and copied); charts are vector paths. The output has no creation
//! date, so the same report gives the same bytes.

use crate::fonts::Weight;
use crate::layout::{Op, Page, Rgb, PAGE_HEIGHT, PAGE_WIDTH};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use std::fmt;

/// Why no PDF could be written (a bug, never the data's fault: krilla refuses only what
/// this module asks wrongly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the PDF could not be written: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

fn colour(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: colour(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// The PDF of `pages`, titled `title`, in language `lang`.
pub fn write(pages: &[Page], title: &str, lang: &str) -> Result<Vec<u8>, PdfError> {
    let regular = Font::new(Weight::Regular.data().into(), 0)
        .ok_or_else(|| PdfError("the regular font cannot be read".into()))?;
    let bold = Font::new(Weight::Bold.data().into(), 0)
        .ok_or_else(|| PdfError("the bold font cannot be read".into()))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language(lang.to_string())
            .creator("Symptom Diary".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| PdfError("bad page size".into()))?;
    for page in pages {
        let mut p = document.start_page_with(settings.clone());
        let mut surface = p.surface();
        for op in &page.ops {
            draw(&mut surface, op, &regular, &bold);
        }
        surface.finish();
        p.finish();
    }
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

fn draw(surface: &mut Surface, op: &Op, regular: &Font, bold: &Font) {
    match op {
        Op::Text {
            x,
            y,
            size,
            weight,
            colour: c,
            text,
        } => {
            if text.is_empty() {
                return;
            }
            let font = match weight {
                Weight::Regular => regular.clone(),
                Weight::Bold => bold.clone(),
            };
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*c)));
            surface.draw_text(
                Point::from_xy(*x, *y),
                font,
                *size,
                text,
                false,
                TextDirection::LeftToRight,
            );
        }
        Op::Path {
            points,
            closed,
            stroke,
            dashed,
            fill: inside,
        } => {
            let mut pb = PathBuilder::new();
            for (i, (x, y)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*x, *y);
                } else {
                    pb.line_to(*x, *y);
                }
            }
            if *closed {
                pb.close();
            }
            let Some(path) = pb.finish() else {
                return;
            };
            surface.set_fill(inside.map(fill));
            surface.set_stroke(stroke.map(|(c, width)| Stroke {
                paint: colour(c).into(),
                width,
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                dash: dashed.then(|| StrokeDash {
                    array: vec![2.5, 2.0],
                    offset: 0.0,
                }),
                ..Stroke::default()
            }));
            surface.draw_path(&path);
        }
        Op::Dot {
            x,
            y,
            r,
            colour: c,
            filled,
        } => {
            // A circle from four Bézier quarters.
            let k = 0.552_284_8 * r;
            let mut pb = PathBuilder::new();
            pb.move_to(x + r, *y);
            pb.cubic_to(x + r, y + k, x + k, y + r, *x, y + r);
            pb.cubic_to(x - k, y + r, x - r, y + k, x - r, *y);
            pb.cubic_to(x - r, y - k, x - k, y - r, *x, y - r);
            pb.cubic_to(x + k, y - r, x + r, y - k, x + r, *y);
            pb.close();
            let Some(path) = pb.finish() else {
                return;
            };
            if *filled {
                surface.set_fill(Some(fill(*c)));
                surface.set_stroke(None);
            } else {
                surface.set_fill(Some(fill(Rgb(255, 255, 255))));
                surface.set_stroke(Some(Stroke {
                    paint: colour(*c).into(),
                    width: 1.2,
                    ..Stroke::default()
                }));
            }
            surface.draw_path(&path);
        }
    }
}
