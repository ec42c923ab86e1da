//! Fonts of the one-pagers: loading, the fallback chain, and shaping text into
//! glyph runs with rustybuzz (kerning and ligatures applied), so the layout can
//! measure exactly what the writer will draw. The writer makes its own (krilla)
//! fonts from the same bytes (`write::PdfFonts`).

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::render::pdf::display::Glyph;
use crate::render::pdf::style::Style;
use crate::theme::Theme;

/// Longest run handed to the shaper at once.
const MAX_RUN_BYTES: usize = 512;

/// Which of the main fonts a span asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum FontStyle {
    /// Body text.
    Regular,
    /// Headings, strong.
    Bold,
    /// Emphasis.
    Italic,
    /// Code: the monospace face.
    Mono,
}

struct LoadedFont {
    data: &'static [u8],
    face: rustybuzz::Face<'static>,
    units_per_em: f32,
    /// The style's name for the file and where it was found, for messages.
    name: String,
    origin: PathBuf,
}

/// Shape plans by font, direction and script: compiling a plan costs more than
/// shaping a word, and a one-pager shapes hundreds of words.
type PlanCache = std::sync::Mutex<
    std::collections::HashMap<
        (usize, rustybuzz::Direction, rustybuzz::Script),
        std::sync::Arc<rustybuzz::ShapePlan>,
    >,
>;

/// The fonts of a style: regular, bold, italic, then the fallback chain.
pub struct FontSet {
    fonts: Vec<LoadedFont>,
    plans: PlanCache,
    hash: u64,
}

/// A run of glyphs in one font, ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// Index into the font set.
    pub font: usize,
    /// Glyphs with advances normalised to the em (multiply by the size).
    pub glyphs: Vec<Glyph>,
    /// The text the glyphs come from (their ranges index into it).
    pub text: String,
    /// Width in ems.
    pub width_em: f32,
}

impl FontSet {
    /// Loads the fonts named by `style` from the theme's `pdf/` folder.
    pub fn load(theme: &Theme, style: &Style) -> Result<FontSet, Vec<Diagnostic>> {
        let mut names = vec![
            style.fonts.regular.clone(),
            style.fonts.bold.clone(),
            style.fonts.italic.clone(),
        ];
        names.extend(style.fonts.fallback.iter().cloned());
        // Last, so the fallback chain (3..) stays the theme's own.
        names.push(style.fonts.mono.clone());
        let mut fonts = Vec::new();
        let mut errors = Vec::new();
        for name in names {
            let Some((bytes, origin)) = theme.pdf_file(&name) else {
                errors.push(
                    Diagnostic::error(
                        &style.origin,
                        format!("font file `{name}` not found in the theme's pdf/ folder"),
                    )
                    .expected("a .ttf or .otf file path relative to the theme's pdf/ folder")
                    .hint("check the `fonts:` entries of the PDF style"),
                );
                continue;
            };
            let data: &'static [u8] = match bytes {
                std::borrow::Cow::Borrowed(b) => b,
                std::borrow::Cow::Owned(v) => intern(v),
            };
            match rustybuzz::Face::from_slice(data, 0) {
                Some(face) => {
                    let units_per_em = face.units_per_em() as f32;
                    fonts.push(LoadedFont {
                        data,
                        face,
                        units_per_em,
                        name,
                        origin,
                    });
                }
                None => errors.push(unreadable_font(&name, origin)),
            }
        }
        if errors.is_empty() {
            Ok(FontSet::new(fonts))
        } else {
            Err(errors)
        }
    }

    fn new(fonts: Vec<LoadedFont>) -> FontSet {
        // A stable hash (FNV-1a), not `DefaultHasher`: it names cached PDFs on disk,
        // so it must not change with the Rust version.
        let mut hash = crate::render::pdf::cache::StableHasher::new();
        for f in &fonts {
            hash.write(&(f.data.len() as u64).to_le_bytes());
            hash.write(f.data);
        }
        FontSet {
            fonts,
            plans: PlanCache::default(),
            hash: hash.finish(),
        }
    }

    /// Hash of every font file's bytes (part of the PDF cache key), stable across builds.
    pub(crate) fn hash(&self) -> u64 {
        self.hash
    }

    /// The file bytes, style name and origin of each font, in run font index order
    /// (for the writer, which embeds them).
    pub(crate) fn files(&self) -> impl Iterator<Item = (&'static [u8], &str, &std::path::Path)> {
        self.fonts
            .iter()
            .map(|f| (f.data, f.name.as_str(), f.origin.as_path()))
    }

    /// The parsed font `font` and its units per em, for exporters that draw
    /// glyph outlines themselves (the share images).
    pub(crate) fn face(&self, font: usize) -> Option<(&rustybuzz::ttf_parser::Face<'static>, f32)> {
        self.fonts.get(font).map(|f| (&*f.face, f.units_per_em))
    }

    /// Ascender of the main font, in ems.
    pub(crate) fn ascender(&self) -> f32 {
        let f = &self.fonts[0];
        f.face.ascender() as f32 / f.units_per_em
    }

    fn covers(&self, font: usize, c: char) -> bool {
        self.fonts[font].face.glyph_index(c).is_some()
    }

    /// Index of the font of `style` (the monospace face is the last font).
    fn index(&self, style: FontStyle) -> usize {
        match style {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
            FontStyle::Mono => self.fonts.len() - 1,
        }
    }

    /// Which font draws `c` in `style`: the style's font, then regular, then the fallbacks.
    fn font_for(&self, c: char, style: FontStyle) -> Option<usize> {
        let preferred = self.index(style);
        if c.is_whitespace() || c.is_control() {
            return Some(preferred);
        }
        let mono = self.fonts.len() - 1;
        std::iter::once(preferred)
            .chain(std::iter::once(0))
            .chain(3..mono)
            .find(|&f| self.covers(f, c))
    }

    /// Shapes `text` in `style` into runs, splitting where the font changes.
    /// Characters no font has are dropped and added to `missing`.
    pub(crate) fn shape(
        &self,
        text: &str,
        style: FontStyle,
        missing: &mut BTreeSet<char>,
    ) -> Vec<Run> {
        let mut runs = Vec::new();
        let mut current: Option<(usize, String)> = None;
        for c in text.chars() {
            // Control characters (a pasted BEL, a YAML `\u0007`) draw nothing and
            // would make the PDF fail PDF/A validation: leave them out.
            // Line ends are the line breaker's: a shaped `\n` would draw as
            // .notdef, which PDF/A refuses. A tab draws as a space.
            if (c.is_control() && !c.is_whitespace()) || matches!(c, '\n' | '\r') {
                continue;
            }
            let c = if c == '\t' { ' ' } else { c };
            // Variation selectors and joiners stay with the character before them.
            let joins = matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}')
                || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c);
            let font = if joins {
                current.as_ref().map(|(f, _)| *f)
            } else {
                self.font_for(c, style)
            };
            let Some(font) = font else {
                missing.insert(c);
                continue;
            };
            if joins && !self.covers(font, c) {
                continue;
            }
            match &mut current {
                // Runs are shaped in pieces of bounded length: some fonts' contextual
                // lookups cost more than linear time on very long runs (a 5,000-character
                // "word" of emoji took a minute), and a break every few hundred
                // characters loses nothing visible.
                Some((f, s)) if *f == font && (s.len() < MAX_RUN_BYTES || joins) => s.push(c),
                _ => {
                    if let Some((f, s)) = current.take() {
                        runs.push(self.shape_run(f, s));
                    }
                    current = Some((font, c.to_string()));
                }
            }
        }
        if let Some((f, s)) = current {
            runs.push(self.shape_run(f, s));
        }
        runs
    }

    fn shape_run(&self, font: usize, text: String) -> Run {
        let loaded = &self.fonts[font];
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&text);
        buffer.guess_segment_properties();
        let key = (font, buffer.direction(), buffer.script());
        let plan = {
            let mut plans = self
                .plans
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            plans
                .entry(key)
                .or_insert_with(|| {
                    std::sync::Arc::new(rustybuzz::ShapePlan::new(
                        &loaded.face,
                        key.1,
                        Some(key.2),
                        None,
                        &[],
                    ))
                })
                .clone()
        };
        let output = rustybuzz::shape_with_plan(&loaded.face, &plan, buffer);
        let upem = loaded.units_per_em;
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (k, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            let end = infos[k + 1..]
                .iter()
                .map(|i| i.cluster as usize)
                .find(|&c| c > start)
                .unwrap_or(text.len());
            let x_advance = pos.x_advance as f32 / upem;
            width += x_advance;
            glyphs.push(Glyph {
                id: info.glyph_id,
                x_advance,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
                y_advance: pos.y_advance as f32 / upem,
                text_range: start..end.max(start),
            });
        }
        Run {
            font,
            glyphs,
            text,
            width_em: width,
        }
    }
}

/// The error for a font file the shaper or the PDF writer cannot read.
pub(crate) fn unreadable_font(name: &str, origin: PathBuf) -> Diagnostic {
    Diagnostic::error(
        origin,
        format!("`{name}` is not a font krilla and rustybuzz can read"),
    )
    .expected("an OpenType or TrueType font")
}

/// Font files read from disk live for the whole process (rustybuzz faces borrow
/// them): each distinct file is kept once, however many builds a `serve` runs.
fn intern(bytes: Vec<u8>) -> &'static [u8] {
    use std::hash::{Hash, Hasher};
    static FONTS: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<u64, &'static [u8]>>,
    > = std::sync::OnceLock::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let key = hasher.finish();
    let mut fonts = FONTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match fonts.get(&key) {
        Some(kept) if **kept == *bytes => kept,
        _ => {
            let kept: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            fonts.insert(key, kept);
            kept
        }
    }
}

/// Warnings for characters no font could draw.
pub(crate) fn missing_warnings(
    file: &std::path::Path,
    missing: &BTreeSet<char>,
) -> Vec<Diagnostic> {
    missing
        .iter()
        .map(|c| {
            Diagnostic::warning(
                file,
                format!(
                    "the PDF fonts have no glyph for `{c}` (U+{:04X}); it was left out of the PDF",
                    *c as u32
                ),
            )
            .hint("add a font that has it to `fallback:` in the theme's pdf/style.yaml")
        })
        .collect()
}
