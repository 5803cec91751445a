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
