package pl.ksefhub.recurring.saledocument;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.recurring.access.Caller;
import pl.ksefhub.recurring.envelope.ApiRefusal;
import pl.ksefhub.recurring.saledocument.SaleDocumentApi.SaleDocumentList;
import pl.ksefhub.recurring.saledocument.SaleDocumentApi.SaleDocumentParams;
import pl.ksefhub.recurring.saledocument.SaleDocumentApi.SaleDocumentView;

/** The queries behind {@code /api/sale-documents}, each in a session of its own. */
@ApplicationScoped
public class SaleDocumentQueries {

    private final SaleDocumentRepository saleDocuments;

    public SaleDocumentQueries(SaleDocumentRepository saleDocuments) {
        this.saleDocuments = saleDocuments;
    }

    @WithSession
    public Uni<SaleDocumentList> list(Caller caller, String ksefNumber, String invoiceNumber, int page, int size) {
        StringBuilder where = new StringBuilder("contextType = :contextType and contextValue = :contextValue");
        Parameters parameters = Parameters.with("contextType", caller.contextType())
                .and("contextValue", caller.contextValue());
        if (ksefNumber != null && !ksefNumber.isBlank()) {
            where.append(" and ksefNumber = :ksefNumber");
            parameters.and("ksefNumber", ksefNumber.trim());
        }
        if (invoiceNumber != null && !invoiceNumber.isBlank()) {
            where.append(" and invoiceNumber = :invoiceNumber");
            parameters.and("invoiceNumber", invoiceNumber.trim());
        }
        String query = where.toString();
        return saleDocuments.count(query, parameters).chain(total -> saleDocuments
                .find(query, Sort.by("id", Sort.Direction.Descending), parameters)
                .page(Page.of(page - 1, size)).list()
                .map(found -> new SaleDocumentList(
                        new SaleDocumentParams(total, page, size, ksefNumber, invoiceNumber),
                        found.stream().map(SaleDocumentView::of).toList())));
    }

    @WithSession
    public Uni<SaleDocumentView> get(Caller caller, String id) {
        long number;
        try {
            number = Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw new ApiRefusal(SaleDocumentRepository.NOT_FOUND.formatted(id));
        }
        return saleDocuments.findOwned(caller, number).map(SaleDocumentView::of);
    }
}
