-- Event sessions (upstream submissions over Kafka) carry no AES key: their invoices arrive as plaintext events.
alter table invoicing_session alter column encrypted_symmetric_key drop not null;
alter table invoicing_session alter column initialization_vector drop not null;

-- The sender's id of a submission: one invoice per correlation id, however often the event is delivered.
alter table invoice add column correlation_id varchar(256);
create unique index invoice_correlation_id on invoice (correlation_id) where correlation_id is not null;
-- Template lookups: the accepted invoice by its numeric id.
create index invoice_seller_number on invoice (seller_nip, invoice_number);
