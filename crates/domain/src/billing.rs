//! Billable documents: what money is received against, refunded on and invoiced for. Finance
//! knows a document by its kind and id; the capability that owns the document registers it and
//! keeps its store, owner, customer, number and amount in step.

use crate::code::coded;
use serde::{Deserialize, Serialize};

coded!(
    /// The kinds of document money is received against. A capability that bills adds its kind
    /// here (a repair order, a parts counter sale, an insurance claim).
    DocumentKind {
        SalesOrder => "sales_order",
        /// A workshop repair order (工单): the customer's part of it.
        RepairOrder => "repair_order",
    }
);

crate::codes!(DocumentKind => "billable document kind");

/// One billable document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Document {
    pub kind: DocumentKind,
    pub id: i64,
}

impl Document {
    pub fn sales_order(id: i64) -> Document {
        Document { kind: DocumentKind::SalesOrder, id }
    }

    /// The sales order's id, if the document is one.
    pub fn sales_order_id(self) -> Option<i64> {
        (self.kind == DocumentKind::SalesOrder).then_some(self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn a_sales_order_is_known_by_its_code_and_gives_its_id_back() {
        let d = Document::sales_order(7);
        assert_eq!(d.kind.code(), "sales_order");
        assert_eq!(DocumentKind::from_code("sales_order"), Some(DocumentKind::SalesOrder));
        assert_eq!(DocumentKind::from_code("repair_order"), Some(DocumentKind::RepairOrder));
        assert_eq!(DocumentKind::from_code("counter_sale"), None);
        assert_eq!(d.sales_order_id(), Some(7));
    }
}
