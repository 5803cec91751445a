use super::*;
use proptest::prelude::*;

#[test]
fn part_numbers_are_read_as_the_maker_prints_them() {
    assert_eq!(part_number(" bp-1001 ").as_deref(), Ok("BP-1001"));
    assert_eq!(part_number("06L115562B").as_deref(), Ok("06L115562B"));
    for bad in ["", "ab", "BP 1001", "-BP1001", "刹车片", &"A".repeat(31)] {
        assert_eq!(part_number(bad), Err(PartsInputError::PartNo), "{bad}");
    }
}

#[test]
fn quantities_and_levels_have_their_ranges() {
    assert_eq!(quantity("3"), Ok(3));
    for bad in ["0", "-1", "1.5", "", "100000"] {
        assert_eq!(quantity(bad), Err(PartsInputError::Quantity), "{bad}");
    }
    assert_eq!(level(""), Ok(0));
    assert_eq!(level("-2"), Err(PartsInputError::Level));
}

#[test]
fn a_part_is_reordered_at_its_point_counting_what_is_on_order() {
    assert_eq!(reorder(5, 0, 4, 10), None);
    assert_eq!(reorder(4, 0, 4, 10), Some(10));
    assert_eq!(reorder(2, 3, 4, 10), None, "on order counts");
    assert_eq!(reorder(0, 0, 30, 10), Some(31), "never fewer than what clears the point");
    assert_eq!(reorder(0, 0, 0, 10), None, "no point, no suggestion");
}

#[test]
fn a_purchase_order_is_received_line_by_line() {
    assert_eq!(received_status(&[(4, 0), (2, 0)]), PurchaseStatus::Ordered);
    assert_eq!(received_status(&[(4, 4), (2, 0)]), PurchaseStatus::PartlyReceived);
    assert_eq!(received_status(&[(4, 4), (2, 2)]), PurchaseStatus::Received);
}

proptest! {
    /// Whatever the issues asked for, stock taken piece by piece never goes below zero and
    /// never gives more than was on the shelf.
    #[test]
    fn issues_never_take_more_than_the_shelf_holds(start in 0i32..20, asks in proptest::collection::vec(-2i32..6, 0..30)) {
        let mut on_hand = start;
        let mut given = 0;
        for q in asks {
            if let Some(left) = take(on_hand, q) {
                given += q;
                on_hand = left;
            }
            prop_assert!(on_hand >= 0);
        }
        prop_assert_eq!(given + on_hand, start);
    }

    /// A suggestion, when there is one, lifts what is on hand and on order above the point.
    #[test]
    fn a_suggestion_clears_the_point(on_hand in 0i32..100, on_order in 0i32..100, point in 0i32..100, qty in 0i32..100) {
        if let Some(n) = reorder(on_hand, on_order, point, qty) {
            prop_assert!(on_hand + on_order + n > point);
            prop_assert!(n >= qty);
        } else {
            prop_assert!(point == 0 || on_hand + on_order > point);
        }
    }
}
