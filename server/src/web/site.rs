//! Where the built site (`pkg/app.js`, `pkg/app.wasm`, `pkg/app.css`, public assets) is, and the
//! `LeptosOptions` that point at it.
//!
//! Under `cargo leptos` the `LEPTOS_*` variables are set and win. Otherwise the site is looked
//! for beside the binary (`<target>/release/wfm` → `<target>/site`) and under `./target/site`.

use leptos::config::{get_configuration, LeptosOptions};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The wasm package name (`output-name` in the workspace's cargo-leptos metadata).
pub const OUTPUT_NAME: &str = "app";
/// The folder under the site root that holds the wasm, JS and CSS.
pub const PKG_DIR: &str = "pkg";

/// Options for serving on `addr`.
pub fn options(addr: SocketAddr) -> anyhow::Result<LeptosOptions> {
    if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() {
        let mut options = get_configuration(None)?.leptos_options;
        options.site_addr = addr;
        return Ok(options);
    }
    let root = find_site_root().ok_or_else(|| {
        anyhow::anyhow!(
            "no built site found (looked beside the binary and in ./target/site); \
             run `cargo leptos build --release` or set LEPTOS_SITE_ROOT"
        )
    })?;
    Ok(options_for(root, addr))
}

/// Options for a known site folder.
pub fn options_for(root: PathBuf, addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(root.to_string_lossy().into_owned())
        .site_pkg_dir(PKG_DIR)
        .site_addr(addr)
        .build()
}

/// The folder of the wasm, JS and CSS (`<site root>/pkg`).
pub fn pkg_dir(options: &LeptosOptions) -> PathBuf {
    Path::new(&*options.site_root).join(&*options.site_pkg_dir)
}

fn find_site_root() -> Option<PathBuf> {
    if let Some(root) = std::env::var_os("LEPTOS_SITE_ROOT") {
        return Some(PathBuf::from(root));
    }
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("site")));
    beside_exe
        .into_iter()
        .chain([PathBuf::from("target/site")])
        .find(|root| is_site(root))
}

fn is_site(root: &Path) -> bool {
    root.join(PKG_DIR).join(format!("{OUTPUT_NAME}.js")).is_file()
}
