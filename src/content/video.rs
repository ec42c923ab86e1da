//! A case study's testimonial video: a local `.mp4`/`.webm` file or a YouTube
//! or Vimeo address, with an optional poster frame, WebVTT captions and a
//! transcript. Addresses are read here once, so templates and the PDF only
//! ever see a known player and a well-formed video id.

use serde::Deserialize;

/// `video:` as written in the front matter.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoFront {
    /// A file beside the page (`interview.mp4`) or a YouTube/Vimeo address.
    pub src: String,
    /// Poster frame, a PNG, JPEG or WebP file beside the page.
    #[serde(default)]
    pub poster: Option<String>,
    /// WebVTT captions file beside the page.
    #[serde(default)]
    pub captions: Option<String>,
    /// What is said, shown on the page under the player.
    #[serde(default)]
    pub transcript: Option<String>,
}

/// A checked testimonial video.
#[derive(Debug, Clone, PartialEq)]
pub struct Video {
    /// Where it plays from.
    pub source: VideoSource,
    /// Poster frame file.
    pub poster: Option<String>,
    /// WebVTT captions file.
    pub captions: Option<String>,
    /// Transcript text.
    pub transcript: Option<String>,
}

/// Where a video plays from.
#[derive(Debug, Clone, PartialEq)]
pub enum VideoSource {
    /// A file shipped with the site.
    File {
        /// Path as written, relative to the page (or `/` for `static/`).
        path: String,
        /// `video/mp4` or `video/webm`.
        mime: &'static str,
    },
    /// A YouTube video id (11 characters).
    YouTube(String),
    /// A Vimeo video id (digits).
    Vimeo(String),
}

impl VideoSource {
    /// The third-party player's name, `None` for a local file.
    pub(crate) fn provider(&self) -> Option<&'static str> {
        match self {
            VideoSource::File { .. } => None,
            VideoSource::YouTube(_) => Some("YouTube"),
            VideoSource::Vimeo(_) => Some("Vimeo"),
        }
    }

    /// The address a reader opens without the embedded player (no script).
    pub(crate) fn watch_url(&self) -> Option<String> {
        match self {
            VideoSource::File { .. } => None,
            VideoSource::YouTube(id) => Some(format!("https://www.youtube.com/watch?v={id}")),
            VideoSource::Vimeo(id) => Some(format!("https://vimeo.com/{id}")),
        }
    }

    /// The player loaded after the reader clicks: YouTube's no-cookie domain
    /// and Vimeo's do-not-track flag, so a click is the only consent asked.
    pub(crate) fn embed_url(&self) -> Option<String> {
        match self {
            VideoSource::File { .. } => None,
            VideoSource::YouTube(id) => Some(format!(
                "https://www.youtube-nocookie.com/embed/{id}?autoplay=1"
            )),
            VideoSource::Vimeo(id) => Some(format!(
                "https://player.vimeo.com/video/{id}?autoplay=1&dnt=1"
            )),
        }
    }
}

/// What is wrong with a `video:` entry: the message and what would be valid.
pub(crate) type VideoProblem = (String, &'static str);

impl VideoFront {
    /// Checks the addresses and file types.
    pub(crate) fn check(self) -> Result<Video, VideoProblem> {
        let source = source(self.src.trim())?;
        if let Some(poster) = &self.poster {
            local_file(poster, "poster", &["png", "jpg", "jpeg", "webp"])?;
        }
        if let Some(captions) = &self.captions {
            local_file(captions, "captions", &["vtt"])?;
        }
        let transcript = self.transcript.filter(|t| !t.trim().is_empty());
        Ok(Video {
            source,
            poster: self.poster,
            captions: self.captions,
            transcript,
        })
    }
}

const EXPECTED_SRC: &str = "a file beside the page ending in .mp4 or .webm, or a YouTube \
     (https://www.youtube.com/watch?v=..., https://youtu.be/...) or Vimeo (https://vimeo.com/...) address";

fn source(src: &str) -> Result<VideoSource, VideoProblem> {
    if src.is_empty() {
        return Err(("`video.src` is empty".into(), EXPECTED_SRC));
    }
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return remote(src).ok_or_else(|| {
            (
                format!("`{src}` is not a YouTube or Vimeo video address"),
                EXPECTED_SRC,
            )
        });
    }
    if lower.contains(':') {
        return Err((
            format!("`{src}` is not a video file or address"),
            EXPECTED_SRC,
        ));
    }
    let mime = match extension(&lower) {
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        _ => {
            return Err((
                format!("`{src}` is not an .mp4 or .webm file"),
                EXPECTED_SRC,
            ));
        }
    };
    Ok(VideoSource::File {
        path: src.to_string(),
        mime,
    })
}

fn extension(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    name.rsplit_once('.').map(|(_, ext)| ext)
}

fn local_file(path: &str, key: &str, exts: &[&str]) -> Result<(), VideoProblem> {
    let lower = path.trim().to_ascii_lowercase();
    let expected: &'static str = if key == "poster" {
        "a PNG, JPEG or WebP file beside the page, such as poster.jpg"
    } else {
        "a WebVTT file beside the page, such as captions.vtt"
    };
    if lower.contains(':') || lower.starts_with("//") {
        return Err((
            format!("`video.{key}: {path}` must be a file of the site, not an address"),
            expected,
        ));
    }
    match extension(&lower) {
        Some(ext) if exts.contains(&ext) => Ok(()),
        _ => Err((
            format!("`video.{key}: {path}` has the wrong file type"),
            expected,
        )),
    }
}

/// A YouTube or Vimeo address -> its source; `None` for anything else, so a
/// look-alike host (`youtube.com.evil.example`) is never embedded.
fn remote(url: &str) -> Option<VideoSource> {
    let rest = url
        .split_once("//")
        .map(|(_, r)| r)
        .unwrap_or(url)
        .trim_end();
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.split('#').next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let id = match segments.as_slice() {
                ["watch"] => query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("v="))
                    .map(|v| v.split('#').next().unwrap_or("")),
                ["embed" | "shorts" | "live" | "v", id] => Some(*id),
                _ => None,
            }?;
            youtube_id(id).map(VideoSource::YouTube)
        }
        "youtu.be" => match segments.as_slice() {
            [id] => youtube_id(id).map(VideoSource::YouTube),
            _ => None,
        },
        "vimeo.com" => match segments.as_slice() {
            [id] => vimeo_id(id).map(VideoSource::Vimeo),
            _ => None,
        },
        "player.vimeo.com" => match segments.as_slice() {
            ["video", id] => vimeo_id(id).map(VideoSource::Vimeo),
            _ => None,
        },
        _ => None,
    }
}

fn youtube_id(id: &str) -> Option<String> {
    (id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then(|| id.to_string())
}

fn vimeo_id(id: &str) -> Option<String> {
    (!id.is_empty() && id.len() <= 12 && id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(src: &str) -> VideoFront {
        VideoFront {
            src: src.into(),
            poster: None,
            captions: None,
            transcript: None,
        }
    }

    #[test]
    fn youtube_addresses_in_their_usual_forms() {
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://m.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=3",
        ] {
            assert_eq!(
                front(url).check().unwrap().source,
                VideoSource::YouTube("dQw4w9WgXcQ".into()),
                "{url}"
            );
        }
    }

    #[test]
    fn vimeo_addresses() {
        for url in [
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871",
        ] {
            assert_eq!(
                front(url).check().unwrap().source,
                VideoSource::Vimeo("76979871".into())
            );
        }
    }

    #[test]
    fn look_alike_hosts_and_bad_ids_are_refused() {
        for url in [
            "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
            "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=short",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>",
            "https://vimeo.com/abc",
            "https://vimeo.com/channels/staff",
            "https://example.com/video.mp4",
            "javascript:alert(1)",
            "",
        ] {
            assert!(front(url).check().is_err(), "{url}");
        }
    }

    #[test]
    fn local_files_need_a_video_type() {
        assert_eq!(
            front("media/Interview.MP4").check().unwrap().source,
            VideoSource::File {
                path: "media/Interview.MP4".into(),
                mime: "video/mp4"
            }
        );
        assert!(front("clip.webm").check().is_ok());
        assert!(front("clip.mov").check().is_err());
        assert!(front("clip").check().is_err());
    }

    #[test]
    fn posters_and_captions_are_files_of_their_type() {
        let mut v = front("clip.webm");
        v.captions = Some("captions.srt".into());
        assert!(v.check().unwrap_err().0.contains("captions"));
        let mut v = front("clip.webm");
        v.poster = Some("https://img.youtube.com/vi/x/0.jpg".into());
        assert!(v.check().unwrap_err().0.contains("not an address"));
        let mut v = front("clip.webm");
        v.poster = Some("poster.jpg".into());
        v.captions = Some("en.vtt".into());
        v.transcript = Some("  ".into());
        let v = v.check().unwrap();
        assert_eq!(v.transcript, None);
    }
}
