-- Permissions of certificate subjects (XAdES authentication) in contexts: who may act for a NIP, an internal id or
-- a NIP-VAT UE pair, and with which permissions. In test mode a subject whose NIP is the context's is recorded as
-- its owner on first use.
create table xades_context_grant (
    context_type  varchar(16)  not null,
    context_value varchar(64)  not null,
    -- Nip, Pesel or Fingerprint (upper-case hex SHA-256 of the certificate).
    subject_type  varchar(16)  not null,
    subject_value varchar(64)  not null,
    -- Comma-separated permission names.
    permissions   text         not null,
    created_at    timestamptz  not null,
    primary key (context_type, context_value, subject_type, subject_value)
);
