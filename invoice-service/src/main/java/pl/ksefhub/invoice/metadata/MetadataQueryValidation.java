package pl.ksefhub.invoice.metadata;

import pl.ksefhub.invoice.processing.KsefNumbers;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.identifiers.Identifiers;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a metadata query the way KSeF's (FluentValidation) validator does and reports every problem at once as
 * 21405, in its English texts (the official SDK asserts {@code 'pageSize' must be between 10 and 250. You entered
 * 5.}).
 */
final class MetadataQueryValidation {

    static final int MIN_PAGE_SIZE = 10;
    static final int MAX_PAGE_SIZE = 250;
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final Pattern NIP = Identifiers.NIP;
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    private final List<String> problems = new ArrayList<>();

    private MetadataQueryValidation() {
    }

    static MetadataQuery validate(InvoiceQueryFilters filters, String pageOffsetParameter, String pageSizeParameter,
                                  String sortOrderParameter, OffsetDateTime now) {
        return new MetadataQueryValidation().check(filters, pageOffsetParameter, pageSizeParameter,
                sortOrderParameter, now);
    }

    private MetadataQuery check(InvoiceQueryFilters filters, String pageOffsetParameter, String pageSizeParameter,
                                String sortOrderParameter, OffsetDateTime now) {
        Integer pageSize = integer("pageSize", pageSizeParameter, 10);
        if (pageSize != null && (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE)) {
            problems.add("'pageSize' must be between " + MIN_PAGE_SIZE + " and " + MAX_PAGE_SIZE + ". You entered "
                    + pageSize + ".");
        }
        Integer pageOffset = integer("pageOffset", pageOffsetParameter, 0);
        if (pageOffset != null && pageOffset < 0) {
            problems.add("'pageOffset' must be greater than or equal to '0'.");
        }
        String sortOrder = sortOrderParameter == null || sortOrderParameter.isBlank() ? "Asc"
                : sortOrderParameter.trim();
        if (!sortOrder.equals("Asc") && !sortOrder.equals("Desc")) {
            problems.add("'sortOrder' has a range of values which does not include '" + sortOrder + "'.");
        }
        if (filters == null) {
            problems.add("'subjectType' must not be empty.");
            problems.add("'dateRange' must not be empty.");
            throw failure();
        }
        MetadataQuery.SubjectType subjectType = required("subjectType", filters.subjectType(),
                MetadataQuery.SubjectType.class);
        MetadataQuery.DateType dateType = null;
        OffsetDateTime from = null;
        OffsetDateTime to = null;
        boolean restrict = false;
        InvoiceQueryFilters.DateRange range = filters.dateRange();
        if (range == null) {
            problems.add("'dateRange' must not be empty.");
        } else {
            dateType = required("dateRange.dateType", range.dateType(), MetadataQuery.DateType.class);
            if (range.from() == null || range.from().isBlank()) {
                problems.add("'dateRange.from' must not be empty.");
            } else {
                from = dateTime("dateRange.from", range.from());
            }
            boolean openEnded = range.to() == null || range.to().isBlank();
            to = openEnded ? now : dateTime("dateRange.to", range.to());
            // An open range ends now; one starting later is empty (or, restricted to the HWM, 21183), not invalid.
            if (from != null && to != null && !openEnded) {
                if (to.isBefore(from)) {
                    problems.add("'dateRange.to' must be greater than or equal to 'dateRange.from'.");
                } else if (exceedsThreeMonths(from, to)) {
                    problems.add("'dateRange' must not exceed 3 months.");
                }
            }
            restrict = Boolean.TRUE.equals(range.restrictToPermanentStorageHwmDate())
                    && dateType == MetadataQuery.DateType.PermanentStorage;
        }
        if (filters.ksefNumber() != null && !KsefNumbers.FORMAT.matcher(filters.ksefNumber()).matches()) {
            problems.add("'ksefNumber' is not in the correct format.");
        }
        maxLength("invoiceNumber", filters.invoiceNumber(), 256);
        MetadataQuery.AmountType amountType = null;
        BigDecimal amountFrom = null;
        BigDecimal amountTo = null;
        if (filters.amount() != null) {
            amountType = required("amount.type", filters.amount().type(), MetadataQuery.AmountType.class);
            amountFrom = filters.amount().from();
            amountTo = filters.amount().to();
            if (amountFrom != null && amountTo != null && amountTo.compareTo(amountFrom) < 0) {
                problems.add("'amount.to' must be greater than or equal to 'amount.from'.");
            }
        }
        if (filters.sellerNip() != null && !NIP.matcher(filters.sellerNip()).matches()) {
            problems.add("'sellerNip' is not in the correct format.");
        }
        String buyerType = null;
        String buyerValue = null;
        if (filters.buyerIdentifier() != null) {
            buyerType = oneOf("buyerIdentifier.type", filters.buyerIdentifier().type(),
                    List.of("Nip", "VatUe", "Other", "None"), true);
            buyerValue = filters.buyerIdentifier().value();
            maxLength("buyerIdentifier.value", buyerValue, 50);
            if ("Nip".equals(buyerType) && buyerValue != null && !NIP.matcher(buyerValue).matches()) {
                problems.add("'buyerIdentifier.value' is not in the correct format.");
            }
        }
        List<String> currencies = filters.currencyCodes() == null ? List.of() : filters.currencyCodes();
        for (String currency : currencies) {
            if (currency == null || !CURRENCY.matcher(currency).matches()) {
                problems.add("'currencyCodes' has a range of values which does not include '" + currency + "'.");
            }
        }
        String invoicingMode = oneOf("invoicingMode", filters.invoicingMode(), List.of("Online", "Offline"), false);
        String formType = oneOf("formType", filters.formType(), List.of("FA", "PEF", "FA_RR"), false);
        List<String> invoiceTypes = new ArrayList<>();
        for (String type : filters.invoiceTypes() == null ? List.<String>of() : filters.invoiceTypes()) {
            if (oneOf("invoiceTypes", type, InvoiceTypes.SPEC_NAMES, true) != null) {
                invoiceTypes.add(InvoiceTypes.rodzajFaktury(type));
            }
        }
        if (!problems.isEmpty()) {
            throw failure();
        }
        return new MetadataQuery(subjectType, dateType, from, to, restrict, filters.ksefNumber(),
                filters.invoiceNumber(), amountType, amountFrom, amountTo, filters.sellerNip(), buyerType,
                buyerValue, currencies, invoicingMode, filters.isSelfInvoicing(), formValues(formType),
                invoiceTypes, filters.hasAttachment(), sortOrder.equals("Desc"), pageOffset, pageSize);
    }

    /**
     * The spec: at most 3 months "w strefie UTC lub w strefie Europe/Warsaw" — a range is fine when it fits into
     * three calendar months in either time zone (a range across a DST change would otherwise be off by an hour).
     */
    static boolean exceedsThreeMonths(OffsetDateTime from, OffsetDateTime to) {
        boolean fitsUtc = !to.withOffsetSameInstant(ZoneOffset.UTC)
                .isAfter(from.withOffsetSameInstant(ZoneOffset.UTC).plusMonths(3));
        boolean fitsWarsaw = !to.atZoneSameInstant(WARSAW).isAfter(from.atZoneSameInstant(WARSAW).plusMonths(3));
        return !fitsUtc && !fitsWarsaw;
    }

    /** The session form values ({@code FormCode.value}) a {@code formType} stands for. */
    private static List<String> formValues(String formType) {
        if (formType == null) {
            return List.of();
        }
        return switch (formType) {
            case "PEF" -> List.of("PEF", "FA_PEF");
            case "FA_RR" -> List.of("FA_RR", "RR");
            default -> List.of("FA");
        };
    }

    private Integer integer(String name, String parameter, int defaultValue) {
        if (parameter == null || parameter.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(parameter.trim());
        } catch (NumberFormatException e) {
            problems.add("The value '" + parameter + "' is not valid for " + name + ".");
            return null;
        }
    }

    private OffsetDateTime dateTime(String name, String value) {
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException withoutOffset) {
            try {
                // No offset: local time in Poland, as the spec's dateRange says.
                return LocalDateTime.parse(value).atZone(WARSAW).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                problems.add("The value '" + value + "' is not valid for " + name + ".");
                return null;
            }
        }
    }

    private <E extends Enum<E>> E required(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            problems.add("'" + name + "' must not be empty.");
            return null;
        }
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(value)).findFirst()
                .orElseGet(() -> {
                    problems.add("'" + name + "' has a range of values which does not include '" + value + "'.");
                    return null;
                });
    }

    private String oneOf(String name, String value, List<String> allowed, boolean required) {
        if (value == null) {
            if (required) {
                problems.add("'" + name + "' must not be empty.");
            }
            return null;
        }
        if (!allowed.contains(value)) {
            problems.add("'" + name + "' has a range of values which does not include '" + value + "'.");
            return null;
        }
        return value;
    }

    private void maxLength(String name, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add("The length of '" + name + "' must be " + max + " characters or fewer. You entered "
                    + value.length() + " characters.");
        }
    }

    private KsefException failure() {
        return KsefException.validation(problems.toArray(String[]::new));
    }
}
