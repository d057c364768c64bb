-- KSeF certificates (certyfikaty-KSeF.md), issued by this installation's own CA (pl.ksefhub.session.certificates).

-- Enrollment data is read from the certificate that signed the XAdES login: the login keeps it, and the kind of
-- identifier (Nip, Pesel, Fingerprint, PeppolId) that its subject is.
alter table auth_operation add column subject_type text;
alter table auth_operation add column signing_certificate text;

-- A certificate request (EH reference number); its status is kept 30 days.
create table certificate_enrollment (
    reference_number          text primary key,
    subject_type              text        not null,
    subject_value             text        not null,
    certificate_name          text        not null,
    certificate_type          text        not null,
    requested_at              timestamptz not null,
    status_code               integer     not null,
    status_description        text        not null,
    status_details            text,
    certificate_serial_number text
);
create index certificate_enrollment_subject on certificate_enrollment (subject_value, requested_at);

-- An issued KSeF certificate; status Active or Revoked (Expired is computed from valid_to when read).
create table ksef_certificate (
    serial_number     text primary key,
    subject_type      text        not null,
    subject_value     text        not null,
    name              text        not null,
    type              text        not null,
    common_name       text        not null,
    status            text        not null,
    valid_from        timestamptz not null,
    valid_to          timestamptz not null,
    requested_at      timestamptz not null,
    last_use_date     timestamptz,
    revoked_at        timestamptz,
    revocation_reason text,
    -- base64 SHA-256 of the SubjectPublicKeyInfo: one key is certified for one subject only
    public_key_hash   text        not null,
    -- base64 DER
    certificate       text        not null
);
create index ksef_certificate_subject on ksef_certificate (subject_value, requested_at desc);
create index ksef_certificate_public_key on ksef_certificate (public_key_hash);
