-- KOD I verification (GET /v2/qr/invoice/{nip}/{date}/{hash}): an accepted invoice found by its seller and file hash.
create index invoice_seller_hash on invoice (seller_nip, invoice_hash) where ksef_number is not null;
