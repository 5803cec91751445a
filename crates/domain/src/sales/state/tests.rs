use super::*;
use proptest::prelude::*;

const ADVISOR: UserId = UserId(1);
const MANAGER: UserId = UserId(2);
const GM: UserId = UserId(3);

fn by(user: UserId) -> Party {
    Requesters { owner: ADVISOR, creator: ADVISOR, editors: vec![] }.party(user)
}

#[test]
fn nobody_who_asked_for_the_order_approves_it() {
    // sh.manager1 creates an order for an advisor, or hands their own over: still theirs.
    let created_for = Requesters { owner: ADVISOR, creator: MANAGER, editors: vec![] };
    let handed_over = Requesters { owner: ADVISOR, creator: ADVISOR, editors: vec![MANAGER] };
    let s = Stage::AwaitingApproval { level: 1, levels: 1 };
    let f = Facts::default();
    for who in [&created_for, &handed_over] {
        let approve = apply(s, &f, who.party(MANAGER), &Command::Approve { level: 1 });
        assert_eq!(approve, Err(TransitionError::OwnApproval));
        let reject = apply(s, &f, who.party(MANAGER), &Command::Reject { reason: "r".into() });
        assert_eq!(reject, Err(TransitionError::OwnApproval));
        assert_eq!(apply(s, &f, who.party(ADVISOR), &Command::Approve { level: 1 }), Err(TransitionError::OwnApproval));
        assert_eq!(apply(s, &f, who.party(GM), &Command::Approve { level: 1 }), Ok(Stage::Approved));
    }
}

#[test]
fn the_happy_path_with_two_approval_levels() {
    let f = Facts::default();
    let s = apply(Stage::Draft, &f, by(ADVISOR), &Command::Submit).unwrap();
    assert_eq!(s, Stage::AwaitingConfirmation);
    let s = apply(s, &f, Party::Customer, &Command::Confirm { approval_levels: 2 }).unwrap();
    assert_eq!(s, Stage::AwaitingApproval { level: 1, levels: 2 });
    assert_eq!(apply(s, &f, by(ADVISOR), &Command::Approve { level: 1 }), Err(TransitionError::OwnApproval));
    assert_eq!(apply(s, &f, by(MANAGER), &Command::Approve { level: 2 }), Err(TransitionError::WrongLevel));
    let s = apply(s, &f, by(MANAGER), &Command::Approve { level: 1 }).unwrap();
    let s = apply(s, &f, by(GM), &Command::Approve { level: 2 }).unwrap();
    assert_eq!(s, Stage::Approved);
    assert_eq!(Status::of(s, &f), Status::Approved);
    assert_eq!(apply(s, &f, by(ADVISOR), &Command::Close), Err(TransitionError::NotDelivered));
    let done = Facts {
        contract_signed: true,
        money_received: true,
        paid_in_full: true,
        vehicle: VehicleFact::Arrived,
        ready_for_delivery: true,
        delivered: true,
    };
    assert_eq!(Status::of(s, &done), Status::Delivered);
    assert_eq!(apply(s, &done, by(ADVISOR), &Command::Close), Ok(Stage::Closed));
}

#[test]
fn progress_after_approval_follows_the_facts() {
    let s = Stage::Approved;
    let mut f = Facts { contract_signed: true, ..Facts::default() };
    assert_eq!(Status::of(s, &f), Status::ContractSigned);
    f.paid_in_full = true;
    assert_eq!(Status::of(s, &f), Status::Paid);
    f.vehicle = VehicleFact::InTransit;
    assert_eq!(Status::of(s, &f), Status::InTransit);
    f.vehicle = VehicleFact::Arrived;
    assert_eq!(Status::of(s, &f), Status::Arrived);
    // facts do not move an order that is not approved
    assert_eq!(Status::of(Stage::Draft, &f), Status::Draft);
}

#[test]
fn rejection_needs_a_reason_and_returns_to_draft() {
    let s = Stage::AwaitingApproval { level: 1, levels: 1 };
    let f = Facts::default();
    assert_eq!(
        apply(s, &f, by(MANAGER), &Command::Reject { reason: " ".into() }),
        Err(TransitionError::ReasonRequired)
    );
    assert_eq!(apply(s, &f, by(MANAGER), &Command::Reject { reason: "折扣过大".into() }), Ok(Stage::Draft));
}

#[test]
fn changing_terms_after_approval_reruns_confirmation_and_approval() {
    let f = Facts::default();
    assert_eq!(apply(Stage::Approved, &f, by(ADVISOR), &Command::ChangeTerms), Ok(Stage::Draft));
    // A signed contract's terms stay in force until a change order replaces them (DOMAIN.md §2).
    let signed = Facts { contract_signed: true, ..f };
    assert_eq!(
        apply(Stage::Approved, &signed, by(ADVISOR), &Command::ChangeTerms),
        Err(TransitionError::ContractSigned)
    );
    assert!(!available_commands(Stage::Approved, &signed, by(ADVISOR)).contains(&Command::ChangeTerms));
}

/// The codes are stored on the timeline and name its labels (`order-event-<code>`).
#[test]
fn command_codes_are_stable_and_have_their_labels() {
    let codes = [
        Command::Submit,
        Command::Confirm { approval_levels: 0 },
        Command::RequestChange { note: String::new() },
        Command::Approve { level: 1 },
        Command::Reject { reason: String::new() },
        Command::ChangeTerms,
        Command::Cancel { reason: String::new() },
        Command::MarkLost { reason: String::new() },
        Command::Close,
    ]
    .map(|c| c.code());
    let want =
        ["submit", "confirm", "request_change", "approve", "reject", "change_terms", "cancel", "mark_lost", "close"];
    assert_eq!(codes, want);
    let ftl = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/locales/zh-CN/sales.ftl")).unwrap();
    for code in want.iter().filter(|c| **c != "change_terms") {
        assert!(ftl.contains(&format!("\norder-event-{code} = ")), "no label for {code}");
    }
}

#[test]
fn finished_orders_accept_no_command_at_all() {
    let f = Facts::default();
    let all = [
        Command::Submit,
        Command::Confirm { approval_levels: 0 },
        Command::RequestChange { note: "n".into() },
        Command::Approve { level: 1 },
        Command::Reject { reason: "r".into() },
        Command::ChangeTerms,
        Command::Cancel { reason: "r".into() },
        Command::MarkLost { reason: "r".into() },
        Command::Close,
    ];
    for stage in [Stage::Closed, Stage::Cancelled, Stage::Lost] {
        for cmd in &all {
            for party in [by(ADVISOR), by(GM), Party::Customer] {
                assert_eq!(apply(stage, &f, party, cmd), Err(TransitionError::Finished), "{stage:?} {cmd:?}");
            }
        }
    }
    for stage in [Stage::Draft, Stage::AwaitingConfirmation, Stage::Approved] {
        assert!(!stage.is_terminal());
    }
}

#[test]
fn the_customer_asks_for_a_change_only_while_confirming() {
    let f = Facts::default();
    let ask = Command::RequestChange { note: "换颜色".into() };
    assert_eq!(apply(Stage::AwaitingConfirmation, &f, Party::Customer, &ask), Ok(Stage::Draft));
    assert_eq!(apply(Stage::AwaitingConfirmation, &f, by(ADVISOR), &ask), Err(TransitionError::CustomerOnly));
    assert_eq!(apply(Stage::Draft, &f, Party::Customer, &ask), Err(TransitionError::WrongState));
    let approving = Stage::AwaitingApproval { level: 1, levels: 1 };
    assert_eq!(apply(approving, &f, Party::Customer, &ask), Err(TransitionError::WrongState));
    // only the customer confirms, and only what was sent to them
    let confirm = Command::Confirm { approval_levels: 0 };
    assert_eq!(apply(Stage::AwaitingConfirmation, &f, by(ADVISOR), &confirm), Err(TransitionError::CustomerOnly));
    assert_eq!(apply(Stage::Draft, &f, Party::Customer, &confirm), Err(TransitionError::WrongState));
    assert_eq!(apply(Stage::Draft, &f, Party::Customer, &Command::Submit), Err(TransitionError::StaffOnly));
}

#[test]
fn money_and_contracts_close_the_easy_exits() {
    let paid = Facts { money_received: true, ..Facts::default() };
    let signed = Facts { contract_signed: true, ..Facts::default() };
    let delivered = Facts { delivered: true, ..Facts::default() };
    let cancel = Command::Cancel { reason: "客户放弃".into() };
    let lost = Command::MarkLost { reason: "去了竞品".into() };
    // Cancelling with money received is settled by finance's outcome in the same step.
    assert_eq!(apply(Stage::Approved, &paid, by(ADVISOR), &cancel), Ok(Stage::Cancelled));
    assert_eq!(apply(Stage::Approved, &delivered, by(ADVISOR), &cancel), Err(TransitionError::Delivered));
    assert_eq!(apply(Stage::Approved, &paid, by(ADVISOR), &lost), Err(TransitionError::MoneyReceived));
    assert_eq!(apply(Stage::Approved, &signed, by(ADVISOR), &lost), Err(TransitionError::ContractSigned));
    assert_eq!(apply(Stage::Approved, &Facts::default(), by(ADVISOR), &cancel), Ok(Stage::Cancelled));
    assert_eq!(apply(Stage::Draft, &Facts::default(), by(ADVISOR), &lost), Ok(Stage::Lost));
    let no_reason = Command::Cancel { reason: " ".into() };
    assert_eq!(apply(Stage::Draft, &Facts::default(), by(ADVISOR), &no_reason), Err(TransitionError::ReasonRequired));
}

fn command() -> impl Strategy<Value = (Command, u8)> {
    prop_oneof![
        Just((Command::Submit, 0)),
        (0u8..4).prop_map(|n| (Command::Confirm { approval_levels: n }, 1)),
        Just((Command::RequestChange { note: "改颜色".into() }, 1)),
        (1u8..4, 0u8..4).prop_map(|(l, who)| (Command::Approve { level: l }, who)),
        (0u8..4).prop_map(|who| (Command::Reject { reason: "r".into() }, who)),
        Just((Command::ChangeTerms, 0)),
        Just((Command::Cancel { reason: "客户放弃".into() }, 0)),
        Just((Command::MarkLost { reason: "去了竞品".into() }, 0)),
        Just((Command::Close, 0)),
    ]
}

fn facts() -> impl Strategy<Value = Facts> {
    (any::<bool>(), any::<bool>(), any::<bool>(), 0u8..5, any::<bool>(), any::<bool>()).prop_map(
        |(c, m, p, v, r, d)| Facts {
            contract_signed: c,
            money_received: m || p,
            paid_in_full: p,
            vehicle: [
                VehicleFact::None,
                VehicleFact::OrderedFromFactory,
                VehicleFact::Allocated,
                VehicleFact::InTransit,
                VehicleFact::Arrived,
            ][v as usize],
            ready_for_delivery: r,
            delivered: d,
        },
    )
}

proptest! {
    /// No sequence of commands reaches an inconsistent state; a finished order accepts nothing.
    #[test]
    fn any_sequence_stays_consistent(steps in proptest::collection::vec((command(), facts()), 1..40)) {
        let mut stage = Stage::Draft;
        for ((cmd, who), f) in steps {
            let party = match who {
                0 => by(ADVISOR),
                1 => Party::Customer,
                2 => by(MANAGER),
                _ => by(GM),
            };
            let before = stage;
            match apply(stage, &f, party, &cmd) {
                Ok(next) => {
                    prop_assert!(!before.is_terminal(), "a finished order accepted {:?}", cmd);
                    if let Stage::AwaitingApproval { level, levels } = next {
                        prop_assert!(level >= 1 && level <= levels);
                    }
                    if matches!(cmd, Command::Approve { .. }) {
                        prop_assert!(party != by(ADVISOR), "own approval");
                    }
                    if next == Stage::Approved && before != Stage::Approved {
                        let by_approval = matches!(cmd, Command::Approve { .. } | Command::Confirm { approval_levels: 0 });
                        prop_assert!(by_approval, "approved without approval: {:?}", cmd);
                    }
                    if next == Stage::Closed {
                        prop_assert!(f.delivered);
                    }
                    stage = next;
                }
                Err(_) => prop_assert_eq!(stage, before),
            }
            let status = Status::of(stage, &f);
            if status == Status::Delivered {
                prop_assert!(f.delivered && stage == Stage::Approved);
            }
        }
    }
}

fn codes(stage: Stage, facts: Facts, party: Party) -> Vec<&'static str> {
    available_commands(stage, &facts, party).iter().map(Command::code).collect()
}

#[test]
fn the_commands_available_are_the_ones_the_rules_accept() {
    let staff = by(MANAGER);
    assert_eq!(codes(Stage::Draft, Facts::default(), staff), ["change_terms", "submit", "mark_lost", "cancel"]);
    let waiting = Stage::AwaitingApproval { level: 2, levels: 2 };
    assert_eq!(codes(waiting, Facts::default(), staff), ["change_terms", "approve", "reject", "mark_lost", "cancel"]);
    // The requester never approves: their own order offers no approval.
    assert_eq!(codes(waiting, Facts::default(), by(ADVISOR)), ["change_terms", "mark_lost", "cancel"]);
    // Money received and a signed contract: never lost, never edited in place (a change order
    // replaces signed terms); cancelled with the deposit's outcome.
    let paid = Facts { contract_signed: true, money_received: true, ..Facts::default() };
    assert_eq!(codes(Stage::Approved, paid, staff), ["cancel"]);
    let delivered = Facts { delivered: true, ..paid };
    assert_eq!(codes(Stage::Approved, delivered, staff), ["close"]);
    assert!(codes(Stage::Cancelled, Facts::default(), staff).is_empty());
    // The customer gives no staff command.
    assert!(codes(Stage::Draft, Facts::default(), Party::Customer).is_empty());
}

#[test]
fn an_order_is_open_until_it_is_closed_cancelled_or_lost() {
    let ended = [Status::Closed, Status::Cancelled, Status::Lost];
    for s in Status::ALL {
        assert_eq!(s.is_open(), !ended.contains(&s), "{s:?}");
    }
}
