//! PDFs typeset by typst: contracts, receipts and invoice layouts in Chinese.
//!
//! The layouts are typst files compiled into the binary (`templates/`), and so is the CJK font
//! (WenQuanYi Micro Hei, Apache-2.0, `fonts/`), so that a fresh machine renders Chinese with
//! nothing installed. A document is handed to its layout as JSON data (`sys.inputs.data`), never
//! as markup, so that text typed by users can not change the layout; images (signatures) go in as
//! bytes (`sys.inputs.images`). Rendering is CPU work of some milliseconds: callers run it off
//! the async threads.

use serde::Serialize;
use std::sync::LazyLock;
use typst::foundations::{Bytes, Dict, IntoValue, Str};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

static FONT: &[u8] = include_bytes!("../fonts/wqy-microhei.ttc");

static ENGINE: LazyLock<TypstEngine> = LazyLock::new(|| {
    TypstEngine::builder()
        .fonts([FONT])
        .with_static_source_file_resolver([
            ("common.typ", include_str!("../templates/common.typ")),
            ("contract.typ", include_str!("../templates/contract.typ")),
            ("receipt.typ", include_str!("../templates/receipt.typ")),
            ("invoice.typ", include_str!("../templates/invoice.typ")),
        ])
        .build()
});

/// A document with a layout: its data is serialized to JSON for the typst file.
pub trait Layout: Serialize {
    /// The typst file under `templates/`.
    const FILE: &'static str;
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the document data could not be serialized: {0}")]
    Data(#[from] serde_json::Error),
    #[error("the {file} layout failed: {message}")]
    Layout { file: &'static str, message: String },
}

/// How many renders run at once: all cores but one, so that a burst of contracts (twenty
/// generated at once) leaves a core to the requests that render nothing.
static RENDERS: LazyLock<Permits> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    Permits::new(cores.saturating_sub(1).max(1))
});

/// A counting semaphore for the blocking threads that render.
struct Permits {
    free: std::sync::Mutex<usize>,
    released: std::sync::Condvar,
}

impl Permits {
    fn new(n: usize) -> Self {
        Self { free: std::sync::Mutex::new(n), released: std::sync::Condvar::new() }
    }

    fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *free == 0 {
            free = self.released.wait(free).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *free -= 1;
        Permit(self)
    }
}

struct Permit<'a>(&'a Permits);

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        self.0.released.notify_one();
    }
}

/// Renders a document to PDF bytes. `images` are named PNG or JPEG files the layout may place.
/// Blocks while all render permits are taken (see `RENDERS`).
pub fn render<D: Layout>(doc: &D, images: &[(&str, &[u8])]) -> Result<Vec<u8>, PdfError> {
    let _permit = RENDERS.acquire();
    let mut inputs = Dict::new();
    inputs.insert(Str::from("data"), serde_json::to_string(doc)?.into_value());
    let mut named = Dict::new();
    for (name, bytes) in images {
        named.insert(Str::from(*name), Bytes::new(bytes.to_vec()).into_value());
    }
    inputs.insert(Str::from("images"), named.into_value());
    let layout_error = |message: String| PdfError::Layout { file: D::FILE, message };
    let paged: PagedDocument =
        ENGINE.compile_with_input(D::FILE, inputs).output.map_err(|e| layout_error(e.to_string()))?;
    let options = typst_pdf::PdfOptions { tagged: false, ..Default::default() };
    typst_pdf::pdf(&paged, &options)
        .map_err(|diags| layout_error(diags.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; ")))
}

/// Loads the font and compiles the layouts once, so that the first real request is not the slow
/// one (called at startup, off the async threads).
pub fn warm_up() {
    LazyLock::force(&ENGINE);
}
