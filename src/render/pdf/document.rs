//! What a one-pager says, as plain blocks: the case study's typed fields and its
//! (already templated) Markdown body. The layout never sees Markdown or YAML.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::content::CaseStudy;
use crate::render::pdf::fonts::FontStyle;
use crate::render::pdf::style::{BlockKind, Layout};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Regular, bold or italic.
    pub style: FontStyle,
    /// Target when the span is a link.
    pub link: Option<String>,
}

impl Span {
    /// Text in one style, not a link.
    pub(crate) fn new(text: impl Into<String>, style: FontStyle) -> Span {
        Span {
            text: text.into(),
            style,
            link: None,
        }
    }
}

/// One metric callout.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Callout {
    /// What is measured.
    pub label: String,
    /// Before, as written; `None` for a single value.
    pub before: Option<String>,
    /// After, as written.
    pub after: String,
    /// `+15 pts`, `−40%`.
    pub change: String,
    /// Whether the change is an improvement.
    pub improved: bool,
    /// A target, not a result (the customer is not live yet).
    pub target: bool,
}

/// One pair of bars in the before/after chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Bar {
    /// Metric label.
    pub label: String,
    /// Before value.
    pub before: f64,
    /// After value.
    pub after: f64,
    /// Texts as written.
    pub before_text: String,
    /// Texts as written.
    pub after_text: String,
}

/// A block of the one-pager.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Block {
    /// Title band.
    Header {
        /// Page title.
        title: String,
        /// `Customer · Industry` line.
        subtitle: String,
        /// Small caps line above the title.
        kicker: String,
        /// Logo file bytes and kind, when given.
        logo: Option<Logo>,
    },
    /// Heading of level 2..6.
    Heading {
        /// Level.
        level: u8,
        /// Text.
        text: String,
    },
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// The summary: a larger, quieter paragraph.
    Lead(Vec<Span>),
    /// A list, items with their nesting depth.
    List {
        /// Numbered or bulleted.
        ordered: bool,
        /// (depth, content).
        items: Vec<(usize, Vec<Span>)>,
        /// Each item's marker (`3.`, `•`), numbered within its own list as
        /// the HTML numbers it: a list nested under `1.`-`4.` starts again.
        markers: Vec<String>,
    },
    /// A table: header row and body rows of cells.
    Table {
        /// Header cells.
        header: Vec<Vec<Span>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Span>>>,
    },
    /// Preformatted text.
    Code(String),
    /// Metric callouts.
    Callouts(Vec<Callout>),
    /// Facts about the customer: (label, value) pairs.
    Facts(Vec<(String, String)>),
    /// The quote card.
    Quote {
        /// Words.
        text: String,
        /// `Author, Role`.
        attribution: String,
    },
    /// A testimonial video: its poster frame and a link to watch it.
    Video {
        /// Poster frame (PNG or JPEG), when one is given.
        poster: Option<Logo>,
        /// Where the video plays (the web page's player, or the video site).
        url: String,
        /// The line under the link.
        label: String,
    },
    /// Before/after chart.
    Chart {
        /// Bars.
        bars: Vec<Bar>,
        /// Alt text describing the chart.
        alt: String,
    },
}

/// A logo image.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Logo {
    /// File bytes.
    pub bytes: Vec<u8>,
    /// `png` or `jpeg`.
    pub format: LogoFormat,
    /// Alt text.
    pub alt: String,
}

/// Supported logo formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LogoFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
}

/// Who a one-pager is about, as the profile shows them and as the data says they stand.
pub struct Customer<'a> {
    /// The name the profile shows.
    pub shown_name: &'a str,
    /// Stage, ACV and answer from `data/customers.yaml` (it wins over the case study).
    pub facts: crate::render::values::Facts,
    /// Below this base a change is a difference, not a percentage.
    pub min_base: f64,
    /// The testimonial video the profile shows, if any.
    pub video: Option<VideoLink>,
}

/// A testimonial video as the one-pager links it.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoLink {
    /// Poster frame.
    pub poster: Option<Logo>,
    /// Where it plays.
    pub url: String,
    /// What is linked ("on the case-study page", "on YouTube").
    pub label: String,
}

/// Everything a case study's one-pager shows, in the style's block order.
pub(crate) fn case_study_blocks(
    title: &str,
    who: &Customer<'_>,
    case: &CaseStudy,
    body_markdown: &str,
    logo: Option<Logo>,
    order: &[BlockKind],
    layout: Layout,
) -> Vec<Block> {
    let (customer, facts, min_base) = (who.shown_name, &who.facts, who.min_base);
    // Tiles show the first four metrics; the chart only what they do not
    // (the same numbers three times on a page say nothing new).
    let (tiled, rest) = case.metrics.split_at(case.metrics.len().min(4));
    let charted = |m: &&crate::content::kinds::Metric| {
        m.pair()
            .is_some_and(|(b, a)| b.number.is_some() && a.number.is_some())
            && !crate::render::metrics::shown(m, facts.is_live(), min_base).target
    };
    let tiles: Vec<&crate::content::kinds::Metric> = match layout {
        Layout::OnePager => tiled
            .iter()
            .chain(rest.iter().filter(|m| !charted(m)))
            .collect(),
        Layout::Flow => case.metrics.iter().collect(),
    };
    let with_facts = order.contains(&BlockKind::Facts);
    let mut blocks = Vec::new();
    for kind in order {
        match kind {
            BlockKind::Header => {
                let industry = case.industry.clone().unwrap_or_default();
                let kicker = if industry.is_empty() {
                    "Case study".to_string()
                } else {
                    format!("Case study · {industry}")
                };
                let mut subtitle = match facts.stage {
                    _ if with_facts && layout == Layout::OnePager => String::new(),
                    Some(stage) if !with_facts => format!("{customer} · {}", stage.label()),
                    _ => customer.to_string(),
                };
                if let Some(live) = case.live.filter(|_| !with_facts) {
                    let date = crate::format::date(&live.to_string(), "%b %-d, %Y")
                        .unwrap_or_else(|| live.to_string());
                    if facts.is_live() {
                        subtitle.push_str(&format!(" · live since {date}"));
                    } else {
                        subtitle.push_str(&format!(" · go-live scheduled {date}"));
                    }
                }
                blocks.push(Block::Header {
                    title: title.to_string(),
                    subtitle,
                    kicker,
                    logo: logo.clone(),
                });
            }
            BlockKind::Summary => blocks.push(Block::Lead(inline_markdown(&case.summary))),
            BlockKind::Callouts if !tiles.is_empty() => blocks.push(Block::Callouts(
                tiles
                    .iter()
                    .map(|m| callout(m, facts.is_live(), min_base))
                    .collect(),
            )),
            BlockKind::Facts => {
                let rows = fact_rows(customer, case, facts);
                if !rows.is_empty() {
                    blocks.push(Block::Facts(rows));
                }
            }
            BlockKind::Chart => {
                // Only results are drawn (a bar for a target would read as
                // achieved), and only those no tile shows.
                let bars: Vec<Bar> = case
                    .metrics
                    .iter()
                    .filter(|m| !tiles.iter().any(|t| std::ptr::eq(*t, *m)))
                    .filter(charted)
                    .filter_map(|m| {
                        let (before, after) = m.pair()?;
                        Some(Bar {
                            label: m.label.clone(),
                            before: before.number?,
                            after: after.number?,
                            before_text: before.text.clone(),
                            after_text: after.text.clone(),
                        })
                    })
                    .collect();
                if !bars.is_empty() {
                    let alt = format!(
                        "Bar chart of each metric before and after: {}.",
                        bars.iter()
                            .map(|b| format!(
                                "{} from {} to {}",
                                b.label, b.before_text, b.after_text
                            ))
                            .collect::<Vec<_>>()
                            .join("; ")
                    );
                    blocks.push(Block::Chart { bars, alt });
                }
            }
            BlockKind::Body => {
                let mut body = markdown_blocks(body_markdown);
                if layout == Layout::OnePager {
                    drop_tables_of_tiles(&mut body, &tiles);
                }
                blocks.extend(body);
            }
            BlockKind::Quote => {
                if let Some(q) = &case.quote {
                    let credit = crate::audience::quote_credit(q.role.as_deref(), customer);
                    let attribution = if q.author.trim().is_empty() {
                        credit
                    } else {
                        format!("{}, {credit}", q.author.trim())
                    };
                    blocks.push(Block::Quote {
                        text: q.text.clone(),
                        attribution,
                    });
                }
                if let Some(v) = &who.video {
                    blocks.push(Block::Video {
                        poster: v.poster.clone(),
                        url: v.url.clone(),
                        label: v.label.clone(),
                    });
                }
            }
            BlockKind::Callouts => {}
        }
    }
    blocks
}

/// Drops a body table that only repeats the tiles (each row a tiled metric's
/// label, before and after), so one number is shown once; a paragraph that
/// introduced it with a colon now ends with a full stop.
fn drop_tables_of_tiles(blocks: &mut Vec<Block>, tiles: &[&crate::content::kinds::Metric]) {
    let cell = |spans: &Vec<Span>| {
        spans
            .iter()
            .map(|s| s.text.as_str())
            .collect::<String>()
            .trim()
            .to_lowercase()
    };
    let repeats = |rows: &Vec<Vec<Vec<Span>>>| {
        !rows.is_empty()
            && rows.iter().all(|row| {
                let cells: Vec<String> = row.iter().map(cell).collect();
                tiles.iter().any(|m| {
                    let Some((before, after)) = m.pair() else {
                        return false;
                    };
                    cells.len() == 3
                        && cells[0] == m.label.trim().to_lowercase()
                        && cells[1] == before.text.trim().to_lowercase()
                        && cells[2] == after.text.trim().to_lowercase()
                })
            })
    };
    let mut i = 0;
    while i < blocks.len() {
        if matches!(&blocks[i], Block::Table { rows, .. } if repeats(rows)) {
            blocks.remove(i);
            if let Some(Block::Paragraph(spans)) = i.checked_sub(1).and_then(|k| blocks.get_mut(k))
                && let Some(last) = spans.last_mut()
                && last.text.trim_end().ends_with(':')
            {
                let kept = last.text.trim_end().trim_end_matches(':').to_string();
                last.text = format!("{kept}.");
            }
            continue;
        }
        i += 1;
    }
}

/// The facts column: who, where, how big, what, and when.
fn fact_rows(
    customer: &str,
    case: &CaseStudy,
    facts: &crate::render::values::Facts,
) -> Vec<(String, String)> {
    let date = |d: crate::content::kinds::PartialDate| {
        crate::format::date(&d.to_string(), "%b %-d, %Y").unwrap_or_else(|| d.to_string())
    };
    let mut rows = vec![("Customer".to_string(), customer.to_string())];
    let mut push = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            rows.push((label.to_string(), v));
        }
    };
    push("Industry", case.industry.clone());
    push("Region", case.region.clone());
    push("Size", case.size.clone());
    push("Products", Some(case.products.join(", ")));
    push("Signed", case.signed.map(date));
    match case.live {
        Some(live) if facts.is_live() => push("Live since", Some(date(live))),
        Some(live) => push("Go-live scheduled", Some(date(live))),
        None => {}
    }
    rows
}

fn callout(m: &crate::content::kinds::Metric, live: bool, min_base: f64) -> Callout {
    let shown = crate::render::metrics::shown(m, live, min_base);
    Callout {
        label: m.label.clone(),
        before: m.pair().map(|(b, _)| b.text.clone()),
        after: m.result().map(|v| v.text.clone()).unwrap_or_default(),
        change: shown.change,
        improved: shown.improved,
        target: shown.target,
    }
}

/// Markdown of a short text (no blocks) as spans.
pub(crate) fn inline_markdown(text: &str) -> Vec<Span> {
    match markdown_blocks(text).into_iter().next() {
        Some(Block::Paragraph(spans)) => spans,
        _ => vec![Span {
            text: text.to_string(),
            style: FontStyle::Regular,
            link: None,
        }],
    }
}

/// Turns a Markdown body into blocks.
pub fn markdown_blocks(text: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut blocks = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut bold = 0;
    let mut italic = 0;
    let mut link: Option<String> = None;
    let mut heading: Option<u8> = None;
    // Each open list: its next number (`None`: bulleted).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut list_items: Vec<(usize, Vec<Span>)> = Vec::new();
    let mut markers: Vec<String> = Vec::new();
    let mut table: Option<TableParts> = None;
    let mut row: Vec<Vec<Span>> = Vec::new();
    let mut code: Option<String> = None;
    let mut outer_ordered = false;
    let push_text =
        |spans: &mut Vec<Span>, text: &str, bold: i32, italic: i32, link: &Option<String>| {
            let style = if bold > 0 {
                FontStyle::Bold
            } else if italic > 0 {
                FontStyle::Italic
            } else {
                FontStyle::Regular
            };
            match spans.last_mut() {
                Some(last) if last.style == style && last.link == *link => last.text.push_str(text),
                _ => spans.push(Span {
                    text: text.to_string(),
                    style,
                    link: link.clone(),
                }),
            }
        };
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as u8),
            Event::End(TagEnd::Heading(_)) => {
                let text: String = spans.drain(..).map(|s| s.text).collect();
                blocks.push(Block::Heading {
                    level: heading.take().unwrap_or(2).max(2),
                    text: text.trim().to_string(),
                });
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold -= 1,
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic -= 1,
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => link = None,
            Event::Start(Tag::List(first)) => {
                flush_item(&mut list_items, &mut spans);
                if lists.is_empty() {
                    outer_ordered = first.is_some();
                }
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                flush_item(&mut list_items, &mut spans);
                if lists.pop().is_some() && lists.is_empty() {
                    blocks.push(Block::List {
                        ordered: outer_ordered,
                        items: std::mem::take(&mut list_items),
                        markers: std::mem::take(&mut markers),
                    });
                }
            }
            Event::Start(Tag::Item) => {
                flush_item(&mut list_items, &mut spans);
                let depth = lists.len().saturating_sub(1);
                markers.push(match lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}.", *n - 1)
                    }
                    _ if depth > 0 => "◦".to_string(),
                    _ => "•".to_string(),
                });
                list_items.push((depth, Vec::new()));
            }
            Event::End(TagEnd::Item) => flush_item(&mut list_items, &mut spans),
            Event::End(TagEnd::Paragraph) if !lists.is_empty() => {
                flush_item(&mut list_items, &mut spans)
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), false)),
            Event::Start(Tag::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.2 = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.0 = std::mem::take(&mut row);
                    t.2 = false;
                }
            }
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut spans)),
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.1.push(std::mem::take(&mut row));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((header, rows, _)) = table.take() {
                    blocks.push(Block::Table { header, rows });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(c) = code.take() {
                    blocks.push(Block::Code(c.trim_end().to_string()));
                }
            }
            Event::End(TagEnd::Paragraph) if !spans.is_empty() && table.is_none() => {
                blocks.push(Block::Paragraph(std::mem::take(&mut spans)));
            }
            Event::Text(t) => match code.as_mut() {
                Some(c) => c.push_str(&t),
                None => push_text(&mut spans, &t, bold, italic, &link),
            },
            Event::Code(t) => {
                let style = if bold > 0 {
                    FontStyle::Bold
                } else {
                    FontStyle::Mono
                };
                spans.push(Span {
                    text: t.to_string(),
                    style,
                    link: link.clone(),
                });
            }
            // `<br>` breaks the line in a heading or paragraph, as in the HTML.
            Event::InlineHtml(h) if is_br(&h) => push_text(&mut spans, "\n", bold, italic, &link),
            Event::SoftBreak => push_text(&mut spans, " ", bold, italic, &link),
            // Kept as a line feed: the line breaker ends the line there.
            Event::HardBreak => push_text(&mut spans, "\n", bold, italic, &link),
            Event::TaskListMarker(done) => push_text(
                &mut spans,
                if done { "☑ " } else { "☐ " },
                bold,
                italic,
                &link,
            ),
            Event::FootnoteReference(name) => {
                push_text(&mut spans, &format!("[{name}]"), bold, italic, &link)
            }
            _ => {}
        }
    }
    if !spans.is_empty() {
        blocks.push(Block::Paragraph(spans));
    }
    blocks
}

/// `<br>`, `<br/>`, `<br />`.
fn is_br(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    let t = t
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    t.trim() == "br"
}

/// A table being read: header cells, body rows, whether inside the head.
type TableParts = (Vec<Vec<Span>>, Vec<Vec<Vec<Span>>>, bool);

/// Moves pending spans into the last list item.
fn flush_item(items: &mut [(usize, Vec<Span>)], spans: &mut Vec<Span>) {
    if spans.is_empty() {
        return;
    }
    if let Some((_, last)) = items.last_mut() {
        if !last.is_empty() {
            last.push(Span {
                text: " ".into(),
                style: FontStyle::Regular,
                link: None,
            });
        }
        last.append(spans);
    } else {
        spans.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_blocks() {
        let blocks = markdown_blocks(
            "## Results\n\nAccuracy rose to **97%** with [Acme](https://a.example).\n\n- one\n- two\n  - nested\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(matches!(&blocks[0], Block::Heading { level: 2, text } if text == "Results"));
        let Block::Paragraph(spans) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert!(
            spans
                .iter()
                .any(|s| s.style == FontStyle::Bold && s.text == "97%")
        );
        assert!(
            spans
                .iter()
                .any(|s| s.link.as_deref() == Some("https://a.example"))
        );
        let Block::List { items, .. } = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[2].0, 1);
        let Block::Table { header, rows } = &blocks[3] else {
            panic!("{blocks:?}")
        };
        assert_eq!(header.len(), 2);
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn a_table_that_repeats_the_tiles_is_shown_once() {
        let case = case_study(
            "  - { label: Accuracy, before: \"82%\", after: \"97%\" }\n  - { label: Stock-outs, before: 45, after: 27 }\n",
        );
        let tiles: Vec<_> = case.metrics.iter().collect();
        let repeating = "The numbers moved:\n\n| Measure | Before | After |\n|---|---|---|\n| Accuracy | 82% | 97% |\n| stock-outs | 45 | 27 |\n";
        let mut blocks = markdown_blocks(repeating);
        drop_tables_of_tiles(&mut blocks, &tiles);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let Block::Paragraph(spans) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(spans.last().unwrap().text, "The numbers moved.");
        // A table saying anything more is kept.
        for other in [
            "| Measure | Before | After |\n|---|---|---|\n| Accuracy | 82% | 98% |\n",
            "| Measure | Before | After |\n|---|---|---|\n| Accuracy | 82% | 97% |\n| Returns | 9 | 4 |\n",
        ] {
            let mut blocks = markdown_blocks(other);
            drop_tables_of_tiles(&mut blocks, &tiles);
            assert!(matches!(blocks[0], Block::Table { .. }), "{other}");
        }
    }

    fn case_study(metrics: &str) -> CaseStudy {
        let yaml = format!(
            "title: T\ncustomer: Acme\nsummary: S\napproval: approved\nstage: live\nmetrics:\n{metrics}"
        );
        let front: crate::content::kinds::CaseStudyFront =
            serde_saphyr::from_str(&yaml).expect("valid front matter");
        match front.into_parts().1 {
            crate::content::KindData::CaseStudy(c) => *c,
            _ => unreachable!("a case study front matter makes a case study"),
        }
    }

    fn blocks_of(case: &CaseStudy, layout: Layout) -> Vec<Block> {
        let who = Customer {
            shown_name: "Acme",
            facts: crate::render::values::Facts {
                past_story: false,
                stage: Some(crate::content::Stage::Live),
                acv: None,
                recommend: None,
            },
            video: None,
            min_base: 5.0,
        };
        let order = [BlockKind::Facts, BlockKind::Callouts, BlockKind::Chart];
        case_study_blocks("T", &who, case, "", None, &order, layout)
    }

    #[test]
    fn the_chart_shows_only_what_the_tiles_do_not() {
        let four: String = (1..=4)
            .map(|i| format!("  - {{ label: M{i}, before: {i}0, after: {i}5 }}\n"))
            .collect();
        let blocks = blocks_of(&case_study(&four), Layout::OnePager);
        assert!(
            !blocks.iter().any(|b| matches!(b, Block::Chart { .. })),
            "four numbers three times: {blocks:?}"
        );
        let six =
            four + "  - { label: M5, before: 50, after: 55 }\n  - { label: Words, value: 24/7 }\n";
        let blocks = blocks_of(&case_study(&six), Layout::OnePager);
        let tiles: Vec<&str> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Callouts(c) => Some(c.iter().map(|c| c.label.as_str())),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(tiles, ["M1", "M2", "M3", "M4", "Words"]);
        let Some(Block::Chart { bars, .. }) =
            blocks.iter().find(|b| matches!(b, Block::Chart { .. }))
        else {
            panic!("a metric no tile shows is charted: {blocks:?}")
        };
        let charted: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(charted, ["M5"], "charts skip what has no number");
        let facts = blocks.iter().find_map(|b| match b {
            Block::Facts(rows) => Some(rows),
            _ => None,
        });
        assert_eq!(facts.expect("facts")[0], ("Customer".into(), "Acme".into()));
    }

    #[test]
    fn hard_line_breaks_are_kept() {
        for md in [
            "Knowledge Base  \nOur process begins",
            "Knowledge Base\\\nOur process begins",
        ] {
            let Block::Paragraph(spans) = &markdown_blocks(md)[0] else {
                panic!("{md}")
            };
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(text, "Knowledge Base\nOur process begins", "{md:?}");
        }
    }
}
