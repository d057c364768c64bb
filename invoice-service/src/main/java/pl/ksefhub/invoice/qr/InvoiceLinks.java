package pl.ksefhub.invoice.qr;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.identifiers.Identifiers;
import pl.ksefhub.platform.qr.VerificationPage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a KOD I link against the accepted invoices: the seller's NIP and the hash of the invoice file find it (the
 * hash alone names the exact bytes), and the issue date (P_1) printed in the link must be the invoice's.
 */
@ApplicationScoped
public class InvoiceLinks {

    /** The link's date format, DD-MM-RRRR. */
    static final DateTimeFormatter LINK_DATE = DateTimeFormatter.ofPattern("dd-MM-uuuu");

    private static final String FIND = """
            select ksef_number, invoice_number, issue_date, seller_name, gross_amount, currency, invoicing_mode
            from invoice
            where seller_nip = :nip and invoice_hash = :hash and ksef_number is not null
            order by id limit 1
            """;

    /**
     * @param verified  true when the invoice is in KSeF and the link's data are its own
     * @param problems  why not, in the words of the page a scanning user reads
     */
    public record Verification(boolean verified, String ksefNumber, String invoiceNumber, LocalDate issueDate,
                               String sellerNip, String sellerName, BigDecimal grossAmount, String currency,
                               String invoicingMode, String invoiceHash, List<String> problems) {

        /** The page a scanned KOD I opens, worded as the Ministry's. */
        public VerificationPage page() {
            boolean held = ksefNumber != null;
            List<VerificationPage.Check> checks = new ArrayList<>();
            checks.add(new VerificationPage.Check(held, "Faktura znajduje się w KSeF",
                    "Faktura nie została znaleziona w KSeF"));
            if (held) {
                checks.add(new VerificationPage.Check(verified, "Dane w linku są zgodne z fakturą",
                        "Dane w linku nie są zgodne z fakturą"));
            }
            List<VerificationPage.Detail> details = new ArrayList<>(List.of(
                    new VerificationPage.Detail("Numer KSeF", ksefNumber),
                    new VerificationPage.Detail("Numer faktury", invoiceNumber),
                    new VerificationPage.Detail("Data wystawienia", issueDate),
                    new VerificationPage.Detail("NIP sprzedawcy", sellerNip),
                    new VerificationPage.Detail("Sprzedawca", sellerName),
                    new VerificationPage.Detail("Kwota brutto", grossAmount == null ? null
                            : grossAmount.toPlainString() + (currency == null ? "" : " " + currency)),
                    new VerificationPage.Detail("Tryb wystawienia", invoicingMode),
                    new VerificationPage.Detail("Skrót SHA-256 faktury", invoiceHash)));
            problems.forEach(problem -> details.add(new VerificationPage.Detail("Uwaga", problem)));
            return new VerificationPage("Weryfikacja faktury", checks, details);
        }
    }

    public Uni<Verification> verify(String sellerNip, String issueDate, String invoiceHash) {
        List<String> problems = new ArrayList<>();
        LocalDate date = date(issueDate, problems);
        String hash = hash(invoiceHash, problems);
        if (!Identifiers.NIP.matcher(sellerNip).matches()) {
            problems.add("NIP sprzedawcy jest nieprawidłowy.");
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().item(unverified(sellerNip, invoiceHash, problems));
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery(FIND, Object[].class)
                        .setParameter("nip", sellerNip).setParameter("hash", hash).getResultList()))
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return unverified(sellerNip, invoiceHash,
                                List.of("Faktura o podanych danych nie znajduje się w KSeF."));
                    }
                    Object[] row = rows.get(0);
                    LocalDate issued = localDate(row[2]);
                    List<String> mismatch = date.equals(issued) ? List.of()
                            : List.of("Data wystawienia w linku nie jest datą wystawienia faktury.");
                    return new Verification(mismatch.isEmpty(), (String) row[0], (String) row[1], issued,
                            sellerNip, (String) row[3], (BigDecimal) row[4], (String) row[5], (String) row[6],
                            invoiceHash, mismatch);
                });
    }

    /** A native query's date column, as whichever type the driver hands over. */
    private static LocalDate localDate(Object value) {
        if (value instanceof java.sql.Date sql) {
            return sql.toLocalDate();
        }
        return (LocalDate) value;
    }

    private static Verification unverified(String sellerNip, String invoiceHash, List<String> problems) {
        return new Verification(false, null, null, null, sellerNip, null, null, null, null, invoiceHash,
                List.copyOf(problems));
    }

    private static LocalDate date(String value, List<String> problems) {
        try {
            return LocalDate.parse(value, LINK_DATE);
        } catch (DateTimeParseException e) {
            problems.add("Data wystawienia nie jest w formacie DD-MM-RRRR.");
            return null;
        }
    }

    /** The link's Base64URL SHA-256 as the stored (standard Base64) hash; null when it is not 32 bytes. */
    private static String hash(String value, List<String> problems) {
        try {
            byte[] digest = Base64.getUrlDecoder().decode(value);
            if (digest.length == 32) {
                return Base64.getEncoder().encodeToString(digest);
            }
        } catch (IllegalArgumentException e) {
            // Reported below.
        }
        problems.add("Skrót faktury nie jest skrótem SHA-256 w formacie Base64URL.");
        return null;
    }
}
