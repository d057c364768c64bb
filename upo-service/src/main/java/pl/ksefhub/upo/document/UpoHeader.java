package pl.ksefhub.upo.document;

/**
 * What every UPO of a session repeats before its documents: the session, the context and how the sender
 * authenticated ({@code Uwierzytelnienie}), and the form code of the invoices.
 *
 * @param contextType              {@code Nip}, {@code InternalId}, {@code NipVatUe} or {@code PeppolId}
 * @param ksefTokenReferenceNumber set when the session was opened with a KSeF token
 * @param authDocumentHash         SHA-256 (base64) of the signed XAdES auth document otherwise
 * @param formSystemCode           e.g. {@code FA (3)}
 * @param formSchemaVersion        e.g. {@code 1-0E}
 */
public record UpoHeader(String sessionReferenceNumber,
                        String contextType,
                        String contextValue,
                        String ksefTokenReferenceNumber,
                        String authDocumentHash,
                        String formSystemCode,
                        String formSchemaVersion) {

    /** {@code NazwaStrukturyLogicznej}: the XSD file name of the form, e.g. {@code Schemat_FA(3)_v1-0E.xsd}. */
    public String logicalStructureName() {
        return "Schemat_" + formSystemCode.replace(" ", "") + "_v" + formSchemaVersion + ".xsd";
    }
}
