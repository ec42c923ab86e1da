//! Links: every internal link, `#anchor` and image of a profile's rendered HTML
//! (Markdown and template output alike) must resolve inside that profile.
//!
//! Each HTML file is reduced to its facts as it is written (`scan_html`: the
//! ids it defines and the `href`/`src` values it uses); once the profile is
//! rendered, `resolve` checks every link against the files and ids written.
//! A link to a page that exists but is not in the profile is an error of its
//! own, naming the linking file and line.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::audience::View;
use crate::diagnostics::Diagnostic;
use crate::render::html::url_to_file;
use crate::render::urls;
use crate::site::Site;

/// What one HTML file defines and uses.
#[derive(Debug, Clone, Default)]
pub struct HtmlFacts<'a> {
    /// `id` attribute values (and `<a name>`), each followed by `\n`.
    pub ids: String,
    /// `href` and `src` values as written (entities decoded), once each, with whether it is a `src`.
    pub links: Vec<(Cow<'a, str>, bool)>,
}

impl HtmlFacts<'_> {
    /// Whether the document defines `id`.
    #[cfg(test)]
    pub(crate) fn has_id(&self, id: &str) -> bool {
        self.ids.split('\n').any(|i| i == id)
    }
}

/// Where a link is used: the output files (by number) and, when it differs
/// from the resolved target, the link as written there.
#[derive(Debug, Clone, Default)]
struct Uses {
    is_src: bool,
    /// The first uses (a link in a template is on every page: reporting a few is enough).
    uses: Vec<(u32, Option<Box<str>>)>,
    /// All uses.
    count: usize,
}

/// Uses of one link kept for messages.
const KEPT_USES: usize = 8;

/// Every HTML file's ids and every link of a profile, compact: one entry per
/// distinct link target, however many pages use it.
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    html: Vec<String>,
    ids: Vec<String>,
    number: HashMap<String, u32>,
    files: HashSet<String>,
    /// Internal links by resolved target (`plans/week-10/#goal`), `!` + link for links leaving the site.
    internal: HashMap<Box<str>, Uses>,
    /// External links, as written.
    external: HashMap<Box<str>, Uses>,
}

/// One HTML file's links, resolved, ready to be added to the index.
pub struct Scanned<'a> {
    rel: String,
    ids: String,
    internal: Vec<Link<'a>>,
    external: Vec<Cow<'a, str>>,
}

/// An internal link: resolved target, the link as written when it differs, whether a `src`.
struct Link<'a> {
    key: Cow<'a, str>,
    written: Option<Cow<'a, str>>,
    is_src: bool,
}

enum Found<'a> {
    Internal(Link<'a>),
    External(&'a str),
}

impl Link<'_> {
    fn into_owned(self) -> Link<'static> {
        Link {
            key: Cow::Owned(self.key.into_owned()),
            written: self.written.map(|w| Cow::Owned(w.into_owned())),
            is_src: self.is_src,
        }
    }
}

impl LinkIndex {
    /// An empty index.
    pub(crate) fn new() -> LinkIndex {
        LinkIndex::default()
    }

    /// Adds a scanned file.
    pub(crate) fn add(&mut self, scanned: Scanned<'_>) {
        let n = self.html.len() as u32;
        self.files.insert(scanned.rel.clone());
        self.number.insert(scanned.rel.clone(), n);
        self.html.push(scanned.rel);
        self.ids.push(scanned.ids);
        for Link {
            key,
            written,
            is_src,
        } in scanned.internal
        {
            let entry = match self.internal.get_mut(&*key) {
                Some(e) => e,
                None => self
                    .internal
                    .entry(key.into_owned().into_boxed_str())
                    .or_default(),
            };
            entry.is_src |= is_src;
            entry.count += 1;
            if entry.uses.len() < KEPT_USES || written.is_some() {
                entry
                    .uses
                    .push((n, written.map(|w| w.into_owned().into_boxed_str())));
            }
        }
        for url in scanned.external {
            let entry = match self.external.get_mut(&*url) {
                Some(e) => e,
                None => self
                    .external
                    .entry(url.into_owned().into_boxed_str())
                    .or_default(),
            };
            entry.count += 1;
            if entry.uses.len() < KEPT_USES {
                entry.uses.push((n, None));
            }
        }
    }

    /// Records a file that is not HTML.
    pub(crate) fn add_file(&mut self, rel: &str) {
        self.files.insert(rel.to_string());
    }

    fn has_id(&self, file: &str, id: &str, sets: &mut IdSets) -> Option<bool> {
        let n = *self.number.get(file)?;
        let ids = &self.ids[n as usize];
        if ids.len() <= 2048 {
            return Some(ids.split('\n').any(|i| i == id));
        }
        // A set per large page, built once per resolve.
        let set = sets
            .entry(n)
            .or_insert_with(|| ids.split('\n').map(str::to_string).collect());
        Some(set.contains(id))
    }

    fn ids_of(&self, file: &str) -> Vec<&str> {
        self.number.get(file).map_or_else(Vec::new, |&n| {
            self.ids[n as usize]
                .split('\n')
                .filter(|s| !s.is_empty())
                .collect()
        })
    }
}

/// A link that leaves the site, for `check --external`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct External {
    /// The URL.
    pub url: String,
    /// Source file that has it.
    pub file: PathBuf,
    /// Line in that file (0 when it comes from a template).
    pub line: usize,
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// Reads the ids, `href`s and `src`s of an HTML document.
pub fn scan_html(html: &[u8]) -> HtmlFacts<'_> {
    let mut facts = HtmlFacts::default();
    let mut seen: HashSet<&[u8]> = HashSet::new();
    let mut i = 0;
    let n = html.len();
    while i < n {
        // Attributes only appear inside tags; skip text quickly.
        let Some(lt) = html[i..].iter().position(|&b| b == b'<') else {
            break;
        };
        i += lt + 1;
        if i >= n || !(html[i].is_ascii_alphabetic()) {
            // Comments, closing tags, doctype: skip to the end of the tag.
            if html[i..].starts_with(b"!--") {
                match find(&html[i..], b"-->") {
                    Some(end) => i += end + 3,
                    None => break,
                }
            }
            continue;
        }
        let tag_start = i;
        while i < n && html[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let tag = &html[tag_start..i];
        // Attributes until `>`.
        while i < n && html[i] != b'>' {
            if !html[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            while i < n && html[i].is_ascii_whitespace() {
                i += 1;
            }
            let name_start = i;
            while i < n
                && (html[i].is_ascii_alphanumeric() || matches!(html[i], b'-' | b':' | b'_'))
            {
                i += 1;
            }
            let name = &html[name_start..i];
            if i >= n || html[i] != b'=' {
                continue;
            }
            i += 1;
            let (value, next) = match html.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[i + 1..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(n, |e| i + 1 + e);
                    (&html[(i + 1).min(end)..end], end + 1)
                }
                _ => {
                    let end = html[i..]
                        .iter()
                        .position(|&b| b.is_ascii_whitespace() || b == b'>')
                        .map_or(n, |e| i + e);
                    (&html[i..end], end)
                }
            };
            i = next.min(n);
            let text = || -> Cow<'_, str> {
                match std::str::from_utf8(value) {
                    Ok(s) if !s.contains('&') => Cow::Borrowed(s),
                    _ => Cow::Owned(decode_entities(&String::from_utf8_lossy(value))),
                }
            };
            let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
            let is_a = tag.eq_ignore_ascii_case(b"a");
            match () {
                () if is(b"id") => {
                    facts.ids.push_str(&text());
                    facts.ids.push('\n');
                }
                () if is_a && is(b"name") => {
                    facts.ids.push_str(&text());
                    facts.ids.push('\n');
                }
                () if (is(b"href") || is(b"src") || is(b"xlink:href")) && seen.insert(value) => {
                    facts.links.push((text(), is(b"src")));
                }
                _ => {}
            }
        }
        let script = tag.eq_ignore_ascii_case(b"script");
        if script || tag.eq_ignore_ascii_case(b"style") {
            let close: &[u8] = if script { b"</script" } else { b"</style" };
            match find(&html[i..], close) {
                Some(end) => i += end,
                None => break,
            }
        }
    }
    facts
}

/// Reads one HTML output file of a profile at `base_url` (pure: runs outside any lock).
pub fn scan<'a>(base_url: &str, rel: &str, html: &'a [u8]) -> Scanned<'a> {
    let HtmlFacts { ids, links } = scan_html(html);
    let base = base_url.trim_end_matches('/');
    let mut internal: Vec<Link<'a>> = Vec::new();
    let mut external: Vec<Cow<'a, str>> = Vec::new();
    // A set once there are many ids (20,000 headings must not cost 20,000² compares).
    let id_set: Option<HashSet<&str>> = (ids.len() > 2048).then(|| ids.split('\n').collect());
    let has_id = |f: &str| match &id_set {
        Some(set) => set.contains(f),
        None => ids.split('\n').any(|i| i == f),
    };
    for (link, is_src) in links {
        match link {
            Cow::Borrowed(link) => match classify(base, rel, link, is_src, &has_id) {
                None => {}
                Some(Found::External(u)) => external.push(Cow::Borrowed(u)),
                Some(Found::Internal(l)) => internal.push(l),
            },
            Cow::Owned(link) => match classify(base, rel, &link, is_src, &has_id) {
                None => {}
                Some(Found::External(u)) => external.push(Cow::Owned(u.to_string())),
                Some(Found::Internal(l)) => internal.push(l.into_owned()),
            },
        }
    }
    Scanned {
        rel: rel.to_string(),
        ids,
        internal,
        external,
    }
}

/// Reads the `url(...)` references of a CSS output file (fonts, images).
pub fn scan_css<'a>(base_url: &str, rel: &str, css: &'a [u8]) -> Scanned<'a> {
    let base = base_url.trim_end_matches('/');
    let text = String::from_utf8_lossy(css);
    let mut internal = Vec::new();
    let mut external = Vec::new();
    let mut rest: &str = &text;
    while let Some(k) = rest.find("url(") {
        rest = &rest[k + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let value = rest[..end].trim().trim_matches(['"', '\'']).trim();
        if !value.is_empty() && !value.starts_with("data:") {
            match classify(base, rel, value, true, &|_| true) {
                None => {}
                Some(Found::External(u)) => external.push(Cow::Owned(u.to_string())),
                Some(Found::Internal(l)) => internal.push(l.into_owned()),
            }
        }
        rest = &rest[end..];
    }
    Scanned {
        rel: rel.to_string(),
        ids: String::new(),
        internal,
        external,
    }
}

/// What a link is: nothing to check, external, or an internal target.
fn classify<'b>(
    base: &str,
    rel: &str,
    link: &'b str,
    is_src: bool,
    has_id: &dyn Fn(&str) -> bool,
) -> Option<Found<'b>> {
    let link = link.trim();
    // The base URL is a prefix of the link's path, not of its host:
    // `https://example.com.evil/x` is not on `https://example.com`.
    let on_base = |rest: &str| rest.is_empty() || rest.starts_with(['/', '?', '#']);
    let local = match link.strip_prefix(base) {
        Some(rest) if !base.is_empty() && on_base(rest) && !is_external(rest) => {
            if rest.is_empty() { "/" } else { rest }
        }
        _ => link,
    };
    // A site under a path (`https://org.github.io/repo`) writes its 404 page's links as `/repo/...`.
    let local = urls::strip_base_path(base, local);
    if local.is_empty()
        || local.starts_with("mailto:")
        || local.starts_with("tel:")
        || local.starts_with("data:")
        || local.starts_with("javascript:")
    {
        return None;
    }
    if is_external(local) {
        let web = local.starts_with("http://")
            || local.starts_with("https://")
            || local.starts_with("//");
        return web.then_some(Found::External(local));
    }
    let (path, fragment) = match local.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (local, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    // Anchors inside the page itself are checked right away (most links of a
    // page with a table of contents): only broken ones are kept.
    if path.is_empty()
        && let Some(f) = fragment
    {
        let f = percent_decode(f);
        if f.is_empty() || f == "top" || has_id(&f) {
            return None;
        }
    }
    // The common case, an absolute clean path, needs no allocation.
    let clean = path.starts_with('/')
        && !path.contains("/.")
        && !path[1..].contains("//")
        && !path.contains('%');
    let target: Option<Cow<'b, str>> = if path.is_empty() {
        Some(Cow::Owned(rel.to_string()))
    } else if clean {
        Some(Cow::Borrowed(&path[1..]))
    } else {
        join(rel, &percent_decode(path)).map(Cow::Owned)
    };
    let key: Cow<'b, str> = match (target, fragment) {
        (Some(t), None) => t,
        (Some(t), Some(f)) => Cow::Owned(format!("{t}#{f}")),
        (None, _) => Cow::Owned(format!("!{local}")),
    };
    // Links the renderer made relative read as the site-root path they came from.
    let same = key.trim_start_matches('!') == local
        || local.strip_prefix('/') == Some(&*key)
        || (!clean && urls::writes_as(rel, &key, local));
    Some(Found::Internal(Link {
        key,
        written: (!same).then_some(Cow::Borrowed(local)),
        is_src,
    }))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = hay[from..].iter().position(|&b| b == needle[0]) {
        let at = from + k;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether a link leaves the site (has a scheme or is protocol-relative).
pub fn is_external(link: &str) -> bool {
    if link.starts_with("//") {
        return true;
    }
    let scheme_end = link.find(':');
    let first_special = link.find(['/', '?', '#']);
    match (scheme_end, first_special) {
        (Some(c), Some(s)) => c < s && c > 0,
        (Some(c), None) => c > 0,
        _ => false,
    }
}

/// `%41` -> `A`; malformed escapes stay as written, invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy()
}

/// Joins `link` (a path without fragment) to the folder of output file `from`; `None` if it leaves the site.
fn join(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        let dir = from.rfind('/').map_or("", |k| &from[..k]);
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    let trailing = link.ends_with('/') || link.is_empty();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if trailing && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// Finds where links are written in their source files, for all links at
/// once: each source file is read and searched in one pass (Aho-Corasick over
/// every link looked for in it), whatever the number of links. Searching it
/// once per link made a page of 80,000 links take 76 s.
#[derive(Default)]
struct Locator {
    /// Per query: the source file, and the texts to look for in order of preference.
    queries: Vec<(Option<PathBuf>, Vec<String>)>,
}

/// A query's answer: (file, line) of the first text found, line 0 when none
/// is; `None` when the output file has no source page.
type Located = Option<(PathBuf, usize)>;

impl Locator {
    /// Asks where in `source` the first of `needles` is written; returns the query's number.
    fn ask(&mut self, source: Option<&Path>, needles: &[&str]) -> usize {
        let needles = needles
            .iter()
            .filter(|n| !n.is_empty())
            .map(|n| n.to_string())
            .collect();
        self.queries.push((source.map(Path::to_path_buf), needles));
        self.queries.len() - 1
    }

    /// Answers every query, by number.
    fn answer(self, site: &Site) -> Vec<Located> {
        let mut by_source: HashMap<&Path, Vec<usize>> = HashMap::new();
        for (q, (source, _)) in self.queries.iter().enumerate() {
            if let Some(source) = source {
                by_source.entry(source).or_default().push(q);
            }
        }
        let mut answers: Vec<Located> = vec![None; self.queries.len()];
        for (source, queries) in by_source {
            let text = site.source(source).unwrap_or_default();
            let mut needles: Vec<&str> = queries
                .iter()
                .flat_map(|&q| self.queries[q].1.iter().map(String::as_str))
                .collect();
            needles.sort_unstable();
            needles.dedup();
            let first = text.first_lines(&needles);
            for q in queries {
                let line = self.queries[q]
                    .1
                    .iter()
                    .find_map(|n| {
                        let k = needles.binary_search(&n.as_str()).ok()?;
                        first[k]
                    })
                    .unwrap_or(0);
                answers[q] = Some((source.to_path_buf(), line));
            }
        }
        answers
    }
}

/// The output-file -> source-page map of a profile.
pub(crate) fn sources(site: &Site, view: &View) -> HashMap<String, PathBuf> {
    view.pages()
        .map(|i| (url_to_file(view.url(i)), site.content.pages[i].file.clone()))
        .collect()
}

/// A broken link's uses, each with the query locating it.
struct Broken {
    hint: String,
    count: usize,
    /// (output file, message, query).
    uses: Vec<(u32, String, usize)>,
}

/// Checks every link of the index; returns errors and the external links.
pub(crate) fn resolve(
    site: &Site,
    view: &View,
    index: &LinkIndex,
) -> (Vec<Diagnostic>, Vec<External>) {
    let sources = sources(site, view);
    let source_of = |n: u32| sources.get(&index.html[n as usize]).map(PathBuf::as_path);
    let mut sets = IdSets::new();
    let mut locator = Locator::default();
    // First every question (which links are broken, where each use is
    // written), then one search per source file, then the messages.
    let mut broken: Vec<Broken> = Vec::new();
    let mut keys: Vec<&Box<str>> = index.internal.keys().collect();
    keys.sort();
    for key in keys {
        let uses = &index.internal[key];
        let Some((message, hint)) = check_one(site, view, index, key, uses.is_src, &mut sets)
        else {
            continue;
        };
        let (path, fragment) = match key.split_once('#') {
            Some((p, f)) => (p, Some(format!("#{f}"))),
            None => (&key[..], None),
        };
        let absolute = format!("/{key}");
        let absolute_path = format!("/{path}");
        // The site-root form an author wrote before the page was made relative.
        let clean_path = format!("/{}", urls::clean_url(path));
        let clean = format!("{clean_path}{}", fragment.as_deref().unwrap_or(""));
        let mut asked = Vec::new();
        for (n, written) in &uses.uses {
            // As an author writes a relative link (`chart.png`), and as pages are written.
            let relative = urls::relative(&index.html[*n as usize], &absolute);
            let mut needles: Vec<&str> = Vec::new();
            needles.extend(written.as_deref());
            needles.extend(relative.as_deref());
            // A link leaving the site is kept as written (`!../../x/`).
            needles.extend(key.strip_prefix('!'));
            needles.push(&absolute);
            needles.push(&clean);
            if !path.is_empty() && !index.html[*n as usize].starts_with(path) {
                needles.push(&absolute_path);
                needles.push(&clean_path);
            }
            needles.extend(fragment.as_deref());
            let message = match written {
                Some(w) => format!("{message} (written `{w}`)"),
                None => message.clone(),
            };
            asked.push((*n, message, locator.ask(source_of(*n), &needles)));
        }
        broken.push(Broken {
            hint,
            count: uses.count,
            uses: asked,
        });
    }
    let mut external_asked = Vec::new();
    for (url, uses) in &index.external {
        for (n, _) in &uses.uses {
            external_asked.push((url, *n, locator.ask(source_of(*n), &[url])));
        }
    }
    let mut answers = locator.answer(site);
    let mut errors = Vec::new();
    // Problems that come from a template repeat on every page: report each once.
    // (hint, output files seen, uses in all).
    let mut template_problems: BTreeMap<String, (String, Vec<u32>, usize)> = BTreeMap::new();
    for Broken { hint, count, uses } in broken {
        let mut located = 0;
        let mut in_template: Option<String> = None;
        for (n, message, q) in uses {
            match answers[q].take() {
                Some((file, line)) if line > 0 => errors.push(
                    Diagnostic::error(file, message)
                        .at(line, 0)
                        .hint(hint.clone()),
                ),
                _ => {
                    template_problems
                        .entry(message.clone())
                        .or_insert_with(|| (hint.clone(), Vec::new(), 0))
                        .1
                        .push(n);
                    in_template = Some(message);
                }
            }
            if in_template.is_none() {
                located += 1;
            }
        }
        // Uses beyond those kept are the template's too.
        if let Some(message) = in_template
            && let Some(entry) = template_problems.get_mut(&message)
        {
            entry.2 += count - located;
        }
    }
    for (message, (hint, pages, all)) in template_problems {
        let first = &index.html[pages[0] as usize];
        let all = all.max(pages.len());
        let file = sources
            .get(first)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(first));
        let more = if all > 1 {
            format!(" (and {} more output files)", all - 1)
        } else {
            String::new()
        };
        errors.push(
            Diagnostic::error(
                file,
                format!("{message}, in the template output of {first}{more}"),
            )
            .hint(hint),
        );
    }
    let mut external = Vec::new();
    for (url, n, q) in external_asked {
        let (file, line) = answers[q]
            .take()
            .unwrap_or_else(|| (PathBuf::from(&index.html[n as usize]), 0));
        external.push(External {
            url: url.to_string(),
            file,
            line,
        });
    }
    external.sort();
    external.dedup();
    (errors, external)
}

/// Why the link with resolved target `key` is broken, if it is.
/// Id sets of large pages, built on first use during `resolve`.
type IdSets = HashMap<u32, HashSet<String>>;

fn check_one(
    site: &Site,
    view: &View,
    index: &LinkIndex,
    key: &str,
    is_src: bool,
    sets: &mut IdSets,
) -> Option<(String, String)> {
    if let Some(written) = key.strip_prefix('!') {
        return Some((
            format!("link `{written}` leaves the site"),
            "links resolve against the page's own folder; use a path from the site root (`/...`)"
                .into(),
        ));
    }
    let (joined, fragment) = match key.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (key, None),
    };
    let candidates = if joined.is_empty() || joined.ends_with('/') {
        vec![format!("{joined}index.html")]
    } else {
        vec![joined.to_string(), format!("{joined}/index.html")]
    };
    let Some(target) = candidates.into_iter().find(|c| index.files.contains(c)) else {
        // Pages link to `.../index.html`; the page is known by its clean URL.
        let clean = urls::clean_url(joined);
        return Some(missing(site, view, &format!("/{clean}"), clean, is_src));
    };
    let fragment = percent_decode(fragment?);
    if fragment.is_empty() || fragment == "top" {
        return None;
    }
    if index.has_id(&target, &fragment, sets) != Some(false) {
        return None;
    }
    let known = index.ids_of(&target);
    let hint = match crate::diagnostics::did_you_mean(&fragment, known.iter().copied()) {
        Some(best) => format!("did you mean `#{best}`?"),
        None => "anchors are the ids of headings (lowercase words joined by `-`) and elements of the target page".into(),
    };
    Some((
        format!(
            "broken anchor `#{fragment}`: /{} has no element with that id",
            joined.trim_end_matches("index.html")
        ),
        hint,
    ))
}

fn missing(
    site: &Site,
    view: &View,
    written: &str,
    joined: &str,
    is_src: bool,
) -> (String, String) {
    let url = format!("/{}", joined.trim_end_matches('/'));
    let page = site
        .content
        .pages
        .iter()
        .enumerate()
        .find(|(_, p)| p.url.trim_end_matches('/') == url || (url == "/" && p.url == "/"));
    if let Some((i, p)) = page {
        if view.includes(i) {
            return (
                format!("links to `{written}`, the source URL of {} which this profile shows at {}", p.file.display(), view.url(i)),
                "link to the page's .md file instead, so the link follows the page wherever the profile puts it".into(),
            );
        }
        let profile = if view.profile.name.is_empty() {
            "this"
        } else {
            &view.profile.name
        };
        return (
            format!("links to `{written}` ({}), which is not in the `{profile}` profile", p.file.display()),
            "the linked page's visibility (or draft status) keeps it out of this audience's site; remove the link or change its visibility".into(),
        );
    }
    if is_src {
        (
            format!("image or file `{written}` does not exist"),
            "put the file beside the page in content/, or in static/".into(),
        )
    } else {
        (
            format!("link to `{written}`, which does not exist"),
            "check the path; internal links resolve against the page's own URL, and `/...` from the site root".into(),
        )
    }
}

#[cfg(test)]
mod tests;
