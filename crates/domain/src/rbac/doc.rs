//! The roles table of docs/ROLES.md, generated from the code.

use super::{Permission, Role};

/// docs/ROLES.md: every role's permissions and default scope, from the table above, so that the
/// documentation cannot drift from what is enforced (`roles_doc_is_generated_from_the_code`).
pub fn roles_markdown() -> String {
    let mut out = String::from(
        "# Roles and permissions\n\n\
         Generated from `crates/domain/src/rbac/mod.rs` (`Role::permissions`) by the test \
         `roles_doc_is_generated_from_the_code`; run `UPDATE_DOCS=1 cargo test -p domain roles_doc` \
         after changing the table. Every page, API call, export and use case checks these on the server.\n\n\
         Permissions marked *group data* take effect only with group scope: a store's administrator \
         (administrator with store scope) manages the users and teams of its store, and neither the \
         catalogue, the approval rules nor the stores, which all stores share.\n\n",
    );
    out.push_str("| permission |");
    for r in Role::ALL {
        out.push_str(&format!(" {} |", r.code()));
    }
    out.push_str("\n|---|");
    for _ in Role::ALL {
        out.push_str(":-:|");
    }
    out.push('\n');
    for p in Permission::ALL {
        let note = if p.is_group_data() { " (group data)" } else { "" };
        out.push_str(&format!("| `{}`{note} |", p.code()));
        for r in Role::ALL {
            out.push_str(if r.has(p) { " ✓ |" } else { "   |" });
        }
        out.push('\n');
    }
    out.push_str("| default data scope |");
    for r in Role::ALL {
        out.push_str(&format!(" {} |", r.default_scope().code()));
    }
    out.push('\n');
    out
}
