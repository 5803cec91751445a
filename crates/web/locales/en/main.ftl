# autodms — English

## Navigation
nav-home = Home
nav-menu = Menu
nav-group-crm = CRM
nav-group-vehicles = Vehicles
nav-group-settings = Settings
nav-customers = Customers
nav-catalogue = Catalogue
nav-stores = Stores
nav-teams = Teams
nav-users = Users
nav-roles = Roles & permissions
nav-audit = Audit log
nav-password = Change password
nav-tokens = API tokens
nav-logout = Sign out
nav-store-switch = Switch store

## Common actions
action-save = Save
action-export = Export to Excel
action-cancel = Cancel
action-edit = Edit
action-search = Search
action-reset = Reset
action-switch = Switch
action-reset-password = Reset password
active-yes = Active
active-no = Inactive
filter-all = All
filter-from = From
filter-to = To
filter-created-from = Created from
filter-created-to = Created until
list-total = { $total } in total
list-sort = Sort
list-page-size = Page size
list-more-filters = More filters
history = History

## Login
login-title = Sign in
login-tagline = Dealer management system
login-submit = Sign in

## Home
home-welcome = Hello, { $name }
home-customers-visible = Customers I can see
home-trims = Trims in the catalogue

## Toasts
flash-saved = Saved
flash-customer-created = Customer created
flash-user-created = User created
flash-password-reset = Password reset; the user must sign in again
flash-password-changed = Password changed; your other sessions were signed out
flash-token-created = API token created
flash-token-revoked = API token revoked

## Error pages and messages
error-title = Something went wrong
error-home = Back to home
err-validation = Please correct the fields marked in red.
err-not-found = This record does not exist or you may not see it.
err-forbidden = You are not allowed to do this.
err-stale = Someone else changed this record. Reload the page and try again.
err-unauthenticated = Wrong user name or password.
err-locked = Too many failed sign-ins. Try again in { $minutes } minutes.
err-internal = Internal error. Please try again later or contact your administrator.
err-csrf = This page has expired or did not come from autodms. Reload it and submit again.
err-invalid-character = The input contains a character that is not allowed
err-form-invalid = The form could not be read. Reload the page and fill it in again
err-export-too-large = More than 50,000 rows: narrow the filters before exporting
err-required = Required
err-too-long = Too long
err-json-invalid = The request body is not valid JSON or a field has the wrong type
err-query-invalid = A query parameter is malformed
err-id-length = A resident ID number has 18 characters
err-id-character = Only digits, and X as the last character
err-id-birth-date = The birth date in the ID number is not a real date
err-id-check = The check character of the ID number is wrong
err-credit-length = A unified social credit code has 18 characters
err-credit-character = The credit code contains an invalid character (I, O, S, V, Z are not used)
err-credit-check = The check character of the credit code is wrong
err-mobile-format = A mobile number has 11 digits starting with 13-19
err-mobile-unknown = Not a mobile number in use in mainland China
err-mobile-taken = A customer of this store already has this mobile number
err-email-invalid = Not a valid e-mail address
err-money-invalid = Enter an amount, e.g. 123456.78
err-money-decimals = At most two decimals
err-money-range = Amount out of range
err-money-negative = The amount cannot be negative
err-vin-length = A VIN has 17 characters
err-vin-character = Only digits and capitals without I, O and Q
err-vin-check = The VIN check digit (position 9) is wrong
err-store-code-format = 2 to 8 capital letters or digits
err-store-code-taken = This store code is already used
err-store-unknown = Choose a valid store
err-team-name-taken = This store already has a team with this name
err-team-not-in-store = The team does not belong to this store
err-username-format = 3 to 32 lower-case letters, digits, dot, dash or underscore
err-username-taken = This user name is already taken
err-password-short = At least 10 characters
err-password-long = At most 128 characters
err-password-mismatch = The two passwords differ
err-password-wrong = The current password is wrong
err-role-unknown = Choose a role
err-scope-unknown = Choose a valid data scope
err-scope-beyond-yours = You cannot grant a wider data scope than your own
err-cannot-demote-self = You cannot deactivate yourself or change your own role
err-owner-unknown = Choose an active staff member of this store
err-owner-not-allowed = You may only assign customers to yourself (or your team)
err-name-taken = A record with this name already exists
err-kind-unknown = Choose a type
err-fuel-unknown = Choose a fuel type
err-year-range = Model year between 2000 and 2100
err-seats-range = Seats between 1 and 60
err-floor-above-msrp = The floor price cannot exceed the guide price
err-nev-needs-new-energy = Only plug-in hybrids and electric cars can be on the purchase-tax exemption catalogue
err-trim-not-of-model = The trim does not belong to this model

## Fields
field-username = User name
field-password = Password
field-current-password = Current password
field-new-password = New password
field-repeat-password = Repeat new password
field-display-name = Name
field-name = Name
field-name-en = English name
field-kind = Type
field-mobile = Mobile
field-email = E-mail
field-address = Address
field-id-number = ID number
field-credit-code = Unified social credit code
field-contact-person = Contact person
field-notes = Notes
field-owner-id = Advisor
field-created-at = Created
field-updated-at = Updated
field-code = Code
field-brand-line = Brands sold
field-phone = Phone
field-active = Status
field-store-id = Store
field-team-id = Team
field-role = Role
field-data-scope = Data scope
field-brand-id = Brand
field-model = Model
field-body-type = Body type
field-model-year = Model year
field-msrp = Guide price (MSRP)
field-msrp-fen = Guide price (fen)
field-floor-price = Floor price
field-floor-price-fen = Floor price (fen)
field-fuel-type = Fuel type
field-nev-catalogue = On the NEV purchase-tax exemption catalogue
field-seats = Seats
field-extra-price = Surcharge
field-extra-price-fen = Surcharge (fen)
field-price = Price
field-price-fen = Price (fen)
field-trim-ids = Fits trims
field-token-name = Token name
field-prefix = Prefix
field-rows = Rows
field-q = Search

## Help
help-store-code = Used in document numbers, e.g. SO-BJ01-20261123-0001
help-username = Used to sign in; cannot be changed later
help-password = At least 10 characters; a memorable sentence works well
help-data-scope = Leave blank for the role's default
help-body-type = e.g. sedan, SUV, MPV
help-floor-price = Selling below it needs approval (used by orders)
help-nev-catalogue = Decides the purchase-tax relief
help-extra-price = Extra charge for this colour; leave blank if none
help-trim-ids = Fits no trim when none is ticked

## Customers
customer-new = New customer
customer-edit = Edit customer: { $name }
customer-search = Search
customer-search-hint = Name, mobile or last 4 of the ID number
customer-empty = No customers yet. Create the first one to start following up.
customer-none-found = No customer matches. Try other words or reset the filters.
customer-kind-individual = Individual
customer-kind-company = Company
customer-open-existing = Open the existing customer
customer-profile = Profile
customer-reveal-id = Show full number
customer-id-keep = Leave blank to keep the stored ID number
sort-created_desc = Newest first
sort-created_asc = Oldest first
sort-name_asc = Name A→Z
sort-name_desc = Name Z→A
sort-updated_desc = Recently updated

## Organisation and users
store-new = New store
team-new = New team
team-none = (no team)
team-empty = No teams yet.
user-new = New user
user-search-hint = User name or name
user-reset-password = Reset the password of { $name }
roles-intro = Role permissions are defined by the system; each user's data scope can be changed in the user's settings.
role-sales_advisor = Sales advisor
role-sales_manager = Sales manager
role-general_manager = General manager
role-finance = Finance
role-inventory = Inventory / logistics
role-service_advisor = Service advisor
role-technician = Technician
role-customer_service = Customer service
role-administrator = Administrator
role-group_executive = Group executive
scope-own = Own
scope-team = Team
scope-store = Store
scope-group = Group
scope-default = (role default)
perm-customer_read = See customers
perm-customer_write = Edit customers
perm-customer_view_mobile = See full mobile numbers
perm-customer_view_id_number = See full ID numbers
perm-catalogue_read = See catalogue
perm-catalogue_manage = Manage catalogue
perm-org_manage = Manage stores and teams
perm-user_manage = Manage users
perm-audit_read = See audit log

## Catalogue
catalogue-brands = Brands
catalogue-empty = The catalogue is empty. Create a brand first.
catalogue-trim-count = Trims
catalogue-price-range = Guide prices
catalogue-trims = Trims
catalogue-colours = Colours
catalogue-options = Options and accessories
brand-new = New brand
model-add = Add model
model-new = New model of { $brand }
trim-new = New trim
colour-new = New colour
option-new = New option / accessory
option-fits-all = All trims
option-kind-option = Factory option
option-kind-accessory = Accessory
colour-exterior = Exterior
colour-interior = Interior
nev-badge = Tax-exempt list
fuel-petrol = Petrol
fuel-diesel = Diesel
fuel-hybrid = Hybrid
fuel-plugin_hybrid = Plug-in hybrid
fuel-electric = Electric

## Audit
audit-at = Time
audit-user = User
audit-action = Action
audit-entity = Record
audit-changes = Changes
audit-store-created = Store created
audit-store-updated = Store changed
audit-team-created = Team created
audit-team-updated = Team changed
audit-user-created = User created
audit-user-updated = User changed
audit-user-password-reset = Password reset
audit-user-password-changed = Password changed
audit-user-logged-in = Signed in
audit-api-token-created = API token created
audit-api-token-revoked = API token revoked
audit-brand-created = Brand created
audit-brand-updated = Brand changed
audit-model-created = Model created
audit-model-updated = Model changed
audit-trim-created = Trim created
audit-trim-updated = Trim changed
audit-colour-created = Colour created
audit-colour-updated = Colour changed
audit-option-created = Option created
audit-option-updated = Option changed
audit-customer-created = Customer created
audit-customer-updated = Customer changed
audit-customer-id-number-viewed = Full ID number viewed
audit-customer-exported = Customer list exported
entity-customer = Customer
entity-user = User
entity-store = Store
entity-team = Team
entity-brand = Brand
entity-model = Model
entity-trim = Trim
entity-colour = Colour
entity-option = Option
entity-api_token = API token

## API tokens
tokens-intro = Personal API tokens let other systems call the autodms JSON API with your account's rights.
tokens-docs = API documentation
tokens-create = Create token
tokens-name-hint = e.g. DMS link, report export
tokens-shown-once = Copy this token now and keep it safe; it is shown only once:
tokens-prefix = Prefix
tokens-last-used = Last used
tokens-revoke = Revoke
tokens-revoke-confirm = Systems using this token lose access at once. Revoke it?
tokens-revoked = Revoked

## E-mail
mail-confirm-subject = Please confirm your order { $order }
mail-confirm-body = Dear { $customer },

    Thank you for choosing { $store }. Your order { $order } is ready; the total payable is { $total }.
    Open this link on your phone to review and confirm it, or to tell us what to change:

    { $link }

    The link is valid for 14 days. Your sales advisor: { $advisor }
mail-change-subject = The customer asks to change order { $order }
mail-change-body = { $customer } asks to change order { $order }:

    { $note }

    The order is back in draft; submit it again after the change: { $link }
mail-approval-subject = Waiting for your approval: order { $order }
mail-approval-body = Order { $order } (customer { $customer }) needs your approval.
    Because: { $reasons }

    { $link }
mail-approved-subject = Order { $order } approved
mail-approved-body = Order { $order } was approved by { $by }. { $comment }

    { $link }
mail-rejected-subject = Order { $order } rejected
mail-rejected-body = Order { $order } was rejected by { $by }: { $comment }
    The order is back in draft: { $link }
mail-customer-approved-subject = Your order { $order } is confirmed
mail-customer-approved-body = Dear { $customer },

    Your order { $order } at { $store } has been approved. Next we will sign the purchase contract with you.
    Follow its progress at any time: { $link }
