# Customers

## Customers
entity-customer-list = Customer list
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
sort-name_asc = By name
sort-name_desc = By name, reversed
sort-updated_desc = Recently updated

## Customer 360: tags and preferences, marketing consent, value tier, timeline, data rights
customer-preferences = Tags and preferences
field-tags = Tags
field-tag = Tag
help-tags = Separate with commas, e.g. returning customer, young family; at most 12
field-pref-colour = Preferred colour
field-pref-configuration = Preferred configuration
field-pref-contact-time = Best time to call
contact-time-any = Any time
contact-time-morning = Morning
contact-time-midday = Midday
contact-time-afternoon = Afternoon
contact-time-evening = Evening
contact-time-weekend = Weekends
customer-consent = Marketing consent
customer-consent-agree = The customer agrees to receive marketing messages (events, new models, offers)
field-marketing-consent = Marketing consent
help-marketing-consent = Records how and when the customer agreed; untick to withdraw. Service messages (orders, contracts, delivery) are not affected.
field-consent-source = Given by
consent-source-in_store = Signed in the store
consent-source-phone = Recorded call
consent-source-wechat = WeChat
consent-source-website = Website / lead platform
consent-source-sms = Text reply
consent-given = Agreed
consent-not-given = Not agreed
customer-value-tier = Value tier
value-tier-vip = VIP
value-tier-key = Key customer
value-tier-regular = Regular customer
value-tier-prospect = Prospect
customer-purchases = { $count } { $count ->
    [one] car
   *[other] cars
} bought
customer-anonymised = Anonymised
flash-customer-anonymised = The customer's personal data was erased; orders, contracts and invoices are kept as the law requires.
customer-timeline = Timeline
customer-timeline-empty = No leads, contacts, test drives or orders yet.
timeline-lead = Lead
timeline-contact = Contact
timeline-test_drive = Test drive
timeline-order = Order
timeline-delivery = Delivery
customer-privacy = Personal data rights
help-customer-privacy = For a customer's request to see or erase their data. Both are written to the audit log; erasure cannot be undone, and orders, contracts and invoices are kept as the law requires.
customer-data-export = Export the customer's data
customer-anonymise = Erase personal data (anonymise)
customer-anonymise-confirm = Erase all of this customer's personal data? Name, mobile, ID, notes, tags and driving licences are cleared for good. Orders, contracts and invoices stay.
customer-value-rules = Customer value tiers
help-customer-value-rules = Counted over orders with a signed contract, not cancelled: a tier needs both the cars and the amount, and a higher tier cannot ask less than the one below.
field-min-purchases = At least (cars)
field-min-spend = Spent at least
field-anonymised = Anonymised
field-value-vip-purchases = VIP: at least (cars)
field-value-vip-spend-fen = VIP: spent at least
field-value-key-purchases = Key customer: at least (cars)
field-value-key-spend-fen = Key customer: spent at least
field-value-regular-purchases = Regular customer: at least (cars)
field-value-regular-spend-fen = Regular customer: spent at least
err-contact-time-unknown = Choose a time from the list
err-consent-source-required = Choose how the customer agreed to marketing messages
err-consent-source-unknown = Choose how the customer agreed from the list
err-tags-too-many = At most 12 tags
err-tag-too-long = A tag has at most 20 characters
err-customer-erased = This customer's personal data was erased on their request: no new order or lead; if they come back, create a new profile
err-customer-anonymised = This customer's personal data was erased; the profile cannot be changed
err-customer-order-under-way = The customer has an order under way: erase their data after delivery or cancellation
err-customer-lead-open = The customer has an open lead: close it (ordered or lost) first
err-value-rule-no-purchase = Each tier needs at least 1 car (at most 1000)
err-value-rule-below-lower = A higher tier cannot ask fewer cars or less money than the tier below
err-value-tier-unknown = Unknown value tier
perm-customer_data_export = Export a customer's personal data (on request)
perm-customer_anonymise = Erase a customer's personal data (on request)
audit-customer-data-exported = Exported a customer's personal data
audit-customer-anonymised = Erased a customer's personal data
customer-campaign = Marketing e-mail
help-customer-campaign = Sent only to customers who agreed to marketing messages and left an e-mail address; the others receive nothing. The sending is written to the audit log.
customer-campaign-reach = This selection: { $sent } customers will receive it; { $without_consent } have not agreed, { $without_email } agreed but left no e-mail.
customer-campaign-sent = Sent to { $sent } customers ({ $without_consent } without consent and { $without_email } without an e-mail were left out).
customer-campaign-confirm = Send this marketing e-mail to the customers of this selection who agreed?
customer-campaign-send = Send
field-subject = Subject
field-message = Message
field-sent = Sent
field-without-consent = Without consent
field-without-email = Without e-mail
mail-marketing-subject = { $subject }
mail-marketing-body = Dear { $customer },
    
    { $body }
    
    — { $store }
    To stop these messages, reply "unsubscribe" or call the store.
perm-customer_campaign = Send marketing e-mails to customers who agreed
audit-customer-campaign-sent = Sent a marketing e-mail
