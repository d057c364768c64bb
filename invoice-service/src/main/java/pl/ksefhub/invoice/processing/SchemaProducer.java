package pl.ksefhub.invoice.processing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One set of compiled schemas per application. */
public class SchemaProducer {

    @Produces
    @Singleton
    InvoiceSchemas invoiceSchemas() {
        return new InvoiceSchemas();
    }
}
