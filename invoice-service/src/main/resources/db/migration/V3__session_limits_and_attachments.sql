-- The context's limits as session-service announced them in session.opened (null: an older event without them,
-- the service's configured defaults apply) and whether the context may send invoices with attachments.
alter table invoicing_session add column max_invoice_size bigint;
alter table invoicing_session add column max_invoice_with_attachment_size bigint;
alter table invoicing_session add column attachments_allowed boolean;
