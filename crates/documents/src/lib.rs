//! Documents autodms produces: Excel workbooks, and contract, receipt and invoice PDFs (typst).
//! A crate of its own so that its heavy dependencies build once and stay cached.

pub mod contract;
pub mod pdf;
pub mod xlsx;
