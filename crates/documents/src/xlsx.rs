//! Excel exports of lists (rust_xlsxwriter): a header row, typed cells, frozen header, filters.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// An amount in fen, written as a number of yuan with two decimals (sums work in Excel).
    Yuan(i64),
    /// Basis points (1/100 %), written as a percentage.
    Percent(i32),
    Empty,
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Cell::Empty, Cell::Text)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("could not write the workbook: {0}")]
pub struct ExportError(#[from] XlsxError);

/// A one-sheet workbook: `headers` in bold on a frozen first row with autofilter, then `rows`.
pub fn table(
    sheet_name: &str,
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<Vec<u8>, ExportError> {
    book([Sheet { name: sheet_name.to_string(), headers: headers.to_vec(), rows: rows.into_iter().collect() }])
}

/// One sheet of a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A workbook of several sheets, each as [`table`] writes one.
pub fn book(sheets: impl IntoIterator<Item = Sheet>) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let yuan = Format::new().set_num_format("#,##0.00");
    let percent = Format::new().set_num_format("0.00%");
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&s.name)?;
        for (col, h) in (0u16..).zip(&s.headers) {
            sheet.write_string_with_format(0, col, h, &bold)?;
            // Wide enough for Chinese names, ID numbers and addresses without manual resizing.
            sheet.set_column_width(col, 18)?;
        }
        let mut last_row = 0u32;
        for (row, cells) in (1u32..).zip(s.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    // Text cells stay text: a mobile or ID number must not turn into 1.38E+10.
                    Cell::Text(t) => sheet.write_string(row, col, t)?,
                    Cell::Int(i) => sheet.write_number(row, col, i as f64)?,
                    // Exact: amounts up to 2^53 fen are whole numbers of fen in an f64.
                    Cell::Yuan(fen) => sheet.write_number_with_format(row, col, fen as f64 / 100.0, &yuan)?,
                    Cell::Percent(bp) => {
                        sheet.write_number_with_format(row, col, f64::from(bp) / 10_000.0, &percent)?
                    }
                    Cell::Empty => sheet,
                };
            }
            last_row = row;
        }
        sheet.set_freeze_panes(1, 0)?;
        if !s.headers.is_empty() {
            sheet.autofilter(0, 0, last_row, s.headers.len() as u16 - 1)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_zip_container() {
        let bytes = table(
            "客户",
            &["名称".into(), "手机号".into()],
            vec![vec![Cell::Text("张三".into()), Cell::Text("13800138000".into())]],
        )
        .unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
