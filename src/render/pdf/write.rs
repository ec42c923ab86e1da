//! Writing a display list as a PDF with krilla: tagged (structure tree with
//! headings, paragraphs, lists, tables, figures, links), with an outline and
//! metadata, exported as PDF/A-2b. krilla validates on export; a violation is
//! returned as an error naming what failed.

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
use krilla::{Document, SerializeSettings};

use crate::render::pdf::fonts::FontSet;
use crate::render::pdf::layout::{DisplayList, Item, NodeKind};
use crate::render::pdf::style::Rgb;

/// Document-level facts for the metadata.
#[derive(Debug, Clone)]
pub struct Info {
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

/// Writes `list` as PDF bytes.
pub fn write(
    list: &DisplayList,
    fonts: &FontSet,
    info: &Info,
    logo: Option<&Image>,
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
                            glyphs,
                            fonts.pdf_font(*font),
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
                    Item::Image { x, y, w, h, node } => {
                        let Some(image) = logo else { continue };
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
