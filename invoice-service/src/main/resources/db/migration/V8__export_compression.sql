-- POST /invoices/exports compressionType (KSeF 2.6.0): Zip, the default, or TarGz. Exports made before were Zip.
alter table invoice_export add column compression_type varchar(8) not null default 'Zip';
