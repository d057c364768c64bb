-- Projection of session-service's sessions: what invoice intake needs to accept, decrypt and settle invoices.
create table invoicing_session (
    reference_number            varchar(36)  primary key,
    session_type                varchar(16)  not null,
    context_type                varchar(16)  not null,
    context_value               varchar(64)  not null,
    form_system_code            varchar(32)  not null,
    form_schema_version         varchar(16)  not null,
    form_value                  varchar(16)  not null,
    -- The AES key stays wrapped (RSA-OAEP) at rest; only memory ever holds it unwrapped.
    encrypted_symmetric_key     text         not null,
    initialization_vector       varchar(64)  not null,
    key_valid                   boolean      not null,
    auth_reference_number       varchar(36),
    ksef_token_reference_number varchar(36),
    auth_document_hash          varchar(64),
    invoice_limit               integer      not null,
    -- Number of invoices received so far: the next ordinal number and the limit check, under the row lock.
    invoice_count               integer      not null default 0,
    opened_at                   timestamptz  not null,
    valid_until                 timestamptz  not null,
    closed_at                   timestamptz,
    close_reason                varchar(16),
    -- Set once, in the transaction that enqueues session.invoices-settled.
    settled_at                  timestamptz
);

create table invoice (
    id                           bigserial    primary key,
    reference_number             varchar(36)  not null unique,
    session_reference_number     varchar(36)  not null references invoicing_session (reference_number),
    ordinal_number               integer      not null,
    invoice_hash                 varchar(44)  not null,
    invoice_size                 bigint       not null,
    encrypted_invoice_hash       varchar(44)  not null,
    encrypted_invoice_size       bigint       not null,
    offline_mode                 boolean      not null,
    hash_of_corrected_invoice    varchar(44),
    decryption_failed            boolean      not null,
    invoicing_date               timestamptz  not null,
    status_code                  integer      not null,
    status_description           varchar(256) not null,
    status_details               text,
    status_extensions            text,
    -- Filled when the invoice is processed.
    seller_nip                   varchar(10),
    buyer_nip                    varchar(10),
    invoice_type                 varchar(16),
    invoice_number               varchar(256),
    issue_date                   date,
    invoicing_mode               varchar(8),
    -- Filled on acceptance only.
    invoice_id                   bigint       unique,
    ksef_number                  varchar(36)  unique,
    acquisition_date             timestamptz,
    upo_download_url             text,
    upo_download_url_expiration  timestamptz,
    unique (session_reference_number, ordinal_number)
);

-- The numeric id of an accepted invoice (the KSeF repository's own numbering).
create sequence ksef_invoice_id_seq;

-- The worker's queue: received, not yet processed.
create index invoice_pending on invoice (id) where status_code in (100, 150);
-- Duplicate detection (Podmiot1 NIP, RodzajFaktury, P_2) among accepted invoices, enforced by the database.
create unique index invoice_business_key on invoice (seller_nip, invoice_type, invoice_number)
    where ksef_number is not null;

-- The plaintext XML exactly as sent (served by GET /invoices/ksef/{n}), apart from the status rows it is big.
create table invoice_content (
    invoice_row_id bigint primary key references invoice (id),
    content        bytea  not null
);
