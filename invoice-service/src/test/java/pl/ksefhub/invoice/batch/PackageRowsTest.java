package pl.ksefhub.invoice.batch;

import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.store.InvoiceContent;
import pl.ksefhub.invoice.store.InvoiceStatus;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a chunk's XML is cut into content statements: bounded in bytes, in file order, none for refused files. */
class PackageRowsTest {

    private static final int MB = 1024 * 1024;

    @Test
    void smallFilesGoInOneStatementInFileOrder() {
        List<Invoice> invoices = invoices(500, -1);
        List<byte[]> contents = contents(500, 1_500);

        List<List<InvoiceContent>> statements = PackageRows.contentStatements(invoices, contents);

        assertEquals(1, statements.size());
        assertEquals(500, statements.get(0).size());
        for (int i = 0; i < 500; i++) {
            assertEquals(invoices.get(i).id, statements.get(0).get(i).invoiceRowId);
            assertEquals(contents.get(i), statements.get(0).get(i).content);
        }
    }

    @Test
    void largeFilesAreCutIntoStatementsOfAtMostFourMegabytes() {
        // 500 files of 175 kB: 87 MB in all, one statement of it would not fit a service's heap several times.
        List<Invoice> invoices = invoices(500, -1);
        List<List<InvoiceContent>> statements = PackageRows.contentStatements(invoices, contents(500, 175_000));

        assertTrue(statements.size() >= 21, "statements: " + statements.size());
        List<Long> ids = new ArrayList<>();
        for (List<InvoiceContent> statement : statements) {
            long bytes = statement.stream().mapToLong(c -> c.content.length).sum();
            assertTrue(bytes <= 4L * MB, bytes + " bytes in one statement");
            statement.forEach(c -> ids.add(c.invoiceRowId));
        }
        assertEquals(invoices.stream().map(i -> i.id).toList(), ids, "every file once, in order");
    }

    @Test
    void aFileLargerThanTheBoundGoesAloneAndARefusedFileNotAtAll() {
        List<Invoice> invoices = invoices(3, 1);
        List<byte[]> contents = List.of(new byte[10], new byte[6 * MB], new byte[5 * MB]);

        List<List<InvoiceContent>> statements = PackageRows.contentStatements(invoices, contents);

        // The second file was refused as too large (final, 430): no content row. The third, over the bound
        // alone, is one statement of its own.
        assertEquals(2, statements.size());
        assertEquals(List.of(invoices.get(0).id), statements.get(0).stream().map(c -> c.invoiceRowId).toList());
        assertEquals(List.of(invoices.get(2).id), statements.get(1).stream().map(c -> c.invoiceRowId).toList());
    }

    private static List<Invoice> invoices(int count, int refused) {
        List<Invoice> invoices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Invoice invoice = new Invoice();
            invoice.id = 1000L + i;
            invoice.setStatus(i == refused ? InvoiceStatus.FILE_VERIFICATION_FAILED : InvoiceStatus.RECEIVED);
            invoices.add(invoice);
        }
        return invoices;
    }

    private static List<byte[]> contents(int count, int size) {
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            contents.add(new byte[size]);
        }
        return contents;
    }
}
