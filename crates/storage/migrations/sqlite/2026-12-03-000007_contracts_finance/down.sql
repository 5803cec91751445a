DROP TABLE invoices;
DROP TABLE refunds;
DROP TABLE payments;
DROP TABLE receipt_sequences;
DROP TABLE loan_products;
DROP TABLE signing_codes;
DROP TABLE contracts;
DROP TABLE contract_templates;
