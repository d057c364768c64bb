-- A deleted session's sale documents and the occurrences that issued its invoices are found by these
-- (pl.ksefhub.recurring.purge.SessionPurge).
create index sale_document_by_session on sale_document (session_reference_number);
create index recurring_occurrence_by_invoice on recurring_occurrence (invoice_id) where invoice_id is not null;
