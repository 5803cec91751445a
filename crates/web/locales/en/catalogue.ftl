# Catalogue

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
