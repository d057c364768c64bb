-- Batch sessions (sesja-wsadowa.md): the declared package and its parts. Parts are uploaded to invoice-service;
-- its batch.part-uploaded events tell what arrived, which the close checks (21205, 21157).
alter table ksef_session add column offline_mode boolean not null default false;
-- End of the part upload window: 20 minutes per declared part from the open.
alter table ksef_session add column upload_deadline timestamptz;

create table batch_part (
    session_reference_number varchar(36) not null references ksef_session (reference_number),
    ordinal_number           int         not null,
    declared_size            bigint      not null,
    declared_hash            varchar(44) not null,
    uploaded_size            bigint,
    uploaded_hash            varchar(44),
    uploaded_at              timestamptz,
    primary key (session_reference_number, ordinal_number)
);
