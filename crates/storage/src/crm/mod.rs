//! Leads, their follow-ups and the store's CRM settings (issue 17).

pub mod follow_ups;
pub mod leads;
pub mod settings;
pub mod test_drives;
