//! Which page of a list to read, and the page read.

/// A page of a list: 1-based page number and page size, bounded.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    pub const SIZES: [i64; 4] = [20, 50, 100, 200];
    /// The last page anyone can ask for: its offset fits any database's `OFFSET` with room.
    pub const MAX_PAGE: i64 = 1_000_000;

    /// A page of a list, clamped to 1..=`MAX_PAGE` (the API refuses what lies outside first).
    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Self {
        let per_page = per_page.filter(|p| Self::SIZES.contains(p)).unwrap_or(20);
        Self { page: page.unwrap_or(1).clamp(1, Self::MAX_PAGE), per_page }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}
