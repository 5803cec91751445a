//! Documents autodms produces: Excel workbooks today; contract and invoice PDFs (typst) later.
//! A crate of its own so that its heavy dependencies build once and stay cached.

pub mod xlsx;
