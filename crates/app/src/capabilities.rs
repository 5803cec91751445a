//! Every capability of the application, in the order their listeners run: the one list a new
//! capability is added to (ARCHITECTURE.md, "Adding a capability").

use crate::kernel::registry::Capability;

pub const ALL: &[&Capability] = &[
    &crate::org::CAPABILITY,
    &crate::catalogue::CAPABILITY,
    &crate::customers::CAPABILITY,
    &crate::sales::CAPABILITY,
    &crate::finance::CAPABILITY,
    &crate::inventory::CAPABILITY,
    &crate::delivery::CAPABILITY,
    &crate::service::CAPABILITY,
    &crate::parts::CAPABILITY,
    &crate::care::CAPABILITY,
    &crate::campaigns::CAPABILITY,
    &crate::loaners::CAPABILITY,
    &crate::crm::CAPABILITY,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::events::{Kind, Listener};

    #[test]
    fn every_declaration_is_registered_once() {
        assert_eq!(crate::kernel::registry::problems(ALL), Vec::<String>::new());
    }

    #[test]
    fn a_declaration_twice_or_missing_is_found() {
        const HEARS: &[Listener] =
            &[Listener { name: "x.twice", hears: &[Kind::OrderCreated], on: |_, _, _| Ok(()), prepare: None }];
        static A: Capability = Capability { listeners: HEARS, ..Capability::named("a") };
        static B: Capability = Capability { listeners: HEARS, ..Capability::named("a") };
        let found = crate::kernel::registry::problems(&[&A, &B]);
        assert!(found.iter().any(|p| p == "capability a registered by a and a"), "{found:?}");
        assert!(found.iter().any(|p| p == "listener x.twice registered by a and a"), "{found:?}");
        assert!(found.iter().any(|p| p.starts_with("permission order_read declared by 0")), "{found:?}");
        let mut twice = ALL.to_vec();
        twice.push(&crate::sales::CAPABILITY);
        assert!(
            crate::kernel::registry::problems(&twice)
                .iter()
                .any(|p| p.starts_with("permission order_read declared by 2"))
        );
    }
}
