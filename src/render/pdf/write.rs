//! Writing a display list as a PDF with krilla: tagged (structure tree with
//! headings, paragraphs, lists, tables, figures, links), with an outline and
//! metadata, exported as PDF/A-2b. krilla validates on export; a violation is
//! returned as an error naming what failed.
//!
//! This is the only file that knows krilla: our glyphs, fonts and images
//! become krilla's here, so the layout can be drawn by something else too.

use std::num::NonZeroU16;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node as TagNode, SpanTag,
    TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use crate::diagnostics::Diagnostic;
use crate::render::pdf::display::{DisplayList, Glyph, Item, NodeKind};
use crate::render::pdf::document::{Logo, LogoFormat};
use crate::render::pdf::fonts::{FontSet, unreadable_font};
use crate::render::pdf::style::Rgb;

/// krilla's fonts for a font set, in run font index order. Made once per
/// build: krilla hashes each font's bytes when it loads one.
pub(crate) struct PdfFonts(Vec<Font>);

impl PdfFonts {
    /// krilla fonts for every font of `fonts`, or an error for each it cannot read.
    pub(crate) fn new(fonts: &FontSet) -> Result<PdfFonts, Vec<Diagnostic>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (data, name, origin) in fonts.files() {
            // The bytes live for the process (interned by `fonts`): no copy.
            match Font::new(krilla::Data::from(data), 0) {
                Some(font) => out.push(font),
                None => errors.push(unreadable_font(name, origin.to_path_buf())),
            }
        }
        if errors.is_empty() {
            Ok(PdfFonts(out))
        } else {
            Err(errors)
        }
    }
}

/// A decoded image, ready to embed.
pub(crate) struct PdfImage(Image);

impl PdfImage {
    /// Decodes a PNG or JPEG logo.
    pub(crate) fn decode(logo: &Logo) -> Result<PdfImage, String> {
        let data = krilla::Data::from(logo.bytes.clone());
        match logo.format {
            LogoFormat::Png => Image::from_png(data, false),
            LogoFormat::Jpeg => Image::from_jpeg(data, false),
        }
        .map(PdfImage)
    }

    /// Width and height in pixels.
    pub(crate) fn size(&self) -> (u32, u32) {
        self.0.size()
    }
}

fn krilla_glyphs(glyphs: &[Glyph]) -> Vec<KrillaGlyph> {
    glyphs
        .iter()
        .map(|g| {
            KrillaGlyph::new(
                GlyphId::new(g.id),
                g.x_advance,
                g.x_offset,
                g.y_offset,
                g.y_advance,
                g.text_range.clone(),
                None,
            )
        })
        .collect()
}

/// Document-level facts for the metadata.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Info {
    /// Title.
    pub title: String,
    /// Author (the company).
    pub author: String,
    /// Language tag.
    pub language: String,
    /// Creation time (from SOURCE_DATE_EPOCH).
    pub created: jiff::Timestamp,
    /// Subject line.
    pub description: String,
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

enum Child {
    Node(usize),
    Content(Identifier),
    Link(Identifier),
}

/// Writes `list` as PDF bytes; `images` are the document's images, by `ImageId`.
pub(crate) fn write(
    list: &DisplayList,
    fonts: &PdfFonts,
    info: &Info,
    images: &[PdfImage],
) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|e| format!("PDF configuration: {e:?}"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut children: Vec<Vec<Child>> = (0..list.nodes.len()).map(|_| Vec::new()).collect();
    for (i, node) in list.nodes.iter().enumerate() {
        if let Some(parent) = node.parent {
            children[parent].push(Child::Node(i));
        }
    }
    for page_items in &list.pages {
        let settings = PageSettings::from_wh(list.width, list.height).ok_or("bad page size")?;
        let mut page = document.start_page_with(settings);
        let mut links: Vec<(Rect, String, usize)> = Vec::new();
        {
            let mut surface = page.surface();
            for item in &page_items.items {
                match item {
                    Item::Text {
                        x,
                        y,
                        size,
                        font,
                        glyphs,
                        text,
                        color,
                        node,
                    } => {
                        surface.set_fill(Some(fill(*color)));
                        let id = match node {
                            Some(_) => surface.start_tagged(ContentTag::Span(SpanTag::empty())),
                            None => surface.start_tagged(ContentTag::Artifact(Artifact::new(
                                ArtifactType::Other,
                                None,
                            ))),
                        };
                        surface.draw_glyphs(
                            Point::from_xy(*x, *y),
                            &krilla_glyphs(glyphs),
                            fonts.0[*font].clone(),
                            text,
                            *size,
                            false,
                        );
                        surface.end_tagged();
                        if let Some(n) = node {
                            children[*n].push(Child::Content(id));
                        }
                    }
                    Item::Rect { x, y, w, h, color } => {
                        let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) else {
                            continue;
                        };
                        let mut builder = PathBuilder::new();
                        builder.push_rect(rect);
                        let Some(path) = builder.finish() else {
                            continue;
                        };
                        surface.set_fill(Some(fill(*color)));
                        surface.start_tagged(ContentTag::Artifact(Artifact::new(
                            ArtifactType::Layout,
                            None,
                        )));
                        surface.draw_path(&path);
                        surface.end_tagged();
                    }
                    Item::Image {
                        x,
                        y,
                        w,
                        h,
                        image,
                        node,
                    } => {
                        let Some(PdfImage(image)) = images.get(image.0) else {
                            continue;
                        };
                        let Some(size) = Size::from_wh(*w, *h) else {
                            continue;
                        };
                        let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                        surface.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                        surface.draw_image(image.clone(), size);
                        surface.pop();
                        surface.end_tagged();
                        children[*node].push(Child::Content(id));
                    }
                    Item::Link {
                        x,
                        y,
                        w,
                        h,
                        url,
                        node,
                    } => {
                        if let Some(rect) = Rect::from_xywh(*x, *y, w.max(1.0), h.max(1.0)) {
                            links.push((rect, url.clone(), *node));
                        }
                    }
                }
            }
            surface.finish();
        }
        for (rect, url, node) in links {
            let target = Target::Action(Action::Link(LinkAction::new(url.clone())));
            let annotation = Annotation::new_link(LinkAnnotation::new(rect, target), Some(url));
            let id = page.add_tagged_annotation(annotation);
            children[node].push(Child::Link(id));
        }
        page.finish();
    }
    document.set_tag_tree(tag_tree(list, children, &info.language));
    document.set_outline(outline(list));
    document.set_metadata(metadata(info));
    document.finish().map_err(|e| describe(&e))
}

fn describe(e: &krilla::error::KrillaError) -> String {
    match e {
        krilla::error::KrillaError::Validation(errors) => {
            let list: Vec<String> = errors.iter().map(|(err, _)| format!("{err:?}")).collect();
            format!("PDF/A-2b validation failed: {}", list.join("; "))
        }
        other => format!("{other:?}"),
    }
}

fn tag_kind(kind: &NodeKind) -> TagKind {
    match kind {
        NodeKind::Heading(level) => Tag::Hn(
            NonZeroU16::new(u16::from(*level).max(1)).expect("max(1) is non-zero"),
            None,
        )
        .into(),
        NodeKind::Paragraph => Tag::P.into(),
        NodeKind::List(ordered) => Tag::L(if *ordered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        })
        .into(),
        NodeKind::ListItem => Tag::LI.into(),
        NodeKind::Label => Tag::Lbl.into(),
        NodeKind::ListBody => Tag::LBody.into(),
        NodeKind::Table => Tag::Table.into(),
        NodeKind::TableHead => Tag::THead.into(),
        NodeKind::TableBody => Tag::TBody.into(),
        NodeKind::Row => Tag::TR.into(),
        NodeKind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        NodeKind::Cell => Tag::TD.into(),
        NodeKind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        NodeKind::BlockQuote => Tag::BlockQuote.into(),
        NodeKind::Div => Tag::Div.into(),
    }
}

/// Builds groups bottom-up: a child element is always created after its parent.
fn tag_tree(list: &DisplayList, mut children: Vec<Vec<Child>>, language: &str) -> TagTree {
    let mut groups: Vec<Option<TagGroup>> = (0..list.nodes.len()).map(|_| None).collect();
    for i in (0..list.nodes.len()).rev() {
        let mut group = TagGroup::new(tag_kind(&list.nodes[i].kind));
        for child in std::mem::take(&mut children[i]) {
            match child {
                Child::Node(c) => {
                    if let Some(g) = groups[c].take() {
                        group.push(g);
                    }
                }
                Child::Content(id) => group.push(id),
                Child::Link(id) => {
                    group.push(TagGroup::with_children(Tag::Link, vec![TagNode::from(id)]))
                }
            }
        }
        groups[i] = Some(group);
    }
    let mut tree = TagTree::new().with_lang(Some(language.to_string()));
    for (i, node) in list.nodes.iter().enumerate() {
        if node.parent.is_none()
            && let Some(g) = groups[i].take()
        {
            tree.push(g);
        }
    }
    tree
}

fn outline(list: &DisplayList) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for entry in &list.outline {
        let node = OutlineNode::new(
            entry.title.clone(),
            XyzDestination::new(entry.page, Point::from_xy(0.0, entry.y)),
        );
        if entry.level <= 1 {
            if let Some(done) = current.take() {
                outline.push_child(done);
            }
            current = Some(node);
        } else if let Some(parent) = current.as_mut() {
            parent.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

fn metadata(info: &Info) -> Metadata {
    let t = info.created.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let created = DateTime::new(t.year() as u16)
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    Metadata::new()
        .title(info.title.clone())
        .authors(vec![info.author.clone()])
        .description(info.description.clone())
        .language(info.language.clone())
        .creator("traction".to_string())
        .producer("traction (krilla)".to_string())
        .creation_date(created)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::paginate::layout;
    use crate::render::pdf::testing::{fonts_and_style, letter, long_body};

    #[test]
    fn writing_the_same_list_twice_gives_the_same_bytes() {
        let (fonts, style) = fonts_and_style();
        let list = layout(&long_body(), &fonts, &style, &letter("Acme"), &[]);
        let pdf_fonts = PdfFonts::new(&fonts).unwrap();
        let info = Info {
            title: "T".into(),
            author: "Acme".into(),
            language: "en".into(),
            created: jiff::Timestamp::from_second(1_769_472_000).unwrap(),
            description: "d".into(),
        };
        let a = write(&list, &pdf_fonts, &info, &[]).unwrap();
        let b = write(&list, &pdf_fonts, &info, &[]).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(b"%PDF-1.7"));
    }
}
