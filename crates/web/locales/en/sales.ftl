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
order-link-hint = Sent to the customer by e-mail. The customer can also scan the QR code with their phone, or you can copy the link and send it by WeChat.
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
flash-order-submit = Sent: the customer has the confirmation link
flash-order-approve = Approved
flash-order-reject = Rejected: the order is back in draft
flash-order-cancel = Order cancelled
flash-order-lost = Marked lost
flash-order-close = Order closed
rule-new = New approval rule
rules-intro = When the customer confirms an order, these rules decide who must approve it, in the order sales manager → general manager → finance.
rules-empty = No approval rules: every order is approved when the customer confirms it.
help-threshold = Discount percent as a number (5 means 5%); amounts in yuan; payment as full, loan or company; nothing for the floor price.
help-levels = These roles approve, one after the other, when the condition holds.
condition-discount_percent_over = Discount above (percent)
condition-discount_amount_over = Discount above (amount)
condition-below_floor_price = Price below the floor price
condition-gifts_value_over = Gifts worth more than
condition-payment_method_is = Payment is
perm-order_read = See orders
perm-order_write = Create and edit orders
perm-order_approve = Approve orders
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
err-order-contract-signed = The contract is signed: the price terms cannot change
err-order-money-received = Money was received: finance settles the deposit before the order can be cancelled
err-order-delivered = The vehicle has been delivered
err-order-not-delivered = The vehicle is not delivered yet
err-link-expired = This link has expired; ask your sales advisor to send it again
err-change-note-required = Tell us what to change
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
