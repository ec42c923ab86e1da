//! Every chart kind drawn as well-formed SVG with a title, from the same model
//! as the display list; bad data drawn without breaking the markup.

use serde_json::{Value, json};

use super::model::{Args, Chart};
use super::*;
use crate::render::pdf::display::Item;
use crate::render::pdf::style::Rgb;

fn chart(kind: &str, data: Value, extra: impl FnOnce(&mut Args)) -> Chart {
    let mut args = Args {
        kind: Some(kind.into()),
        data: Some(data),
        x: Some("name".into()),
        y: Some("acv".into()),
        title: Some("ACV <by> customer & co".into()),
        format: Some("money".into()),
        ..Args::default()
    };
    extra(&mut args);
    Chart::from_args(args).unwrap()
}

fn rows() -> Value {
    json!([
        { "name": "Harbor & Pine", "acv": 40000 },
        { "name": "Northwind", "acv": "50000" },
        { "name": "Cascade", "acv": 35000.5 }
    ])
}

/// Parses `html` (an SVG and its table) as XML and returns the SVG's title.
fn title_of(html: &str) -> String {
    let wrapped = format!("<root>{html}</root>");
    let doc = roxmltree::Document::parse(&wrapped)
        .unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{html}"));
    let svg = doc
        .descendants()
        .find(|n| n.has_tag_name("svg"))
        .expect("an svg element");
    assert_eq!(svg.attribute("role"), Some("img"));
    let labelled = svg
        .attribute("aria-labelledby")
        .unwrap_or_default()
        .to_string();
    let title = svg
        .children()
        .find(|n| n.has_tag_name("title"))
        .expect("a title first");
    assert_eq!(title.attribute("id"), Some(labelled.as_str()));
    assert!(svg.children().any(|n| n.has_tag_name("desc")));
    // No font size under 11 px, and never a viewBox on the chart itself (text would shrink).
    assert!(svg.attribute("viewBox").is_none());
    for n in doc.descendants() {
        if let Some(size) = n.attribute("font-size") {
            assert!(size.parse::<f64>().unwrap() >= 11.0, "font-size {size}");
        }
    }
    title.text().unwrap_or_default().to_string()
}

#[test]
fn every_kind_is_well_formed_svg_with_a_title_and_a_table() {
    for kind in model::KINDS {
        let c = chart(kind, rows(), |a| a.target = Some(json!(60000)));
        let html = svg::html(&c);
        assert_eq!(title_of(&html), "ACV <by> customer & co", "{kind}");
        assert!(
            html.contains("<table class=\"visually-hidden chart-data\">"),
            "{kind}"
        );
        assert!(html.contains(&format!("chart-{kind}")), "{kind}");
    }
    let bar = svg::html(&chart("bar", rows(), |_| {}));
    assert!(bar.contains("Harbor &amp; Pine") && bar.contains("$40K") && bar.contains("$40,000"));
}

#[test]
fn empty_huge_negative_and_many_points_stay_well_formed() {
    let many: Vec<Value> = (0..10_000)
        .map(|i| json!({ "name": format!("day {i}"), "acv": if i % 7 == 0 { -1e300 } else { 1e300 } }))
        .collect();
    for kind in model::KINDS {
        for data in [json!([]), Value::Array(many.clone())] {
            let c = chart(kind, data, |a| a.target = Some(json!(5)));
            let html = svg::html(&c);
            title_of(&html);
            assert!(!html.contains("NaN") && !html.contains("inf"), "{kind}");
            assert!(html.len() < 400_000, "{kind}: {} bytes", html.len());
        }
    }
    let c = chart("line", Value::Array(many), |_| {});
    assert!(svg::svg(&c).contains("400 of 10,000 points drawn"));
}

#[test]
fn several_y_keys_draw_one_series_each_with_a_legend() {
    let data = json!([{ "name": "Q1", "acv": 3, "won": 1 }, { "name": "Q2", "acv": 5, "won": 4 }]);
    for kind in ["bar", "line"] {
        let c = chart(kind, data.clone(), |a| a.y = Some("acv, won".into()));
        assert_eq!(c.series, ["acv", "won"]);
        let html = svg::html(&c);
        title_of(&html);
        assert!(
            html.contains(">won</text>") && html.contains("chart-s1"),
            "{kind}: {html}"
        );
        assert!(html.contains("<th scope=\"col\">won</th>"));
    }
}

#[test]
fn an_author_id_names_the_title_and_a_bad_one_is_refused() {
    let c = chart("bar", rows(), |a| a.id = Some("acv-2".into()));
    assert!(svg::svg(&c).contains("aria-labelledby=\"acv-2-t\""));
    let args = Args {
        kind: Some("bar".into()),
        data: Some(rows()),
        x: Some("name".into()),
        y: Some("acv".into()),
        title: Some("T".into()),
        id: Some("x\" onload=\"alert(1)".into()),
        ..Args::default()
    };
    assert!(Chart::from_args(args).unwrap_err().contains("is not an id"));
}

#[test]
fn a_sparkline_is_well_formed_and_titled() {
    let s = svg::sparkline(&[90000.0, 125000.0, 125000.0], "ARR over 3 snapshots");
    let doc = roxmltree::Document::parse(&s).unwrap();
    assert_eq!(
        doc.descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text()),
        Some("ARR over 3 snapshots")
    );
    roxmltree::Document::parse(&svg::sparkline(&[5.0], "one")).unwrap();
}

#[test]
fn the_theme_charts_are_uses_of_the_model() {
    let (kpis, _) = crate::kpis::compute(&crate::data::Data::default()).unwrap();
    let html = pipeline(&kpis);
    assert_eq!(title_of(&html), "Pipeline by stage · $0");
    assert!(html.contains("No data yet"));
}

/// Lines of fixed-width text: 0.5 em per character, one item per line.
struct Monospace;

impl TextLayout for Monospace {
    fn lines(
        &mut self,
        text: &str,
        size: f32,
        _: f32,
        _: bool,
        color: Rgb,
    ) -> Vec<(Vec<Item>, f32)> {
        let _ = color;
        vec![(
            vec![Item::Rect {
                x: 0.0,
                y: 0.0,
                w: text.chars().count() as f32 * size * 0.5,
                h: size,
                color: Rgb(1, 2, 3),
            }],
            size * 1.25,
        )]
    }
}

fn look() -> Look {
    Look {
        title: 12.0,
        label: 9.0,
        bar: 7.0,
        ink: Rgb(0, 0, 0),
        muted: Rgb(50, 50, 50),
        accent: Rgb(15, 124, 140),
        track: Rgb(200, 200, 200),
    }
}

fn bars_of(items: &[Item], color: Rgb) -> Vec<(f32, f32, f32)> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Rect {
                x, y, w, color: c, ..
            } if *c == color => Some((*x, *y, *w)),
            _ => None,
        })
        .collect()
}

#[test]
fn bars_in_the_display_list_scale_to_the_largest_and_sit_in_the_box() {
    let c = chart("bar", rows(), |_| {});
    let (items, height) = to_display(&c, (40.0, 100.0, 400.0), &look(), &mut Monospace);
    let bars = bars_of(&items, look().accent);
    assert_eq!(bars.len(), 3);
    let widest = bars.iter().map(|b| b.2).fold(0.0, f32::max);
    assert!(
        (bars[1].2 - widest).abs() < 0.01,
        "Northwind has the largest ACV"
    );
    assert!((bars[0].2 / widest - 0.8).abs() < 0.01);
    assert!(
        bars.windows(2).all(|w| w[1].1 > w[0].1),
        "one row below the other"
    );
    for (x, y, w) in &bars {
        assert!(*x >= 40.0 && x + w <= 440.0 && *y >= 100.0 && *y <= 100.0 + height);
    }
}

#[test]
fn progress_in_the_display_list_fills_its_share_of_the_track() {
    let c = Chart::from_args(Args {
        kind: Some("progress".into()),
        value: Some(json!(90000)),
        target: Some(json!(120000)),
        title: Some("ARR".into()),
        format: Some("money".into()),
        ..Args::default()
    })
    .unwrap();
    let (items, _) = to_display(&c, (0.0, 0.0, 200.0), &look(), &mut Monospace);
    let track = bars_of(&items, look().track);
    let fill = bars_of(&items, look().accent);
    assert_eq!((track.len(), fill.len()), (1, 1));
    assert_eq!(track[0].2, 200.0);
    assert!((fill[0].2 - 150.0).abs() < 0.01, "75% of the track");
    assert!(c.description().contains("Target $120,000"));
}

#[test]
fn before_after_rows_scale_alone_with_the_written_figures() {
    let bars = [
        crate::render::pdf::document::Bar {
            label: "Days to close".into(),
            before: 10.0,
            after: 4.0,
            before_text: "10 days".into(),
            after_text: "4 days".into(),
        },
        crate::render::pdf::document::Bar {
            label: "Accuracy".into(),
            before: 0.5,
            after: 0.99,
            before_text: "50%".into(),
            after_text: "99%".into(),
        },
    ];
    let c = before_after(&bars);
    assert_eq!(c.points[1].texts, vec!["50%", "99%"]);
    let (items, _) = to_display(&c, (0.0, 0.0, 300.0), &look(), &mut Monospace);
    let before = bars_of(&items, look().track);
    let after = bars_of(&items, look().accent);
    assert_eq!(before.len(), 2);
    assert!(
        (before[0].2 - after[1].2).abs() < 0.01,
        "each row's largest bar is full length"
    );
}
