//! Embeds the default theme and the example site into the binary, so a site
//! with only `content/` and `site.yaml` builds, and `traction init` works
//! without the repository at hand.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: `env!` would bake in the folder the build script was
    // compiled in, and a target dir shared between checkouts would then embed
    // another checkout's theme.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest);
    let mut out = String::new();
    out.push_str("/// Files of the default theme: (path under themes/default/, bytes).\n");
    out.push_str("pub static THEME: &[(&str, &[u8])] = &[\n");
    embed(
        &mut out,
        &root.join("themes/default"),
        &root.join("themes/default"),
    );
    out.push_str("];\n/// Files of the example site: (path under the site root, bytes).\n");
    out.push_str("pub static EXAMPLE: &[(&str, &[u8])] = &[\n");
    for part in ["site.yaml", "content", "data", "archetypes"] {
        embed(&mut out, root, &root.join(part));
    }
    out.push_str("];\n");
    for part in [
        "themes/default",
        "site.yaml",
        "content",
        "data",
        "archetypes",
    ] {
        println!("cargo:rerun-if-changed={part}");
    }
    // Cached PDFs and images are keyed by their inputs and by the code that
    // lays them out: a changed layout must not be served from the cache.
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    list_files(&root.join("src"), &mut files);
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        for b in file.to_string_lossy().bytes().chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=TRACTION_CODE_HASH={hash:016x}");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn list_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn embed(out: &mut String, base: &Path, path: &Path) {
    if path.is_file() {
        let rel = path.strip_prefix(base).expect("path is under base");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        println!("cargo:rerun-if-changed={}", p.display());
        embed(out, base, &p);
    }
}
