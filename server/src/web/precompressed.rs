//! The site's `pkg/` folder (the wasm, its lazy chunks, JS and CSS) served from gzip files made
//! once after each build (`scripts/precompress.sh`, with zopfli: smaller than the compression
//! layer's on-the-fly gzip, which must be fast) when they are there, and as stored otherwise,
//! in which case the compression layer gzips them as before.
//!
//! A `.gz` left from an earlier build would send old code under new HTML, so the server deletes
//! every `.gz` that is older than its file, or has none, before it serves ([`drop_stale`]).

use std::io;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// Serves `pkg_dir`, preferring `<file>.gz` for clients that accept gzip.
pub fn service(pkg_dir: &Path) -> ServeDir {
    ServeDir::new(pkg_dir).precompressed_gzip()
}

/// Deletes the `.gz` files of `pkg_dir` that are older than the file they compress, or whose file
/// is gone; returns those deleted. A missing folder has none.
pub fn drop_stale(pkg_dir: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(pkg_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut dropped = Vec::new();
    for entry in entries {
        let gz = entry?.path();
        if gz.extension().is_none_or(|ext| ext != "gz") {
            continue;
        }
        if !is_current(&gz, &gz.with_extension(""))? {
            std::fs::remove_file(&gz)?;
            dropped.push(gz);
        }
    }
    Ok(dropped)
}

/// Whether `gz` was written after `original` was (an equal time counts: file systems with
/// coarse timestamps give both the same one when the build and the compression are quick).
fn is_current(gz: &Path, original: &Path) -> io::Result<bool> {
    let original = match std::fs::metadata(original) {
        Ok(meta) => meta.modified()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    Ok(std::fs::metadata(gz)?.modified()? >= original)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn touch(path: &Path, at: SystemTime) {
        std::fs::write(path, b"x").unwrap();
        std::fs::File::options().write(true).open(path).unwrap().set_modified(at).unwrap();
    }

    #[test]
    fn drops_gz_files_older_than_their_file_or_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let now = SystemTime::now();
        let earlier = now - Duration::from_secs(60);
        touch(&dir.path().join("app.wasm"), now);
        touch(&dir.path().join("app.wasm.gz"), earlier); // stale: the wasm was rebuilt
        touch(&dir.path().join("app.js"), earlier);
        touch(&dir.path().join("app.js.gz"), now); // current
        touch(&dir.path().join("gone.wasm.gz"), now); // its file is gone
        touch(&dir.path().join("app.css"), now); // never compressed: left alone

        let mut dropped = drop_stale(dir.path()).unwrap();
        dropped.sort();
        assert_eq!(dropped, [dir.path().join("app.wasm.gz"), dir.path().join("gone.wasm.gz")]);
        let mut left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        left.sort();
        assert_eq!(left, ["app.css", "app.js", "app.js.gz", "app.wasm"]);
    }

    #[test]
    fn a_missing_folder_has_nothing_to_drop() {
        let dir = tempfile::tempdir().unwrap();
        assert!(drop_stale(&dir.path().join("pkg")).unwrap().is_empty());
    }
}
