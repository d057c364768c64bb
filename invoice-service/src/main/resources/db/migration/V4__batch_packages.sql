-- Batch sessions (sesja-wsadowa.md): the declared package, its parts as uploaded, and how far its processing got.
alter table invoicing_session add column batch_file_size bigint;
alter table invoicing_session add column batch_file_hash varchar(44);
alter table invoicing_session add column compression_type varchar(8);
alter table invoicing_session add column offline_mode boolean not null default false;
alter table invoicing_session add column upload_deadline timestamptz;
-- null for online and event sessions; batch: awaiting (parts may come) -> pending (closed, to process) ->
-- unpacked (its invoices are rows, processed as any) | rejected (405/415/420/430/435/440) | cancelled (timed out).
alter table invoicing_session add column package_state varchar(16);
-- Files of the archive already stored as invoices: a restart resumes after them, never numbers one twice.
alter table invoicing_session add column package_unpacked integer not null default 0;
-- A worker's claim on a pending package; an old claim (the worker died) may be taken over.
alter table invoicing_session add column package_claimed_at timestamptz;
create index invoicing_session_package_pending on invoicing_session (reference_number)
    where package_state = 'pending';

create table batch_part (
    session_reference_number varchar(36) not null references invoicing_session (reference_number),
    ordinal_number           integer     not null,
    declared_size            bigint      not null,
    declared_hash            varchar(44) not null,
    -- hex SHA-256 of the secret in the part's upload URL (session.opened); the secret itself is never stored.
    upload_token_hash        varchar(64) not null,
    uploaded_size            bigint,
    uploaded_hash            varchar(44),
    uploaded_at              timestamptz,
    primary key (session_reference_number, ordinal_number)
);

-- The file of the batch archive an invoice came from (invoiceFileName of the invoice status).
alter table invoice add column invoice_file_name varchar(512);
