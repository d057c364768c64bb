package pl.ksefhub.session.auth.xades;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.crypto.dsig.XMLSignature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where the signed {@code AuthTokenRequest} is in what was received, in the two forms auth/podpis-xades.md accepts:
 * <ul>
 *     <li><b>enveloped</b> (otaczany): the request is the document, the signature one of its children;</li>
 *     <li><b>enveloping</b> (otaczający): the document is the signature, the request the content of one of its
 *     {@code ds:Object}s, as XML or base64-encoded (EU DSS encodes it unless told to embed the XML).</li>
 * </ul>
 * A signature that is neither (detached, zewnętrzny) is refused: the request would not be in the document.
 *
 * @param received the document as received
 * @param request  the AuthTokenRequest: {@code received} itself when enveloped, else a document of its own
 * @param object   the {@code ds:Object} holding the request when enveloping, else null
 * @param base64   whether that object holds it base64-encoded
 */
public record SignedRequest(Document received, Document request, Element object, boolean base64) {

    public boolean enveloping() {
        return object != null;
    }

    /**
     * @throws pl.ksefhub.platform.error.KsefException 9101 for a signature as the document that envelops no
     *                                                 request; 21001, 21217 for an unreadable encoded request
     */
    public static SignedRequest of(Document received) {
        Element root = received.getDocumentElement();
        if (!isSignature(root)) {
            return new SignedRequest(received, received, null, false);
        }
        List<SignedRequest> found = new ArrayList<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element object && XMLSignature.XMLNS.equals(object.getNamespaceURI())
                    && "Object".equals(object.getLocalName())) {
                SignedRequest request = inObject(received, object);
                if (request != null) {
                    found.add(request);
                }
            }
        }
        if (found.size() != 1) {
            throw XadesErrors.invalidDocument(found.isEmpty()
                    ? "Podpis zewnętrzny (detached) nie jest akceptowany: podpis otaczający musi zawierać"
                    + " AuthTokenRequest w elemencie Object."
                    : "Podpis otaczający zawiera więcej niż jeden dokument AuthTokenRequest.");
        }
        return found.get(0);
    }

    static boolean isSignature(Node node) {
        return node instanceof Element element && XMLSignature.XMLNS.equals(element.getNamespaceURI())
                && "Signature".equals(element.getLocalName());
    }

    /** The request in this object, or null when it holds something else (such as the XAdES properties). */
    private static SignedRequest inObject(Document received, Element object) {
        List<Element> elements = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node child = object.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(child.getNodeValue());
            }
        }
        if (elements.size() == 1 && AuthTokenRequestDocument.ROOT.equals(elements.get(0).getLocalName())) {
            if (!text.toString().isBlank()) {
                throw XadesErrors.invalidDocument("Element Object z AuthTokenRequest zawiera dodatkowy tekst.");
            }
            Document request = AuthTokenRequestDocument.newDocument();
            request.appendChild(request.importNode(elements.get(0), true));
            return new SignedRequest(received, request, object, false);
        }
        if (!elements.isEmpty() || text.toString().isBlank()) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(text.toString().trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        Document request = AuthTokenRequestDocument.parse(decoded);
        Element requestRoot = request.getDocumentElement();
        if (!AuthTokenRequestDocument.ROOT.equals(requestRoot.getLocalName())) {
            return null;
        }
        return new SignedRequest(received, request, object, true);
    }
}
