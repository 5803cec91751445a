# Sales: e-mails, orders, the customer's order page

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

## Orders
nav-orders = Sales orders
nav-approval-rules = Approval rules
order = Order
order-new = New order
order-edit = Edit order { $no }
order-no = Order no.
order-customer = Customer
order-vehicle = Vehicle
order-total = Total payable
order-trim = Model and trim
order-choose-trim = Choose a model and trim
order-exterior = Exterior colour
order-interior = Interior colour
order-gifts = Gifts (valued for approval, not charged)
order-gift-name = Gift
order-gift-value = Value (yuan)
order-months = months
order-search-hint = Order no., customer name or mobile
order-empty = No order matches.
order-view-all = All orders
order-view-mine = My orders
order-view-team = My team
order-view-waiting = Waiting for me
order-min-total = Total at least
order-max-total = Total at most
order-pick-customer = Find the customer first: name, mobile or the last 4 of the ID number. Or create a new one.
order-change-customer = Change customer
order-section-customer = Customer and source
order-section-vehicle = Vehicle
order-section-price = Discount, fees and trade-in
order-section-payment = Payment and delivery
order-section-total = Price
order-quote-hint = Choose a trim to see the price here as you type.
order-submit = Send to the customer to confirm
order-close = Close
order-approve = Approve
order-reject = Reject
order-comment = Comment (optional)
order-reject-reason = Reason (required)
order-your-approval = Waiting for your approval
order-approval-reasons = Needs approval because
order-approvals = Approvals
order-timeline = Timeline
order-link-hint = The customer can also scan the QR code with their phone, or you can copy the link and send it by WeChat.
order-link-qr = QR code of the customer's confirmation link
order-link-label = Customer's confirmation link
order-link-copy = Copy link
order-link-copied = Copied: paste it into WeChat for the customer.
order-link-copy-failed = Could not copy automatically: select the link and press Ctrl+C.
order-next-step = Next
order-next-approval = Approval level { $level } of { $levels }: { $role } ({ $names })
order-next-approval-nobody = Approval level { $level } of { $levels }: { $role }. Nobody in this store can approve this order as { $role } now; please contact your administrator.
order-end = Cancel or mark lost
order-end-reason = Reason (required)
order-cancel = Cancel order
order-lost = Mark lost
order-cancel-confirm = End this order? This cannot be undone.
field-status = Status
field-channel = Source
field-discount = Discount
field-discount-value = Discount amount or percent
field-trade-in = Trade-in credit
field-payment-method = Payment
field-lender = Lender
field-down-payment = Down payment
field-loan-months = Term (months)
field-expected-delivery = Expected delivery
field-condition = Condition
field-levels = Approvers (in order)
field-threshold = Threshold
field-order-no = Order no.
field-customer-id = Customer
field-total-fen = Total
field-discount-fen = Discount
field-gifts-fen = Gifts value
field-trim-id = Trim
field-terms = Terms
field-command = Action
field-note = Note
field-approval-levels = Approval levels
discount-none = No discount
discount-amount = Amount off (yuan)
discount-percent = Percent off
fee-registration = Registration service
fee-insurance = Insurance (collected for the insurer)
fee-extended_warranty = Extended warranty
fee-service_package = Service package
payment-full = Full payment
payment-loan = Loan
payment-company = Company purchase
channel-walk_in = Walk-in
channel-phone = Phone
channel-website = Website
channel-referral = Referral
channel-social_media = Social media
channel-car_platform = Car platform
channel-event = Event
channel-exhibition = Auto show
channel-returning = Returning customer
channel-other = Other
order-sort-created_desc = Newest first
order-sort-created_asc = Oldest first
order-sort-total_desc = Highest total
order-sort-total_asc = Lowest total
order-sort-updated_desc = Recently updated
status-draft = Draft
status-awaiting_confirmation = Awaiting customer
status-awaiting_approval = Awaiting approval
status-approved = Approved
status-contract_signed = Contract signed
status-paid = Paid
status-ordered_from_factory = Ordered from factory
status-vehicle_allocated = Vehicle allocated
status-in_transit = In transit
status-arrived = Arrived
status-ready_for_delivery = Ready for delivery
status-delivered = Delivered
status-closed = Closed
status-cancelled = Cancelled
status-lost = Lost
order-event-created = Created
order-event-edited = Edited
order-event-terms_changed = Terms changed, back to draft
order-event-submit = Sent to the customer
order-event-confirm = Confirmed by the customer
order-event-request_change = Customer asked for a change
order-event-approve = Approved
order-event-reject = Rejected
order-event-change_terms = Terms changed
order-event-cancel = Cancelled
order-event-mark_lost = Marked lost
order-event-close = Closed
order-event-facts = Progress
decision-approved = Approved
decision-rejected = Rejected
decision-waiting = Waiting
decision-undecided = Not decided (the round ended)
flash-order-created = Order created
flash-order-submit = Submitted for the customer's confirmation (where the link went is beside it)
flash-order-approve = Approved
flash-order-reject = Rejected: the order is back in draft
flash-order-cancel = Order cancelled
flash-order-lost = Marked lost
flash-order-close = Order closed
rule-new = New approval rule
rules-intro = When the customer confirms an order, these rules decide who must approve it, in the order sales manager → general manager → finance.
rules-empty = No approval rules: every order is approved when the customer confirms it.
help-threshold-percent = Approval is needed when the discount is over this share of the price, e.g. 3 for 3% (0 means any discount; below 100).
help-threshold-amount = Approval is needed when the amount is over this, in yuan (0 means any amount; at most 10 million).
field-threshold-percent = Discount share over
field-threshold-amount = Amount over
field-threshold-payment = Payment method
err-threshold-percent-range = The discount share must be from 0 to below 100%: a discount is never over 100%, so such a rule would never apply
err-threshold-amount-range = The amount must be from ¥0 to ¥10,000,000
help-levels = These roles approve, one after the other, when the condition holds.
condition-discount_percent_over = Discount above (percent)
condition-discount_amount_over = Discount above (amount)
condition-below_floor_price = Price below the floor price
condition-gifts_value_over = Gifts worth more than
condition-payment_method_is = Payment is
perm-order_read = See orders
perm-order_write = Create and edit orders
perm-order_approve = Approve orders
perm-signing_contact_change = Change signing contacts
perm-sale_documents = Download contracts and invoices
perm-approval_rules_manage = Manage approval rules
audit-order-created = Order created
audit-order-updated = Order changed
audit-order-transition = Order status changed
audit-order-facts = Order progress
audit-order-confirmed-by-customer = Confirmed by the customer
audit-order-change-requested = Customer asked for a change
audit-order-exported = Order list exported
field-discount-percent = Discount %
field-statuses = Statuses
audit-approval-rule-created = Approval rule created
audit-approval-rule-updated = Approval rule changed
entity-order = Order
entity-order-list = Order list
entity-approval_rule = Approval rule
err-trim-required = Choose a model and trim
err-customer-required = Choose a customer within your reach
order-customer-refused = This customer does not exist or is outside your reach, so you cannot order for them. Search for and choose a customer below, or create one.
err-colour-not-of-model = The colour does not belong to this model
err-option-not-for-trim = An option or accessory does not fit this trim
err-discount-percent = A percent between 0 and 100
err-discount-too-large = The discount cannot exceed the vehicle price
err-trade-in-too-large = The trade-in credit cannot exceed the amount payable
err-payment-required = Choose how the customer pays
err-loan-months = A loan term between 6 and 60 months
err-channel-required = Choose the source of the order
err-discount-kind-unknown = Discount kind must be amount, percent or none
err-delivery-too-far = The expected delivery date is more than two years ahead
err-customer-kind-unknown = Customer kind must be individual or company
err-status-unknown = Unknown order status
err-sort-unknown = Unknown sort order
err-value-unknown = Unknown value
err-channel-unknown = Unknown sales channel
err-page-out-of-range = Page must be a number from 1 to 1,000,000
err-per-page-unknown = Page size must be 20, 50, 100 or 200
err-field-unknown = Unknown parameter
err-date-out-of-range = Dates must lie between 1900-01-01 and 2100-12-31
err-delivery-in-past = The expected delivery cannot be in the past
err-date-invalid = A date as YYYY-MM-DD
err-down-payment-too-large = The down payment cannot exceed the total
err-order-finished = The order is closed, cancelled or lost
err-order-wrong-state = Not possible in the order's current state
err-order-customer-only = Only the customer can do this
err-order-staff-only = Only store staff can do this
err-order-own-approval = You cannot approve your own order
err-order-wrong-level = This approval level is not the one waiting
err-order-not-your-level = The waiting approval level is not your role's
err-order-reason-required = Give a reason
err-order-contract-signed = The contract is signed: its terms stay in force until a change order (supplement) replaces them; price, discount, gifts, vehicle and payment terms cannot be edited
err-order-money-received = Money was received: finance settles the deposit before the order can be cancelled
err-order-delivered = The vehicle has been delivered
err-order-not-delivered = The vehicle is not delivered yet
err-link-expired = This link has expired; ask your sales advisor to send it again
err-change-note-required = Tell us what to change
err-change-note-too-long = At most 500 characters: please shorten it (what you wrote is still below)
err-condition-unknown = Choose a condition
err-approver-role-unknown = Approvers are sales managers, general managers or finance
err-levels-required = Choose at least one approver

## Customer order page
customer-title = Your order
customer-confirm-hint = Please check the vehicle and colours, options, price, gifts, payment and delivery date below, then press "Confirm the order" at the bottom.
customer-confirm = Confirm the order
customer-ask-change = Something to change? Tell us
customer-change-placeholder = e.g. white instead of grey; delivery by the end of the month
customer-send-change = Send
customer-confirmed = Thank you for confirming! We will review the order and contact you for the contract.
customer-change-sent = We have your request; your sales advisor will contact you shortly.
customer-stale = The order was just updated: please review it and confirm again.
customer-progress = Progress
customer-details = Details
customer-advisor = Your sales advisor
customer-call = Call
customer-state-draft = The order is being adjusted; your advisor will send it again for confirmation.
customer-state-cancelled = The order was cancelled.
customer-state-lost = The order is closed.
customer-state-closed = Completed. Thank you!
quote-list-price = List price (guide + colour + options)
quote-discount = Discount
quote-vehicle-price = Vehicle price (incl. VAT)
quote-net = of which excl. VAT
quote-vat = of which VAT
quote-accessories = Accessories
quote-fees = Service fees
quote-trade-in = Trade-in credit
quote-total = Total payable
quote-capitals = In capitals
quote-purchase-tax = Purchase tax (estimate, paid separately)
quote-gifts = Gifts value

order-copy = Copy order
flash-order-copied = Copied into a new draft: check it and submit
order-event-copied = Copied from order

## Home work queues
queue-drafts = My drafts
queue-drafts-hint = Orders not yet sent to the customer
queue-drafts-empty = No drafts.
queue-returned = Orders sent back
queue-returned-hint = Rejected by an approver or changes asked for by the customer
queue-returned-empty = No orders sent back.
queue-awaiting-customer = Waiting for the customer
queue-awaiting-customer-hint = Sent to the customer, longest waiting first
queue-awaiting-customer-empty = No orders waiting for the customer.
queue-awaiting-my-approval = Waiting for my approval
queue-awaiting-my-approval-hint = Longest waiting first
queue-awaiting-my-approval-empty = No orders waiting for your approval.
queue-stuck-longest = Orders stuck longest
queue-stuck-longest-hint = Open orders, the longest unchanged first
queue-stuck-longest-empty = No open orders.
queue-awaiting-contract-or-money = Contract and payment due
queue-awaiting-contract-or-money-hint = Approved, waiting for the contract and the money
queue-awaiting-contract-or-money-empty = No orders waiting for a contract or payment.
queue-awaiting-vehicle = Waiting for a vehicle
queue-awaiting-vehicle-hint = Paid, waiting for the vehicle to be ordered, allocated or to arrive
queue-awaiting-vehicle-empty = No orders waiting for a vehicle.
order-sort-updated_asc = Stuck longest

## Buyer's page: progress and terms
customer-step-confirm = Confirm the order
customer-step-approval = Store review
customer-step-contract = Sign the contract
customer-step-payment = Payment
customer-step-vehicle = Vehicle preparation
customer-step-arrival = Vehicle at the store
customer-step-delivery = Handover
customer-step-done = done
customer-vehicle = Vehicle and configuration
customer-option = Option
customer-gifts = Gifts (free of charge)
customer-gift-value = worth
customer-payment = Payment and delivery
customer-loan-amount = Loan amount
customer-loan-term = Loan term
customer-delivery-tbd = To be agreed with your advisor
customer-change-label = What would you like to change?
perm-pricing_view = See floor prices and approval comments
mail-confirm-sms = { $customer }, please confirm your order { $order } at { $store } (total ¥{ $total }): { $link }
mail-customer-approved-sms = { $customer }, your order { $order } at { $store } is confirmed; follow it here: { $link }
err-loan-over-every-product = The loan is more than any loan product allows of the price: raise the down payment (Settings → Loan products)

## Change orders (changes to a signed contract)
order-event-change_order_requested = Change order proposed
order-event-change_order_approved = Change order approved
order-event-change_order_rejected = Change order rejected
order-event-change_order_withdrawn = Change order withdrawn
order-event-change_order_in_force = Change order in force (supplement signed by both)
order-event-supplement_generated = Supplement generated
audit-order-change-order-requested = Change order proposed
audit-order-change-order-approved = Change order approved
audit-order-change-order-rejected = Change order rejected
audit-order-change-order-withdrawn = Change order withdrawn
audit-order-change-order-in-force = Change order in force
order-propose-change = Propose a change (change order)
order-change-title = Change order { $no }
order-change-intro = The contract is signed: saving creates a change order. It is approved by the rules, the buyer signs the supplement on their page and the store countersigns it; only then does it take effect. Until then the signed contract stays in force and the order keeps its place.
field-change-reason = Reason for the change
change-box-title = Change orders
change-status-awaiting_approval = Awaiting approval
change-status-awaiting_signature = Supplement awaiting signatures
change-status-in_force = In force
change-status-rejected = Rejected
change-status-withdrawn = Withdrawn
change-requested-by = Proposed by
change-reason = Reason
change-difference = Difference
change-total-before = Total before
change-total-after = Total after
change-levels = Approval
change-waiting-level = Waiting for level { $level }: { $role }
change-waiting-signature = The supplement was sent to the buyer to sign; the store countersigns after them, and the order then runs on the new terms.
change-approve = Approve change
change-reject = Reject change
change-withdraw = Withdraw change order
change-withdraw-reason = Reason for withdrawing (e.g. the buyer declined)
change-reject-reason = Reason for rejecting
change-comment = Comment (optional)
change-before = Before
change-after = After
change-item = Item
change-field-total = Contract total
change-field-discount = Discount
change-field-gifts = Gifts value
change-field-trade-in = Trade-in credit
change-field-payment = Payment method
change-field-lender = Lender
change-field-down-payment = Down payment
change-field-loan-months = Loan term (months)
change-field-expected-delivery = Expected delivery
change-field-exterior = Exterior colour
change-field-interior = Interior colour
change-field-option = Factory option
change-field-accessory = Accessory
change-field-gift = Gift
change-refund-note = Once in force, the { $amount } the buyer paid above the new total is requested back automatically for finance to approve.
change-due-note = Once in force, the buyer owes { $amount } more.
flash-change-order-proposed = Change order sent for approval; the signed contract stays in force until the supplement takes effect
flash-change-order-approve = Change order approved
flash-change-order-reject = Change order rejected
flash-change-order-withdraw = Change order withdrawn
err-change-order-not-signed = The contract is not signed yet: edit the order instead
err-change-order-delivered = The vehicle has been delivered: the contract no longer changes
err-change-order-open-already = The order already has a change order under way: finish or withdraw it first
err-change-order-nothing-changed = The proposed terms are the signed ones: nothing to change
err-change-order-other-vehicle = Another model or another buyer is not a change: cancel the order and make a new one
err-change-order-colour-after-vehicle = A vehicle is ordered or allocated: the colour no longer changes
err-change-order-earnest-over-cap = The 定金 held would exceed 20 % of the new total: the price cannot fall that far
err-change-order-own-request = You cannot approve a change you proposed or an order you asked for
err-change-order-not-your-level = The level waiting belongs to another role
err-change-order-wrong-state = The change order's state does not allow this
err-change-order-price-moved = Catalogue prices or tax rates changed since approval: withdraw the change order and propose it again
change-approved = approved
change-rejected = rejected
customer-change-pending = A change to your contract awaits your signature
customer-change-pending-hint = The store proposed and approved the changes below. Read the supplement and sign it; until both have signed it, your signed contract stays in force.
customer-change-in-force = The signed contract in force
field-change-no = Change order
field-level = Approval level
field-comment = Comment
sign-read-supplement = Read the supplement (PDF)
lender-choose = Choose (Settings → Loan products)
err-lender-not-a-product = Choose a lender of the loan products (Settings → Loan products)
flash-order-terms-changed = Terms changed, the order is back to draft: submit it to the customer again, approval follows by the rules; an unsigned contract was withdrawn
err-link-revoked = This link no longer works: the order now belongs to another customer. Please contact your sales advisor
order-link-resend = Send to the customer again
flash-link-sent = The link to the order's page was sent to the customer again
err-order-link-draft = A draft order has no customer page yet
err-order-link-no-contact = The profile has no mobile number (with SMS set up) or e-mail: send the link or QR code to the customer yourself
order-event-link_sent = Link to the order's page sent again
audit-order-link-sent = Order page link sent
mail-order-page-subject = Your order { $order } at { $store }
mail-order-page-body = Dear { $customer },

    Open this link on your phone at any time to follow your order { $order }: its progress, documents and handover:

    { $link }

    Your sales advisor: { $advisor }
mail-order-page-sms = { $customer }, follow your order { $order } at { $store } (progress, documents, handover): { $link }

## Stage time limits
stage-name = { $stage ->
    [awaiting_confirmation] awaiting the customer's confirmation
    [awaiting_approval] awaiting approval
    [approved] awaiting the contract
    [contract_signed] awaiting payment
    [paid] awaiting the vehicle order or allocation
    [arrived] vehicle arrived, awaiting handover
    [ready_for_delivery] ready for handover
   *[other] { $stage }
}
mail-stage-overdue-subject = Order { $order } is past its stage limit ({ $days } d { $hours } h)
mail-stage-overdue-body = Dear { $person },

    order { $order } is { stage-name }, { $days } d { $hours } h past the limit { $store } set. Please act on it.
    { $link }
mail-stage-escalated-subject = Order { $order } is far past its limit
mail-stage-escalated-body = Order { $order } (advisor: { $person }) is { stage-name }, past the second limit, { $days } d { $hours } h late.
    { $link }
mail-order-confirmed-subject = The customer confirmed order { $order }
mail-order-confirmed-body = { $customer } confirmed order { $order } on their link; it needs { $levels } approval level(s).
    { $link }
mail-vehicle-arrived-subject = The vehicle of order { $order } has arrived
mail-vehicle-arrived-body = The vehicle of order { $order } ({ $customer }) is at the store: inspect it (PDI) and book the handover with the customer.
    { $link }
mail-customer-vehicle-arrived-subject = Your car has arrived
mail-customer-vehicle-arrived-body = Dear { $customer },

    the car you ordered at { $store } (order { $order }) has arrived. We will inspect it before the handover; you can book your handover on your order's page:
    { $link }
mail-customer-vehicle-arrived-sms = { $customer }, the car you ordered at { $store } has arrived. Book your handover here: { $link }
queue-overdue-stages = Overdue orders
queue-overdue-stages-hint = Past the store's stage limits, the latest first
queue-overdue-stages-empty = No order is overdue.
stage-late = { $days } d { $hours } h late
stage-late-banner = This order is { stage-name }, { $days } d { $hours } h past the limit.
stage-late-escalated = The general manager was told
stage-limits-title = Stage limits
stage-limits-hint = An order longer in a stage than the first limit reminds its advisor and shows among the overdue orders; past the second, the general manager is told. In hours (48 = 2 days).
stage-limits-stage = Stage
stage-limits-remind = Reminder after (hours)
stage-limits-escalate = Escalation after (hours)
stage-limits-own = Set by the store
stage-limits-standard = Standard
stage-limits-saved = Stage limits saved.
stage-spans-title = Time in each stage
stage-spans-now = until now
err-stage-not-limited = This stage has no limit
err-stage-limit-out-of-range = A limit is between 1 and 8784 hours
err-stage-escalation-not-after-limit = The escalation comes after the reminder, within 8784 hours
err-stage-limits-empty = Give the limit of at least one stage
audit-stage-limits-set = Stage limits set
entity-stage_limits = Stage limits
perm-stage_limits_manage = Keep the stage limits
