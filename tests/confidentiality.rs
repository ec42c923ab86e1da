//! What each audience may see (issue 9): published KPIs and contract values,
//! approval, the watermark, and a name that Unicode, markup or URL encoding
//! cannot slip past the anonymiser or the audit. Checked on what is written.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// Every output file's text, PDFs through pdftotext when it is installed.
fn written_text(dir: &Path) -> BTreeMap<String, String> {
    let pdf_text = have_tool("pdftotext");
    snapshot(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let text = if rel.ends_with(".pdf") && pdf_text {
                let out = std::process::Command::new("pdftotext")
                    .arg(dir.join(&rel))
                    .arg("-")
                    .output()
                    .expect("pdftotext runs");
                String::from_utf8_lossy(&out.stdout).into_owned()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            (rel, text)
        })
        .collect()
}

/// Letters and digits only, lowercased: `Cascade&nbsp;Provisions` -> `cascadeprovisions`.
fn squeeze(text: &str) -> String {
    text.replace("&nbsp;", "")
        .replace("&#32;", "")
        .replace("%20", "")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn build_ok(site: &Path, args: &[&str]) {
    let out = traction(site, args);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn public_output_holds_no_financial_kpi_and_no_contract_value() {
    let site = example_site();
    build_ok(site.path(), &["build"]);
    let public = written_text(&site.path().join("output/public"));
    // ARR, MRR, quarter, average ACV, LTV, CAC, pipeline, and every ACV.
    let forbidden = [
        "$125,000", "125,000", "$125K", "$10,417", "$10.4K", "$31,250", "$31.3K", "$41,667",
        "$41.7K", "$150,000", "$150K", "$5,000", "$600,000", "$600K", "600,000", "$50,000",
        "50,000", "$50K", "$40,000", "40,000", "$40K", "$35,000", "35,000", "$35K",
    ];
    for (rel, text) in &public {
        let flat = text.replace(['\u{a0}', '\u{202f}'], " ");
        for f in forbidden {
            assert!(!flat.contains(f), "{rel} shows {f}");
        }
        let lower = flat.to_lowercase();
        for label in [
            "ltv:cac",
            "gross margin",
            "payback",
            "go-live rate",
            "pipeline",
        ] {
            assert!(!lower.contains(label), "{rel} shows the label {label}");
        }
    }
    let kpis: serde_json::Value = serde_json::from_str(&public["kpis.json"]).unwrap();
    let keys: Vec<&String> = kpis["kpis"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["customers", "live_customers"]);
    // The internal edition still publishes everything.
    let internal = written_text(&site.path().join("output/internal"));
    let keys = serde_json::from_str::<serde_json::Value>(&internal["kpis.json"]).unwrap()["kpis"]
        .as_object()
        .unwrap()
        .len();
    assert_eq!(keys, 22);
    assert!(internal["index.html"].contains("$125,000"));
}

#[test]
fn printing_a_withheld_kpi_in_a_public_page_is_a_located_error() {
    let site = example_site();
    for (body, key) in [
        ("ARR is {{ kpis.arr | money }}.", "arr"),
        ("Margin {{ kpis.gross_margin }}", "gross_margin"),
    ] {
        write_site(
            site.path(),
            &[(
                "content/news.md",
                &format!("---\ntitle: News\nvisibility: public\n---\n\nIntro.\n\n{body}\n"),
            )],
        );
        let out = traction(site.path(), &["build", "--no-pdf"]);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(1), "{t}");
        assert!(t.contains("content/news.md:8:"), "{t}");
        assert!(
            t.contains(&format!("KPI `{key}` is not published in profile `public`")),
            "{t}"
        );
    }
    // Guarded with `is defined`, the same page builds and prints nothing.
    write_site(
        site.path(),
        &[(
            "content/news.md",
            "---\ntitle: News\nvisibility: public\n---\n{% if kpis.arr is defined %}ARR {{ kpis.arr }}{% endif %}Hi.\n",
        )],
    );
    build_ok(site.path(), &["build", "--no-pdf"]);
}

#[test]
fn withheld_raw_data_is_not_in_the_template_context() {
    let site = example_site();
    write_site(
        site.path(),
        &[(
            "content/news.md",
            "---\ntitle: News\nvisibility: public\n---\n{% for c in data.customers %}[{{ c.name }}:{{ c.acv is defined }}]{% endfor %} cac={{ data.economics.cac is defined }} pipe={{ data.economics.pipeline_by_stage is defined }} chart={{ charts.arr_by_customer is defined }}\n",
        )],
    );
    build_ok(site.path(), &["build", "--no-pdf"]);
    let html = std::fs::read_to_string(site.path().join("output/public/news/index.html")).unwrap();
    assert!(
        html.contains("[Northwind Logistics:false][Harbor &amp; Pine Outfitters:false][A multi-channel specialty food distributor:false]"),
        "{html}"
    );
    assert!(html.contains("cac=false pipe=false chart=false"), "{html}");
}

#[test]
fn an_unapproved_story_shows_no_quote_author_or_logo_in_any_public_file() {
    let site = example_site();
    // A logo kept in the site's static/ folder.
    std::fs::create_dir_all(site.path().join("static/logos")).unwrap();
    std::fs::write(site.path().join("static/logos/cascade.png"), PNG_1X1).unwrap();
    replace_in(
        site.path(),
        "content/case-studies/cascade-provisions.md",
        "approval: pending",
        "approval: pending\nlogo: /logos/cascade.png",
    );
    build_ok(site.path(), &["build"]);
    let public = written_text(&site.path().join("output/public"));
    assert!(
        !public.contains_key("logos/cascade.png"),
        "the logo is copied"
    );
    for (rel, text) in &public {
        assert!(!text.contains("We sell the same cheese"), "{rel} quotes");
        assert!(!text.contains("Head of Operations"), "{rel} credits");
        assert!(!text.contains("cascade.png"), "{rel} links the logo");
    }
    let internal = written_text(&site.path().join("output/internal"));
    assert!(internal.contains_key("logos/cascade.png"));
}

#[test]
fn an_anonymized_story_is_credited_to_a_role_only_and_never_twice() {
    let site = example_site();
    let case = "content/case-studies/cascade-provisions.md";
    replace_in(
        site.path(),
        case,
        "approval: pending",
        "approval: anonymized",
    );
    replace_in(
        site.path(),
        case,
        "author: \"Head of Operations\"",
        "author: \"Jane Doe\"",
    );
    build_ok(site.path(), &["build"]);
    let public = written_text(&site.path().join("output/public"));
    let page = &public["case-studies/a-multi-channel-specialty-food-distributor/index.html"];
    assert!(page.contains("We sell the same cheese"), "{page}");
    assert!(
        page.contains("<span class=\"quote-role\">Multi-channel specialty food distributor</span>"),
        "{page}"
    );
    for (rel, text) in &public {
        assert!(!text.contains("Jane Doe"), "{rel} names the author");
        assert!(
            !text.contains("food distributor, A multi-channel"),
            "{rel} repeats the alias"
        );
    }
}

#[test]
fn unapproved_stories_carry_a_mark_and_the_investor_edition_a_watermark() {
    let site = example_site();
    build_ok(site.path(), &["build"]);
    let internal = written_text(&site.path().join("output/internal"));
    assert!(internal["case-studies/cascade-provisions/index.html"].contains("Approval pending"),);
    assert!(!internal["case-studies/northwind-logistics/index.html"].contains("Approval pending"));
    let investors = written_text(&site.path().join("output/investors"));
    for (rel, text) in &investors {
        if rel.ends_with(".html") && rel != "404.html" {
            assert!(text.contains("Confidential"), "{rel} has no watermark");
        }
        if rel.ends_with(".pdf") && have_tool("pdftotext") {
            assert!(text.contains("CONFIDENTIAL"), "{rel} has no watermark");
        }
    }
    if have_tool("pdftotext") {
        assert!(
            investors["case-studies/cascade-provisions.pdf"].contains("APPROVAL PENDING"),
            "the PDF of an unapproved story"
        );
        let public = written_text(&site.path().join("output/public"));
        for (rel, text) in &public {
            assert!(!text.to_lowercase().contains("confidential"), "{rel}");
            assert!(!text.contains("APPROVAL PENDING"), "{rel}");
        }
    }
}

/// Each form a name was seen slipping through, appended to a public page.
const FORMS: [&str; 16] = [
    "Thanks to “Cascade Provisions” today.",
    "Cascade Provisions’ team",
    "Cascade Provisions’s team",
    "Cascade\u{a0}Provisions",
    "Cascade\u{202f}Provisions",
    "Cascade Provisions…",
    "Cascade Provisions™",
    "Cascade Provisions 🎉",
    "Cascade Provisions🎉",
    "Cre\u{300}me Provisions and CRÈME PROVISIONS",
    "Cascade **Provisions**",
    "Cascade<b></b> Provisions",
    "Cascade&#32;Provisions",
    "[search](https://x.example/?q=Cascade+Provisions)",
    "[path](https://x.example/Cascade%20Provisions)",
    "Cas\u{ad}cade Provisions",
];

#[test]
fn no_unicode_markup_or_url_form_of_a_hidden_name_reaches_the_public_output() {
    let site = example_site();
    // A second hidden customer with a non-ASCII name.
    let customers = site.path().join("data/customers.yaml");
    let data = std::fs::read_to_string(&customers).unwrap();
    std::fs::write(
        &customers,
        format!("{data}\n- name: Crème Provisions\n  acv: 20000\n  stage: signed\n  signed_week: 12\n  live_week: 14\n  nps: 8\n"),
    )
    .unwrap();
    let welcome = site.path().join("content/welcome.md");
    let original = std::fs::read_to_string(&welcome).unwrap();
    for form in FORMS {
        std::fs::write(&welcome, format!("{original}\n{form}\n")).unwrap();
        let out = traction(site.path(), &["build", "--no-pdf"]);
        let public = written_text(&site.path().join("output/public"));
        let home = squeeze(&public["index.html"]);
        // Replaced by the anonymiser (exit 0), or refused by the audit (exit 1,
        // output unchanged): never written.
        assert!(
            !home.contains("cascadeprovisions") && !home.contains("crèmeprovisions"),
            "{form}: {}",
            text(&out)
        );
        assert!(!home.contains("cremeprovisions"), "{form}");
        assert!(
            out.status.success(),
            "the anonymiser should replace {form}: {}",
            text(&out)
        );
    }
}

#[test]
fn a_name_assembled_in_a_template_fails_the_audit_in_html_and_file_names() {
    let site = example_site();
    build_ok(site.path(), &["build", "--no-pdf"]);
    let before = snapshot(&site.path().join("output"));
    for (path, text_) in [
        (
            "content/welcome.md",
            "---\ntitle: Welcome\nvisibility: public\n---\nHi {{ \"Cas\" ~ \"cade&nbsp;Provisions\" | safe }}\n",
        ),
        (
            "content/news.md",
            "---\ntitle: News\nvisibility: public\n---\n<a href=\"/x?q={{ 'Cas' ~ 'cade+Provisions' }}\">x</a>\n",
        ),
        (
            "content/news.md",
            "---\ntitle: News\nvisibility: public\nslug: cas-cade\n---\n<img alt=\"{{ 'CAS' ~ 'CADE PROVISIONS' }}\" src=\"data:,\">\n",
        ),
    ] {
        let site2 = example_site();
        write_site(site2.path(), &[(path, text_)]);
        let out = traction(site2.path(), &["build", "--no-pdf"]);
        let t = text(&out);
        assert_eq!(out.status.code(), Some(1), "{path}: {t}");
        assert!(t.contains("leak:"), "{t}");
        assert!(t.contains("Cascade Provisions"), "{t}");
    }
    assert_eq!(before, snapshot(&site.path().join("output")));
}

#[test]
fn a_page_title_in_a_theme_comment_is_no_leak_and_needs_no_data_row() {
    let site = example_site();
    // Remove every stand-up row that mentions the financial model: the theme's
    // CSS comment `/* Financial model */` must not become a leak.
    let standup = site.path().join("data/standup.csv");
    let rows = std::fs::read_to_string(&standup).unwrap();
    let kept: String = rows
        .lines()
        .filter(|l| !l.to_lowercase().contains("financial model"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(kept.len(), rows.len(), "the example mentions it");
    std::fs::write(&standup, kept).unwrap();
    let css =
        std::fs::read_to_string(site.path().join("themes/default/static/css/site.css")).unwrap();
    assert!(
        css.contains("Financial model"),
        "the theme comment is there"
    );
    build_ok(site.path(), &["build", "--no-pdf"]);
    // But the title in visible text of a public page is a leak.
    write_site(
        site.path(),
        &[(
            "content/news.md",
            "---\ntitle: News\nvisibility: public\n---\nSee our {{ 'Financial' ~ ' model' }} page.\n",
        )],
    );
    let out = traction(site.path(), &["build", "--no-pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("content/investors/financial-model.md"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_curly_quoted_name_in_a_quote_author_never_reaches_public_pdf_text() {
    if !have_tool("pdftotext") {
        return;
    }
    let site = example_site();
    replace_in(
        site.path(),
        "content/case-studies/northwind-logistics.md",
        "author: \"Dana Reyes\"",
        "author: \"Dana Reyes (ex-“Cascade Provisions”)\"",
    );
    build_ok(site.path(), &["build"]);
    let public = written_text(&site.path().join("output/public"));
    let pdf = &public["case-studies/northwind-logistics.pdf"];
    assert!(pdf.contains("Dana Reyes"), "{pdf}");
    assert!(!squeeze(pdf).contains("cascadeprovisions"), "{pdf}");
}

/// `traction serve --profile public` on `root`, with its output lines.
struct PublicServer {
    child: std::process::Child,
    port: u16,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Drop for PublicServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl PublicServer {
    fn start(root: &Path) -> PublicServer {
        use std::io::BufRead;
        let mut child = command(root)
            .args([
                "serve",
                "--profile",
                "public",
                "--port",
                "0",
                "--debounce",
                "20",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                std::io::BufReader::new(stream)
                    .lines()
                    .map_while(Result::ok)
                    .for_each(|l| drop(tx.send(l)))
            });
        }
        let first = lines
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("serve prints a first line");
        let port = first
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("first line is `{first}`"));
        let s = PublicServer { child, port, lines };
        s.wait_for("Rebuilt site");
        s
    }

    fn wait_for(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut seen = Vec::new();
        while std::time::Instant::now() < deadline {
            if let Ok(line) = self
                .lines
                .recv_timeout(std::time::Duration::from_millis(100))
            {
                if line.contains(needle) {
                    return line;
                }
                seen.push(line);
            }
        }
        panic!("no line containing `{needle}` in {seen:?}");
    }

    fn get(&self, path: &str) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }
}

#[test]
fn a_leaking_edit_under_serve_never_reaches_disk_or_the_browser() {
    let site = example_site();
    let s = PublicServer::start(site.path());
    let on_disk = |rel: &str| {
        squeeze(&std::fs::read_to_string(site.path().join("output/public").join(rel)).unwrap())
    };
    // A body edit (the single-page path).
    let welcome = site.path().join("content/welcome.md");
    let original = std::fs::read_to_string(&welcome).unwrap();
    std::fs::write(
        &welcome,
        format!("{original}\nHi {{{{ \"Cas\" ~ \"cade Provisions\" }}}} and a marker line.\n"),
    )
    .unwrap();
    s.wait_for("leak: output file index.html");
    assert!(!on_disk("index.html").contains("cascadeprovisions"));
    assert!(!on_disk("index.html").contains("markerline"));
    assert!(!squeeze(&s.get("/")).contains("cascadeprovisions"));
    // A stylesheet edit (copied in place when it passes).
    let css = site.path().join("themes/default/static/css/site.css");
    let sheet = std::fs::read_to_string(&css).unwrap();
    std::fs::write(&css, format!("{sheet}\n/* for Cascade Provisions */\n")).unwrap();
    s.wait_for("leak: output file css/site.css");
    assert!(!on_disk("css/site.css").contains("cascadeprovisions"));
    assert!(!squeeze(&s.get("/css/site.css")).contains("cascadeprovisions"));
    // Fixed, the page is written again.
    std::fs::write(&css, &sheet).unwrap();
    std::fs::write(&welcome, format!("{original}\nA clean marker line.\n")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !on_disk("index.html").contains("cleanmarkerline") {
        assert!(std::time::Instant::now() < deadline, "the fix is applied");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn a_hidden_name_in_a_file_name_fails_the_audit() {
    let site = example_site();
    write_site(
        site.path(),
        &[("static/press/Cascade_Provisions-kit.txt", "A press kit.\n")],
    );
    let out = traction(site.path(), &["build", "--no-pdf"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("leak: output file press/Cascade_Provisions-kit.txt contains `Cascade Provisions` at its file name"),
        "{t}"
    );
}
