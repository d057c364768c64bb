-- The metadata of accepted invoices as InvoiceMetadata (POST /invoices/query/metadata) names it, read from the XML
-- when the invoice is processed. Invoices accepted before this migration have metadata_read = false and are read
-- again from their stored XML by MetadataBackfill at startup.
alter table invoice add column metadata_read boolean not null default false;
alter table invoice add column seller_name varchar(512);
-- BuyerIdentifierType: Nip, VatUe, Other, None.
alter table invoice add column buyer_identifier_type varchar(8);
alter table invoice add column buyer_identifier_value varchar(50);
alter table invoice add column buyer_name varchar(512);
alter table invoice add column currency varchar(3);
alter table invoice add column net_amount numeric(18, 2);
alter table invoice add column vat_amount numeric(18, 2);
alter table invoice add column gross_amount numeric(18, 2);
alter table invoice add column self_invoicing boolean not null default false;
alter table invoice add column has_attachment boolean not null default false;
-- The session's form code, copied: the query filters on it without a join.
alter table invoice add column form_system_code varchar(32);
alter table invoice add column form_schema_version varchar(16);
alter table invoice add column form_value varchar(16);
-- PodmiotUpowazniony (SubjectAuthorized).
alter table invoice add column authorized_nip varchar(10);
alter table invoice add column authorized_name varchar(512);
alter table invoice add column authorized_role integer;
-- Set in the accepting transaction from storage_mark (see there): the invoice is stored for good when its KSeF
-- number is committed, so permanent storage = acquisition.
alter table invoice add column permanent_storage_date timestamptz;

update invoice i set permanent_storage_date = i.acquisition_date,
                     form_system_code = s.form_system_code,
                     form_schema_version = s.form_schema_version,
                     form_value = s.form_value
from invoicing_session s
where s.reference_number = i.session_reference_number and i.ksef_number is not null;
update invoice set buyer_identifier_type = 'Nip', buyer_identifier_value = buyer_nip
where ksef_number is not null and buyer_nip is not null;

-- Podmiot3 of an invoice, in document order. ThirdSubjectIdentifierType: Nip, InternalId, VatUe, Other, None.
create table invoice_third_subject (
    invoice_row_id   bigint       not null references invoice (id),
    ordinal_number   integer      not null,
    identifier_type  varchar(10)  not null,
    identifier_value varchar(50),
    name             varchar(512),
    role             integer      not null,
    primary key (invoice_row_id, ordinal_number)
);
create index invoice_third_subject_identifier on invoice_third_subject (identifier_value, identifier_type);

-- The High Water Mark of permanent storage (hwm.md). Every transaction that accepts invoices takes this row's lock
-- and stamps its invoices with a moment after the mark, then moves the mark there; the lock is held to the commit,
-- so a committed mark is a moment up to which no invoice can still appear, whatever the number of writers.
create table storage_mark (
    id    integer     primary key check (id = 1),
    stamp timestamptz not null
);
insert into storage_mark (id, stamp)
values (1, coalesce((select max(acquisition_date) from invoice), timestamptz '2000-01-01 00:00:00+00'));

-- The metadata query: the subject's column, the date of the range, the row id (order and paging), accepted only.
create index invoice_seller_permanent_storage on invoice (seller_nip, permanent_storage_date, id)
    where ksef_number is not null;
create index invoice_seller_invoicing on invoice (seller_nip, invoicing_date, id) where ksef_number is not null;
create index invoice_seller_issue on invoice (seller_nip, issue_date, id) where ksef_number is not null;
create index invoice_buyer_permanent_storage on invoice (buyer_identifier_value, permanent_storage_date, id)
    where ksef_number is not null;
create index invoice_buyer_invoicing on invoice (buyer_identifier_value, invoicing_date, id)
    where ksef_number is not null;
create index invoice_buyer_issue on invoice (buyer_identifier_value, issue_date, id) where ksef_number is not null;
create index invoice_authorized on invoice (authorized_nip, permanent_storage_date, id)
    where ksef_number is not null and authorized_nip is not null;
-- Invoices still to be read by MetadataBackfill.
create index invoice_metadata_unread on invoice (id) where ksef_number is not null and not metadata_read;
