//! After-sales' cards on the home page: the front desk's cars in the shop, the foreman's jobs to
//! dispatch and cars waiting for quality control, the technician's own jobs.

use crate::html::cards::{Card, CardCtx, CardItem};
use app::service::RepairOrderLine;
use domain::org::Actor;
use domain::rbac::{Permission, Role};
use domain::service::RepairStatus;

fn card(cc: &CardCtx, id: &str, href: &str, rows: app::Page<RepairOrderLine>) -> Card {
    let l = cc.l;
    Card {
        id: id.into(),
        title: l.t(id),
        hint: l.t(&format!("{id}-hint")),
        count: rows.total,
        href: href.into(),
        empty: l.t(&format!("{id}-empty")),
        items: rows
            .items
            .iter()
            .take(5)
            .map(|r| CardItem {
                href: format!("/service/repair-orders/{}", r.id),
                title: r.customer_name.clone(),
                detail: r.plate.clone().unwrap_or_else(|| r.vin.clone()),
                number: r.number.clone(),
                badge: Some((l.t(&format!("repair-status-{}", r.status.code())), "text-bg-light border")),
                age: r.promised_at.map_or_else(|| r.received_on.format("%m-%d").to_string(), |p| cc.age(&p)),
            })
            .collect(),
    }
}

fn query(status: Option<RepairStatus>, open: bool) -> app::service::Filter {
    app::service::Filter { status, open, ..Default::default() }
}

pub fn home_cards(app: &app::App, actor: &Actor, cc: &CardCtx) -> Result<Vec<Card>, app::AppError> {
    let page = app::PageRequest::new(Some(1), Some(20));
    let mut cards = Vec::new();
    // The workshop's own queues go to the people who work them; the general manager sees the
    // cars in the shop.
    let desk = actor.role == Role::ServiceAdvisor;
    if actor.can(Permission::ServiceWrite) {
        let (rows, _) = app::service::list(app, actor, &query(None, true), page)?;
        cards.push(card(cc, "queue-cars-in-shop", "/service/repair-orders?status=open", rows));
    }
    if desk {
        let today = app::kernel::calendar::today(app, actor)?;
        let board = app::service::day_board(app, actor, today)?;
        let booked: Vec<&app::service::Appointment> = board
            .slots
            .iter()
            .flat_map(|s| &s.appointments)
            .filter(|a| a.status == domain::service::appointments::AppointmentStatus::Booked)
            .collect();
        let l = cc.l;
        cards.push(Card {
            id: "queue-appointments-today".into(),
            title: l.t("queue-appointments-today"),
            hint: l.t("queue-appointments-today-hint"),
            count: i64::try_from(booked.len()).unwrap_or(0),
            href: "/service/appointments?status=booked".into(),
            empty: l.t("queue-appointments-today-empty"),
            items: booked
                .iter()
                .take(5)
                .map(|a| CardItem {
                    href: format!("/service/appointments#appointment-{}", a.id),
                    title: a.customer_name.clone(),
                    detail: a.requested_work.clone(),
                    number: a.plate.clone().unwrap_or_else(|| a.vin.clone()),
                    badge: None,
                    age: a.starts_at.clone(),
                })
                .collect(),
        });
        let (rows, _) = app::service::list(app, actor, &query(Some(RepairStatus::Passed), false), page)?;
        cards.push(card(cc, "queue-repairs-to-settle", "/service/repair-orders?status=passed", rows));
    }
    let floor = actor.role == Role::WorkshopForeman;
    if floor && actor.can(Permission::ServiceDispatch) {
        let (rows, _) = app::service::list(app, actor, &query(Some(RepairStatus::Approved), false), page)?;
        cards.push(card(cc, "queue-repairs-to-dispatch", "/service/repair-orders?status=approved", rows));
    }
    if floor && actor.can(Permission::ServiceQc) {
        let (rows, _) = app::service::list(app, actor, &query(Some(RepairStatus::QualityCheck), false), page)?;
        cards.push(card(cc, "queue-repairs-qc", "/service/repair-orders?status=quality_check", rows));
    }
    if actor.can(Permission::ServiceWork) {
        let jobs = app::service::my_jobs(app, actor)?;
        let l = cc.l;
        cards.push(Card {
            id: "queue-my-jobs".into(),
            title: l.t("queue-my-jobs"),
            hint: l.t("queue-my-jobs-hint"),
            count: i64::try_from(jobs.len()).unwrap_or(0),
            href: "/service/my-jobs".into(),
            empty: l.t("queue-my-jobs-empty"),
            items: jobs
                .iter()
                .take(5)
                .map(|j| CardItem {
                    href: format!("/service/my-jobs?job={id}#job-{id}", id = j.job.id),
                    title: j.job.name.clone(),
                    detail: j.plate.clone().unwrap_or_else(|| j.vin.clone()),
                    number: j.number.clone(),
                    badge: Some((l.t(&format!("job-status-{}", j.job.status.code())), "text-bg-light border")),
                    age: j.promised_at.map(|p| cc.age(&p)).unwrap_or_default(),
                })
                .collect(),
        });
    }
    Ok(cards)
}
