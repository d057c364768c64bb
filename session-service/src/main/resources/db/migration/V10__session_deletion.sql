-- DELETE /sessions/{ref} (seeds/002): the row stays, marked as being deleted, while invoice-, upo- and
-- recurring-service purge their rows of the session; it collects their confirmations, and the last one deletes it.
alter table ksef_session add column deletion_requested_at timestamptz;
alter table ksef_session add column invoices_purged boolean not null default false;
alter table ksef_session add column upos_purged boolean not null default false;
alter table ksef_session add column sale_documents_purged boolean not null default false;
