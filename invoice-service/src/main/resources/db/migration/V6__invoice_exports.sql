-- Asynchronous invoice exports (POST /invoices/exports): the request, its progress and the finished package.
create table invoice_export (
    reference_number            varchar(36)  primary key,
    context_type                varchar(16)  not null,
    context_value               varchar(64)  not null,
    -- The request's InvoiceQueryFilters as sent (JSON), re-validated by the worker with created_at as "now".
    filters                     text         not null,
    only_metadata               boolean      not null,
    -- The client's AES key stays wrapped (RSA-OAEP with our SymmetricKeyEncryption key) at rest.
    encrypted_symmetric_key     text         not null,
    initialization_vector       varchar(64)  not null,
    -- The range's end as resolved at the request (to, now, or cut to the HWM), and the HWM then.
    range_to                    timestamptz  not null,
    permanent_storage_hwm_date  timestamptz,
    status_code                 integer      not null,
    status_description          varchar(256) not null,
    status_details              text,
    created_at                  timestamptz  not null,
    claimed_at                  timestamptz,
    completed_at                timestamptz,
    expires_at                  timestamptz,
    invoice_count               integer,
    package_size                bigint,
    truncated                   boolean,
    last_issue_date             date,
    last_invoicing_date         timestamptz,
    last_permanent_storage_date timestamptz
);
create index invoice_export_pending on invoice_export (created_at) where status_code = 100;
create index invoice_export_context on invoice_export (context_type, context_value) where status_code = 100;

create table invoice_export_part (
    export_reference_number varchar(36)  not null references invoice_export (reference_number),
    ordinal_number          integer      not null,
    part_name               varchar(100) not null,
    part_size               bigint       not null,
    part_hash               varchar(44)  not null,
    encrypted_part_size     bigint       not null,
    encrypted_part_hash     varchar(44)  not null,
    primary key (export_reference_number, ordinal_number)
);
